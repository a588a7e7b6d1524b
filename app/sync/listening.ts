// Two-way sync of listening data with a sync server (app/library/SYNC.md), run by sync() after the
// tracks: 1. pull the server's journal of remote edits and its remote play events and replay them
// locally (listeningApply.ts); 2. push what changed here since the last acknowledged push:
// playlists whose version changed, tombstones, track favorites/ratings and play events. The desktop
// is the source of truth; the push makes the server's copy match it. Cursors live in the catalog's
// settings per server, saved after every page, so an interrupted run resumes.
import type { Catalog } from '../catalog/index.ts';
import { createQueries } from '../catalog/queries/index.ts';
import type { HistoryStore, PlaylistStore } from '../library/index.ts';
import { createHistoryStore } from '../library/history.ts';
import { createPlaylistStore } from '../library/playlists.ts';
import type { SyncApi } from './api.ts';
import { createListeningApplier } from './listeningApply.ts';
import type { PlaylistOp, SyncPlayEvent, SyncPlaylist, SyncPlaySource, SyncPref } from './protocol.ts';

export interface ListeningSyncSummary {
  /** Remote edits replayed (as is, or rebased onto local changes). */
  applied: number;
  rebased: number;
  /** Remote edits the desktop did not take (the desktop wins), with why. */
  dropped: Array<{ uid: string; op: PlaylistOp['type']; reason: string }>;
  prefsPulled: number;
  /** Remote plays added to the local history. */
  eventsPulled: number;
  playlistsPushed: number;
  tombstonesPushed: number;
  prefsPushed: number;
  eventsPushed: number;
}

interface Cursors {
  /** Last journal seq replayed. */
  seq: number;
  /** Last remote play event id received. */
  events: number;
  /** Highest local play_events.id pushed. */
  pushedEventId: number;
  /** Latest item_prefs.updated_at pushed. */
  prefsAt: number;
  /** Latest tombstone deleted_at pushed. */
  tombstonesAt: number;
  /** Playlist versions the server acknowledged, by uid. */
  playlists: Record<string, number>;
}

const initial: Cursors = { seq: 0, events: 0, pushedEventId: 0, prefsAt: 0, tombstonesAt: 0, playlists: {} };
const EVENTS_PER_PUSH = 5000;

export interface ListeningSyncOptions {
  catalog: Catalog;
  api: SyncApi;
  /** The desktop's live stores (so caches and recommendations see the change); made from `catalog` when omitted. */
  stores?: { playlists: PlaylistStore; history: HistoryStore };
}

export async function syncListening(options: ListeningSyncOptions): Promise<ListeningSyncSummary> {
  const { catalog, api } = options;
  const db = catalog.db;
  const stores = options.stores ?? { playlists: createPlaylistStore({ db, tracks: createQueries(catalog).tracks }), history: createHistoryStore({ db }) };
  const key = `sync.listening:${api.server}`;
  const cursors: Cursors = { ...initial, ...catalog.settings.get<Partial<Cursors>>(key, {}) };
  const save = () => catalog.settings.set(key, cursors);
  const summary: ListeningSyncSummary = {
    applied: 0, rebased: 0, dropped: [], prefsPulled: 0, eventsPulled: 0, playlistsPushed: 0, tombstonesPushed: 0, prefsPushed: 0, eventsPushed: 0,
  };
  const applier = createListeningApplier({ db, ...stores });
  /** Plays that came from the server in this run: not echoed back (the server would ignore them anyway). */
  const pulled = new Set<string>();

  // 1. Pull and replay.
  for (;;) {
    const page = await api.listeningChanges(cursors.seq, cursors.events);
    for (const c of page.changes) {
      if (c.kind === 'pref') {
        if (applier.pref(c.pref)) summary.prefsPulled++;
        continue;
      }
      let outcome;
      try {
        outcome = applier.playlist(c.uid, c.baseVersion, c.op);
      } catch (err) {
        outcome = { dropped: (err as Error).message };
      }
      if (outcome === 'applied') summary.applied++;
      else if (outcome === 'rebased') summary.rebased++;
      else summary.dropped.push({ uid: c.uid, op: c.op.type, reason: outcome.dropped });
    }
    summary.eventsPulled += applier.events(page.events).accepted;
    for (const e of page.events) pulled.add(e.clientEventId);
    cursors.seq = page.cursor;
    cursors.events = page.eventCursor;
    save();
    if (!page.more) break;
  }

  // 2. Push what changed here (including what the replay just changed).
  const playlists = readPlaylists(catalog).filter((p) => cursors.playlists[p.uid] !== p.version);
  const tombstones = db.prepare<[number], { uid: string; version: number; deletedAt: number }>(
    'SELECT uid, version, deleted_at AS deletedAt FROM playlist_tombstones WHERE deleted_at > ? ORDER BY deleted_at').all(cursors.tombstonesAt);
  const prefs = db.prepare<[number], { sourceId: number; favorite: number; rating: number; updatedAt: number }>(`SELECT item_id AS sourceId,
    favorite, rating, updated_at AS updatedAt FROM item_prefs WHERE kind = 'track' AND updated_at > ? ORDER BY updated_at`).all(cursors.prefsAt)
    .map((r): SyncPref => ({ kind: 'track', sourceId: r.sourceId, favorite: r.favorite === 1, rating: r.rating, updatedAt: r.updatedAt }));
  const own = (page: Array<{ id: number; event: SyncPlayEvent }>) => page.map((e) => e.event).filter((e) => !pulled.has(e.clientEventId));
  let events = readEvents(catalog, cursors.pushedEventId);
  if (playlists.length > 0 || tombstones.length > 0 || prefs.length > 0 || own(events).length > 0) {
    const r = await api.listeningPush({ playlists, tombstones, prefs, events: own(events) });
    // Stale ones too: the server keeps newer remote edits, which the next pull replays here.
    for (const p of playlists) cursors.playlists[p.uid] = p.version;
    for (const t of tombstones) delete cursors.playlists[t.uid];
    cursors.tombstonesAt = tombstones.at(-1)?.deletedAt ?? cursors.tombstonesAt;
    cursors.prefsAt = prefs.at(-1)?.updatedAt ?? cursors.prefsAt;
    summary.playlistsPushed = r.playlists.length;
    summary.tombstonesPushed = r.tombstones;
    summary.prefsPushed = r.prefs;
    for (;;) {
      summary.eventsPushed += own(events).length;
      cursors.pushedEventId = events.at(-1)?.id ?? cursors.pushedEventId;
      save();
      if (events.length < EVENTS_PER_PUSH) break;
      events = readEvents(catalog, cursors.pushedEventId);
      if (events.length === 0) break;
      if (own(events).length > 0) await api.listeningPush({ playlists: [], tombstones: [], prefs: [], events: own(events) });
    }
  } else {
    // Only pulled plays since the last push: nothing to send, but don't look at them again.
    cursors.pushedEventId = events.at(-1)?.id ?? cursors.pushedEventId;
    save();
  }
  return summary;
}

/** Every playlist with its entries; on the desktop a track's source id is its own id. */
function readPlaylists(catalog: Catalog): SyncPlaylist[] {
  const db = catalog.db;
  const rows = db.prepare<[], { id: number; uid: string; version: number; name: string; description: string; createdAt: number; updatedAt: number }>(
    'SELECT id, uid, version, name, description, created_at AS createdAt, updated_at AS updatedAt FROM playlists ORDER BY id').all();
  const entries = db.prepare<[number], { uid: string; sourceId: number; addedAt: number }>(
    'SELECT uid, track_id AS sourceId, added_at AS addedAt FROM playlist_entries WHERE playlist_id = ? ORDER BY position, id');
  return rows.map(({ id, ...p }) => ({ ...p, entries: entries.all(id) }));
}

function readEvents(catalog: Catalog, after: number): Array<{ id: number; event: SyncPlayEvent }> {
  return catalog.db.prepare<[number, number], { id: number; clientEventId: string; sourceId: number; startedAt: number; endedAt: number;
    msListened: number; completed: number; source: SyncPlaySource; sourceRef: string | null; clientId: string | null }>(`SELECT id,
    client_event_id AS clientEventId, track_id AS sourceId, started_at AS startedAt, ended_at AS endedAt, ms_listened AS msListened,
    completed, source, source_id AS sourceRef, client_id AS clientId FROM play_events WHERE id > ? ORDER BY id LIMIT ?`)
    .all(after, EVENTS_PER_PUSH)
    .map(({ id, completed, ...e }) => ({ id, event: { ...e, completed: completed === 1 } }));
}
