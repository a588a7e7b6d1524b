// Replays the sync server's journal of remote listening edits on the desktop (app/library/SYNC.md),
// through the desktop's own stores, so versions, idempotency keys and the play rule apply as for a
// local edit. A playlist op based on the desktop's current version is applied as is; one based on
// an older version is rebased when it commutes (an append, a removal of entries still present, a
// rename of a name the desktop kept), else dropped: the desktop wins, and its next push overwrites
// the server's copy.
import type { Db } from '../catalog/index.ts';
import type { PlayReport } from '../contract/index.ts';
import type { HistoryStore, PlaylistStore } from '../library/index.ts';
import { createSyncedPrefWriter } from '../library/prefs.ts';
import type { PlaylistOp, SyncPlayEvent, SyncPref } from './protocol.ts';

export type OpOutcome = 'applied' | 'rebased' | { dropped: string };

export interface ListeningApplier {
  playlist(uid: string, baseVersion: number, op: PlaylistOp): OpOutcome;
  /** Last writer wins by `updatedAt`; ties keep the desktop's. */
  pref(pref: SyncPref): boolean;
  /** Inserted once by client event id (the play rule and the aggregate as for local plays). */
  events(events: readonly SyncPlayEvent[]): { accepted: number; duplicates: number };
}

interface Local { id: number; version: number; name: string; description: string }

export function createListeningApplier(options: { db: Db; playlists: PlaylistStore; history: HistoryStore }): ListeningApplier {
  const { db, playlists, history } = options;
  const byUid = db.prepare<[string], Local>('SELECT id, version, name, description FROM playlists WHERE uid = ?');
  const tombstoned = db.prepare<[string], number>('SELECT 1 FROM playlist_tombstones WHERE uid = ?').pluck();
  const entries = db.prepare<[number], { id: number; uid: string }>('SELECT id, uid FROM playlist_entries WHERE playlist_id = ? ORDER BY position, id');
  const setPlaylistUid = db.prepare('UPDATE playlists SET uid = ? WHERE id = ?');
  const setEntryUid = db.prepare('UPDATE playlist_entries SET uid = ? WHERE id = ? AND NOT EXISTS (SELECT 1 FROM playlist_entries WHERE uid = ?)');
  const trackExists = db.prepare<[number], number>('SELECT 1 FROM tracks WHERE id = ?').pluck();
  // Prefs: last writer wins; on a tie the desktop's own stays.
  const writePref = createSyncedPrefWriter(db, 'stored');

  /** On the desktop a track's source id is its own id; tracks gone from the catalog are left out. */
  const present = (sourceIds: readonly number[]) => sourceIds.filter((id) => trackExists.get(id) !== undefined);
  /** Gives new entries the uids they have on the server, so later remote ops name them. */
  const adoptUids = (entryIds: readonly number[], uids: readonly string[]) => {
    if (entryIds.length !== uids.length) return;
    entryIds.forEach((e, i) => {
      const uid = uids[i];
      if (uid) setEntryUid.run(uid, e, uid);
    });
  };

  function apply(local: Local | undefined, uid: string, base: number, op: PlaylistOp): OpOutcome {
    if (op.type === 'create') {
      if (local) return 'applied'; // replayed: it exists already
      if (tombstoned.get(uid) !== undefined) return { dropped: 'the playlist was deleted on the desktop' };
      const wanted = op.entries.filter((e) => trackExists.get(e.sourceId) !== undefined);
      const p = playlists.create({ name: op.name, description: op.description, ...(wanted.length > 0 ? { trackIds: wanted.map((e) => e.sourceId) } : {}) });
      setPlaylistUid.run(uid, p.id);
      adoptUids(p.entries.map((e) => e.id), wanted.map((e) => e.uid));
      return 'applied';
    }
    if (!local) return { dropped: tombstoned.get(uid) !== undefined ? 'the playlist was deleted on the desktop' : 'the playlist is unknown on the desktop' };
    const current = base === local.version;
    switch (op.type) {
      case 'add': {
        const trackIds = present(op.sourceIds);
        if (trackIds.length === 0) return { dropped: 'none of its tracks is on the desktop' };
        if (op.position !== null && !current) return { dropped: 'an insert at a position into a playlist changed on the desktop' };
        const r = playlists.add(local.id, { key: op.key, trackIds, ...(op.position !== null ? { position: op.position, version: local.version } : {}) });
        if (!r.replayed && trackIds.length === op.sourceIds.length) adoptUids(r.entryIds, op.entryUids);
        return current ? 'applied' : 'rebased';
      }
      case 'remove': {
        const wanted = new Set(op.entryUids);
        const entryIds = entries.all(local.id).filter((e) => wanted.has(e.uid)).map((e) => e.id);
        if (entryIds.length > 0) playlists.remove(local.id, { version: local.version, entryIds });
        return current ? 'applied' : 'rebased';
      }
      case 'update': {
        const name = op.name !== undefined && (current || local.name === op.fromName) ? op.name : undefined;
        const description = op.description !== undefined && (current || local.description === op.fromDescription) ? op.description : undefined;
        if (name === undefined && description === undefined) return { dropped: 'renamed on the desktop too' };
        playlists.update(local.id, { version: local.version, ...(name !== undefined ? { name } : {}), ...(description !== undefined ? { description } : {}) });
        return current ? 'applied' : 'rebased';
      }
      case 'order': {
        if (!current) return { dropped: 'reordered a playlist changed on the desktop' };
        const all = entries.all(local.id);
        const rank = new Map(op.entryUids.map((u, i) => [u, i]));
        const listed = all.filter((e) => rank.has(e.uid)).sort((a, b) => (rank.get(a.uid) ?? 0) - (rank.get(b.uid) ?? 0));
        const rest = all.filter((e) => !rank.has(e.uid));
        playlists.reorder(local.id, { version: local.version, entryIds: [...listed, ...rest].map((e) => e.id) });
        return 'applied';
      }
      case 'delete':
        if (!current) return { dropped: 'deleted remotely but changed on the desktop' };
        playlists.delete(local.id, local.version);
        return 'applied';
    }
  }

  return {
    playlist: (uid, base, op) => apply(byUid.get(uid), uid, base, op),
    pref: (p) => trackExists.get(p.sourceId) !== undefined && writePref(p.sourceId, p),
    events(events) {
      if (events.length === 0) return { accepted: 0, duplicates: 0 };
      const reports: PlayReport[] = events.map((e) => ({
        clientEventId: e.clientEventId, trackId: e.sourceId, startedAt: e.startedAt, endedAt: e.endedAt, msListened: e.msListened,
        completed: e.completed, source: e.source,
        ...(e.sourceRef !== null ? { sourceId: e.sourceRef } : {}), ...(e.clientId !== null ? { clientId: e.clientId } : {}),
      }));
      const r = history.record(reports);
      return { accepted: r.accepted, duplicates: r.duplicates };
    },
  };
}
