// The library API's sync endpoints (Settings → Sync): settings in the catalog, "Sync now", SSE,
// against the real sync server (a child process).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { librarySyncApi, syncEventName, type Page, type SyncStatus, type Track } from '../../contract/index.ts';
import { startRealSyncServer, type RealSyncServer } from '../../sync/testing/realServer.ts';
import { writeTracks } from '../../testing/audio.ts';
import { tempLibrary, type TempLibrary } from '../../testing/temp.ts';
import { errorHandler } from '../../http/errors.ts';
import { syncRoutes } from './sync.ts';

describe('library API: /api/library/sync', () => {
  let lib: TempLibrary;
  let sync: RealSyncServer;
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    lib = tempLibrary();
    await writeTracks(lib.music, [
      { path: 'A/1.mp3', format: 'mp3', tags: { title: 'One', artist: 'Art', album: 'Alb' } },
      { path: 'A/2.ogg', format: 'ogg', tags: { title: 'Two', artist: 'Art', album: 'Alb' } },
    ]);
    await lib.scan();
    sync = await startRealSyncServer();
    const app = express();
    app.use(express.json());
    app.use(syncRoutes({ catalog: lib.catalog, coverDir: lib.coverDir, streams: new Set(), renditionCache: path.join(lib.dir, 'renditions') }));
    app.use(errorHandler);
    server = http.createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000);
  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await sync.close();
    lib.cleanup();
  });

  const call = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(base + p, { method, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json()) as SyncStatus & { error: unknown } };
  };

  it('refuses to run before the server and token are set, and validates the address', async () => {
    expect((await call('GET', librarySyncApi.status())).body).toMatchObject({ server: null, hasToken: false, running: false, last: null });
    const run = await call('POST', librarySyncApi.run());
    expect(run.status).toBe(400);
    expect(run.body.error).toMatchObject({ field: 'server' });
    const bad = await call('PUT', librarySyncApi.status(), { server: 'ftp://x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ field: 'server' });
    expect((await call('PUT', librarySyncApi.status(), { nope: 1 })).status).toBe(400);
  });

  it('stores the settings (never answering the token) and syncs with progress over SSE', async () => {
    const saved = await call('PUT', librarySyncApi.status(), { server: `${sync.url}/`, token: sync.token });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ server: sync.url, hasToken: true });
    expect(JSON.stringify(saved.body)).not.toContain(sync.token);
    expect(lib.catalog.settings.get('sync.token', null)).toBe(sync.token);

    const controller = new AbortController();
    const res = await fetch(base + librarySyncApi.events(), { signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events: SyncStatus[] = [];
    const reading = (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let i: number;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (frame.includes(`event: ${syncEventName}`) && data) events.push(JSON.parse(data) as SyncStatus);
          if (events.length > 1 && events.at(-1)?.running === false) return;
        }
      }
    })();
    const started = await call('POST', librarySyncApi.run());
    expect(started.status).toBe(202);
    expect(started.body.running).toBe(true);
    expect((await call('POST', librarySyncApi.run())).status).toBe(409);
    await reading;
    controller.abort();
    expect(events[0]?.running).toBe(false);
    expect(events.some((e) => e.running && e.progress !== null)).toBe(true);
    const last = events.at(-1);
    expect(last).toMatchObject({ running: false, error: null, last: { tracks: 2, failed: 0 } });
    expect((await sync.get<Page<Track>>('/api/tracks')).total).toBe(2);
    expect((await call('GET', librarySyncApi.status())).body.last).toMatchObject({ tracks: 2, skipped: 0, at: expect.any(Number) });
  }, 60_000);

  it('forgets the token when the server changes without one, so it is never sent to another server', async () => {
    const token = lib.catalog.settings.get<string | null>('sync.token', null);
    expect(token).toBe(sync.token);
    // The same server, spelled with a slash: the token stays.
    expect((await call('PUT', librarySyncApi.status(), { server: `${sync.url}/` })).body).toMatchObject({ server: sync.url, hasToken: true });
    const moved = await call('PUT', librarySyncApi.status(), { server: 'http://127.0.0.1:9' });
    expect(moved.body).toMatchObject({ server: 'http://127.0.0.1:9', hasToken: false });
    expect(lib.catalog.settings.get('sync.token', null)).toBeNull();
    const run = await call('POST', librarySyncApi.run());
    expect(run.status).toBe(400);
    expect(run.body.error).toMatchObject({ field: 'token' });
    // A new server with its token: both kept.
    expect((await call('PUT', librarySyncApi.status(), { server: sync.url, token: sync.token })).body).toMatchObject({ server: sync.url, hasToken: true });
  });

  it('reports a refused token as one sentence', async () => {
    await call('PUT', librarySyncApi.status(), { token: 'wrong' });
    await call('POST', librarySyncApi.run());
    let s: SyncStatus | undefined;
    for (let i = 0; i < 100; i++) {
      s = (await call('GET', librarySyncApi.status())).body;
      if (!s.running) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(s?.error).toMatch(/refused the device token \(401\)/);
  });
});
