// Playlists: the list (sidebar, playlists page), full playlists by id, and every edit.
//
// Edits are serialized per playlist. The store keeps the server's last confirmed state and the
// user's pending intents; what views show is the confirmed state with the pending intents applied
// (an optimistic prediction). Every edit sends the confirmed version; on 409 the answer's `current`
// replaces the confirmed state and the intent is re-based onto it and sent once more (see
// playlistLogic.versionedEdit). Adds carry an idempotency key and are retried with the same key on
// network/5xx failures; they are appends, sent without a version (appends commute), so a retry can
// never turn into a 409-and-re-add duplicate.
import { create } from 'zustand';
import type { Id, Playlist, PlaylistConflict, PlaylistEntry, PlaylistImportResult, PlaylistSummary } from '../../app/contract/index.ts';
import { ApiRequestError } from '../api/client.ts';
import { playlistClient } from '../api/playlists.ts';
import { newKey, withRetry } from '../lib/retry.ts';
import { useDetail, type DetailView } from '../lib/useDetail.ts';
import { useFocusCount } from '../lib/useFocusCount.ts';
import { ConflictError, moveTarget, predict, versionedEdit, type EntryKey, type Intent } from './playlistLogic.ts';
import { toastActions } from './toasts.ts';

interface PlaylistsState {
  summaries: PlaylistSummary[] | null;
  /** What views show: confirmed state + pending intents. */
  shown: Map<Id, Playlist>;
  /** Playlists deleted but still undoable (hidden everywhere). */
  deleting: Id[];
  error: string | null;
  version: number;
}

export const usePlaylists = create<PlaylistsState>(() => ({
  summaries: null,
  shown: new Map(),
  deleting: [],
  error: null,
  version: 0,
}));

const confirmed = new Map<Id, Playlist>();
const pending = new Map<Id, Intent[]>();
const chains = new Map<Id, Promise<unknown>>();

export const UNDO_MS = 6000;
const deleteTimers = new Map<Id, ReturnType<typeof setTimeout>>();

const entryKey = (e: unknown): EntryKey => (e as PlaylistEntry).id;
/** Tracks each add created, by idempotency key (for the toast). */
const addedByKey = new Map<string, number>();

function summaryOf(p: Playlist): PlaylistSummary {
  const { entries: _entries, ...summary } = p;
  return summary;
}

/** Re-renders the shown state of one playlist from confirmed + pending. */
function publish(id: Id): void {
  const base = confirmed.get(id);
  const s = usePlaylists.getState();
  if (!base) return;
  let entries: PlaylistEntry[] = base.entries;
  for (const intent of pending.get(id) ?? []) entries = predict(entries, intent, entryKey);
  const renamed = [...(pending.get(id) ?? [])].reverse().find((i): i is Extract<Intent, { kind: 'rename' }> => i.kind === 'rename');
  const shown: Playlist = {
    ...base,
    ...(renamed ? { name: renamed.name, description: renamed.description } : {}),
    entries: entries.map((e, position) => (e.position === position ? e : { ...e, position })),
  };
  s.shown.set(id, shown);
  const summaries = s.summaries?.map((x) => (x.id === id ? summaryOf(shown) : x)) ?? null;
  usePlaylists.setState({ summaries, version: s.version + 1 });
}

/** The server said this is the playlist now. */
function confirm(p: Playlist): void {
  confirmed.set(p.id, p);
  const s = usePlaylists.getState();
  if (s.summaries && !s.summaries.some((x) => x.id === p.id)) {
    usePlaylists.setState({ summaries: [summaryOf(p), ...s.summaries] });
  }
  publish(p.id);
}

/** The 409 body's current playlist, or null when the error is not a playlist conflict. */
export function conflictOf(err: unknown): Playlist | null {
  if (err instanceof ApiRequestError && err.status === 409) {
    const body = err.body as Partial<PlaylistConflict> | undefined;
    if (body?.current && Array.isArray(body.current.entries)) return body.current;
  }
  return null;
}

/** Turns a 409 ApiRequestError into the ConflictError versionedEdit re-applies on. */
async function asConflict<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    const current = conflictOf(err);
    throw current ? new ConflictError(current, (err as Error).message) : err;
  }
}

/** Sends one intent against a confirmed playlist (its version) and answers the new playlist. */
async function send(intent: Intent, base: Playlist): Promise<Playlist> {
  switch (intent.kind) {
    case 'add': {
      const body = intent.albumIds?.length ? { key: intent.key, albumIds: intent.albumIds } : { key: intent.key, trackIds: intent.trackIds };
      const result = await asConflict(playlistClient.add(base.id, body));
      addedByKey.set(intent.key, result.added);
      return result.playlist;
    }
    case 'remove':
      return asConflict(playlistClient.removeEntries(base.id, { version: base.version, entryIds: intent.entryIds as Id[] }));
    case 'move': {
      // The whole selection in one request: the server applies all of it or nothing.
      const m = moveTarget(base.entries, intent, entryKey);
      if (!m || m.inPlace) return base;
      return asConflict(playlistClient.move(base.id, { version: base.version, entryIds: m.entryIds as Id[], to: m.to }));
    }
    case 'rename':
      return asConflict(playlistClient.update(base.id, { version: base.version, name: intent.name, description: intent.description }));
  }
}

/** Runs `fn` after every earlier edit of the same playlist settled. */
function serialize<T>(id: Id, fn: () => Promise<T>): Promise<T> {
  const prev = chains.get(id) ?? Promise.resolve();
  const next = prev.catch(() => {}).then(fn);
  chains.set(id, next);
  void next.finally(() => {
    if (chains.get(id) === next) chains.delete(id);
  }).catch(() => {});
  return next;
}

function describe(intent: Intent): string {
  switch (intent.kind) {
    case 'add':
      return 'add';
    case 'remove':
      return 'remove';
    case 'move':
      return intent.entryIds.length === 1 ? 'move the track' : `move the ${intent.entryIds.length} tracks`;
    case 'rename':
      return 'rename';
  }
}

/** Applies an intent: optimistic now, sent in order, re-applied once after a 409. */
async function edit(id: Id, intent: Intent): Promise<Playlist | null> {
  if (!confirmed.has(id)) await playlistsActions.load(id);
  const list = pending.get(id) ?? [];
  list.push(intent);
  pending.set(id, list);
  publish(id);
  // Everything, the bookkeeping included, runs inside the per-playlist chain: the next edit starts
  // from the state this one confirmed.
  return serialize(id, async () => {
    try {
      const base = confirmed.get(id);
      if (!base) throw new Error('Playlist not loaded');
      const result = await versionedEdit<Playlist>({
        base,
        intent,
        send,
        entriesOf: (p) => p.entries,
        keyOf: entryKey,
        onConflict: (current) => {
          confirmed.set(id, current);
          publish(id);
        },
        attempts: intent.kind === 'add' ? 4 : 3,
      });
      drop(id, intent);
      confirm(result.state);
      if (result.reapplied) {
        toastActions.show(
          result.dropped
            ? 'The playlist changed elsewhere; your edit was already done there.'
            : 'The playlist changed elsewhere; your edit was re-applied to the newest version.',
        );
      }
      return result.state;
    } catch (err) {
      // Nothing of the edit is shown any more: the list is the server's state — the 409's, else the
      // last one it confirmed at once, then asked for again (the failure may have hidden an answer;
      // a server that does not answer leaves the confirmed state on screen).
      drop(id, intent);
      const current = err instanceof ConflictError ? (err.current as Playlist) : conflictOf(err);
      if (current) confirm(current);
      else publish(id);
      toastActions.error(`Couldn't ${describe(intent)}: ${(err as Error).message}`);
      if (!current) await playlistsActions.load(id).catch(() => undefined);
      return null;
    }
  });
}

/** Drops a playlist from every view (deleted here, or gone on the server). */
function forgetPlaylist(id: Id): void {
  confirmed.delete(id);
  pending.delete(id);
  const s = usePlaylists.getState();
  s.shown.delete(id);
  usePlaylists.setState({
    summaries: s.summaries?.filter((x) => x.id !== id) ?? null,
    deleting: s.deleting.filter((x) => x !== id),
    version: s.version + 1,
  });
}

function drop(id: Id, intent: Intent): void {
  const list = pending.get(id);
  if (!list) return;
  const i = list.indexOf(intent);
  if (i >= 0) list.splice(i, 1);
  if (!list.length) pending.delete(id);
}

export const playlistsActions = {
  async loadList(): Promise<void> {
    try {
      const summaries = await playlistClient.list();
      usePlaylists.setState({ summaries, error: null });
    } catch (err) {
      usePlaylists.setState({ error: (err as Error).message });
    }
  },
  async load(id: Id): Promise<Playlist> {
    const p = await playlistClient.get(id);
    // Don't clobber a newer confirmed state from an edit in flight.
    const known = confirmed.get(id);
    if (!known || known.version <= p.version) confirm(p);
    return confirmed.get(id) ?? p;
  },
  async create(name: string, description = '', trackIds?: Id[]): Promise<Playlist | null> {
    try {
      const p = await playlistClient.create({ name, description, ...(trackIds?.length ? { trackIds } : {}) });
      confirm(p);
      return p;
    } catch (err) {
      toastActions.error(`Couldn't create the playlist: ${(err as Error).message}`);
      return null;
    }
  },
  rename(id: Id, name: string, description: string): Promise<Playlist | null> {
    return edit(id, { kind: 'rename', name, description });
  },
  /** Adds tracks or whole albums; one idempotency key per user action, reused by every retry. */
  async add(id: Id, what: { trackIds?: Id[]; albumIds?: Id[] }, label?: string): Promise<Playlist | null> {
    const intent: Intent = { kind: 'add', trackIds: what.trackIds ?? [], key: newKey(), ...(what.albumIds?.length ? { albumIds: what.albumIds } : {}) };
    const p = await edit(id, intent);
    const added = addedByKey.get(intent.key);
    addedByKey.delete(intent.key);
    if (p) toastActions.show(`${added === undefined ? 'Added' : `Added ${added === 1 ? '1 track' : `${added} tracks`}`}${label ? ` to “${label}”` : ''}`);
    return p;
  },
  removeEntries(id: Id, entryIds: Id[]): Promise<Playlist | null> {
    return edit(id, { kind: 'remove', entryIds });
  },
  /**
   * Moves entries (a selection, contiguous or not) as one block, in the order given, right before
   * `beforeId` (null = to the end): one atomic request.
   */
  move(id: Id, entryIds: Id[], beforeId: Id | null): Promise<Playlist | null> {
    return edit(id, { kind: 'move', entryIds, beforeId });
  },
  /** Hides the playlist now; deletes it on the server when the undo window passes. */
  delete(id: Id): void {
    const s = usePlaylists.getState();
    if (s.deleting.includes(id)) return;
    const name = s.shown.get(id)?.name ?? s.summaries?.find((x) => x.id === id)?.name ?? 'playlist';
    usePlaylists.setState({ deleting: [...s.deleting, id] });
    deleteTimers.set(id, setTimeout(() => void playlistsActions.commitDelete(id), UNDO_MS));
    toastActions.show(`Deleted “${name}”`, 'info', UNDO_MS, { label: 'Undo', run: () => playlistsActions.undoDelete(id) });
  },
  undoDelete(id: Id): void {
    const t = deleteTimers.get(id);
    if (t) clearTimeout(t);
    deleteTimers.delete(id);
    usePlaylists.setState((s) => ({ deleting: s.deleting.filter((x) => x !== id) }));
  },
  async commitDelete(id: Id, keepalive = false): Promise<void> {
    const t = deleteTimers.get(id);
    if (t) clearTimeout(t);
    deleteTimers.delete(id);
    await serialize(id, async () => {
      const version = confirmed.get(id)?.version ?? usePlaylists.getState().summaries?.find((x) => x.id === id)?.version ?? 0;
      try {
        await withRetry(() => playlistClient.remove(id, version, keepalive), { attempts: keepalive ? 1 : 3 });
      } catch (err) {
        const current = conflictOf(err);
        if (!current) {
          if (err instanceof ApiRequestError && err.status === 404) return; // already gone
          throw err;
        }
        // Changed elsewhere since we looked: the user still meant to delete it.
        await playlistClient.remove(id, current.version, keepalive);
      }
    }).then(
      () => forgetPlaylist(id),
      (err: Error) => {
        usePlaylists.setState((s) => ({ deleting: s.deleting.filter((x) => x !== id) }));
        toastActions.error(`Couldn't delete the playlist: ${err.message}`);
      },
    );
  },
  /** Forgets a playlist the server no longer has (deleted in another window: its page answered 404). */
  forget(id: Id): void {
    forgetPlaylist(id);
  },
  /** Window closing: deletes waiting for their undo window go now. */
  flushDeletes(): void {
    for (const id of [...deleteTimers.keys()]) void playlistsActions.commitDelete(id, true);
  },
  async importM3u(text: string, name: string): Promise<PlaylistImportResult | null> {
    try {
      const result = await playlistClient.importM3u(text, { name });
      confirm(result.playlist);
      return result;
    } catch (err) {
      toastActions.error(`Import failed: ${(err as Error).message}`);
      return null;
    }
  },
};

/** For tests: forget everything. */
export function resetPlaylistsForTests(): void {
  confirmed.clear();
  pending.clear();
  chains.clear();
  usePlaylists.setState({ summaries: null, shown: new Map(), deleting: [], error: null, version: 0 });
}

// Narrow selector hooks.
export const usePlaylistSummaries = (): PlaylistSummary[] | null => {
  const summaries = usePlaylists((s) => s.summaries);
  const deleting = usePlaylists((s) => s.deleting);
  return summaries && deleting.length ? summaries.filter((x) => !deleting.includes(x.id)) : summaries;
};
export const usePlaylist = (id: Id): Playlist | undefined => {
  usePlaylists((s) => s.version);
  return usePlaylists((s) => s.shown.get(id));
};
/** What a playlist's page says when the server has no such playlist (deleted, e.g. in another window). */
export const PLAYLIST_GONE = 'This playlist no longer exists.';
/**
 * A playlist's page: the playlist, loaded again whenever the window gets the focus back (another
 * window or the remote app may have changed it) while the page keeps showing it; a failed reload
 * keeps it on screen with a notice, and a playlist the server no longer has is forgotten (the
 * sidebar drops it) and the page says so.
 */
export function usePlaylistDetail(id: Id): DetailView<Playlist> {
  return useDetail<Playlist>({
    id,
    item: usePlaylist(id),
    load: playlistsActions.load,
    notFound: PLAYLIST_GONE,
    onNotFound: playlistsActions.forget,
    reloadKey: useFocusCount(),
  });
}
export const useIsDeleting = (id: Id): boolean => usePlaylists((s) => s.deleting.includes(id));
