// Sync from the library API (Settings → Sync): the server URL and device token (kept in the catalog
// settings; the token is never sent back, and never to another server: changing the server forgets it), "Sync now", and its progress as server-sent events.
// Mounted with one line in app.ts; the work itself is app/sync's sync().
import type { ServerResponse } from 'node:http';
import { Router } from 'express';
import type { Catalog } from '../../catalog/index.ts';
import type { Listening } from '../../library/index.ts';
import { controlRoutes as routes, syncEventName, type SyncRunSummary, type SyncStatus } from '../../contract/index.ts';
import { normaliseServer, SyncError } from '../../sync/api.ts';
import { sync } from '../../sync/client.ts';
import { renditionCacheFor, syncSettingKeys } from '../../sync/paths.ts';
import { createSyncState } from '../../sync/state.ts';
import { HttpError } from '../../http/errors.ts';
import { eventStream } from '../../http/events.ts';
import { mount } from '../../http/mount.ts';

export interface SyncRouteOptions {
  catalog: Catalog;
  coverDir: string;
  /** Open event streams, so the server can end them on close. */
  streams: Set<ServerResponse>;
  /** Where renditions are cached; default beside the catalog file. */
  renditionCache?: string;
  /** The server's listening stores: remote edits and plays pulled by a sync go through them. */
  listening?: Pick<Listening, 'playlists' | 'history'>;
}

export function syncRoutes(options: SyncRouteOptions): Router {
  const { catalog } = options;
  const state = createSyncState(catalog.db);
  const listeners = new Set<(s: SyncStatus) => void>();
  let running: AbortController | null = null;
  let progress: SyncStatus['progress'] = null;
  let error: string | null = null;
  let lastEmit = 0;
  let trailing: NodeJS.Timeout | undefined;

  const server = (): string | null => catalog.settings.get<string | null>(syncSettingKeys.server, null);
  const token = (): string | null => catalog.settings.get<string | null>(syncSettingKeys.token, null);
  const status = (): SyncStatus => {
    const s = server();
    const last = s ? state.lastRun<SyncRunSummary>(s) : null;
    return { server: s, hasToken: Boolean(token()), running: running !== null, progress, last: last ? { ...last.result, at: last.at } : null, error };
  };
  const emit = (force = false) => {
    const now = Date.now();
    clearTimeout(trailing);
    if (!force && now - lastEmit < 100) {
      trailing = setTimeout(() => emit(true), 100);
      return;
    }
    lastEmit = now;
    const s = status();
    for (const l of listeners) l(s);
  };

  const r = Router();
  mount(r, routes.syncStatus, () => status());
  mount(r, routes.saveSync, ({ body: update }) => {
    if (update.server !== undefined) {
      const trimmed = update.server.trim();
      let next: string | null = null;
      if (trimmed !== '') {
        try {
          next = normaliseServer(trimmed);
        } catch (err) {
          throw new HttpError(400, `server: ${(err as Error).message}`, { field: 'server' });
        }
      }
      // A device token is for the server it was given with: pointing the library at another
      // server forgets it (unless a token comes along), so it is never sent anywhere else.
      if (next !== server() && update.token === undefined) catalog.settings.set(syncSettingKeys.token, null);
      catalog.settings.set(syncSettingKeys.server, next);
    }
    if (update.token !== undefined) catalog.settings.set(syncSettingKeys.token, update.token.trim() || null);
    emit(true);
    return status();
  });
  mount(r, routes.runSync, () => {
    if (running) throw new HttpError(409, 'a sync is already running');
    const s = server();
    const t = token();
    if (!s) throw new HttpError(400, 'server: set the sync server address first', { field: 'server' });
    if (!t) throw new HttpError(400, 'token: set the device token first', { field: 'token' });
    const controller = new AbortController();
    running = controller;
    error = null;
    progress = null;
    sync({
      catalog, server: s, token: t, coverDir: options.coverDir,
      renditionCache: options.renditionCache ?? renditionCacheFor(catalog.file),
      signal: controller.signal,
      ...(options.listening ? { listening: { playlists: options.listening.playlists, history: options.listening.history } } : {}),
      onProgress: (p) => {
        progress = p;
        emit();
      },
    }).then(
      () => {
        error = null;
      },
      (err: unknown) => {
        error = err instanceof SyncError ? err.message : `sync stopped: ${(err as Error).message}`;
      },
    ).finally(() => {
      running = null;
      emit(true);
    });
    return status();
  });
  mount(r, routes.syncEvents, (_input, req, res) => {
    eventStream<SyncStatus>(req, res, {
      event: syncEventName,
      current: status(),
      subscribe: (send) => {
        listeners.add(send);
        return () => listeners.delete(send);
      },
      streams: options.streams,
    });
  });
  return r;
}
