// POST /api/sync/listening/push on the mirror: the desktop's playlists, tombstones, track prefs and
// play events replace the server's copy (app/library/SYNC.md). The desktop is the source of truth:
// a playlist is replaced when the pushed version is ≥ the server's (a higher server version means
// remote edits the desktop has not pulled yet: kept, and replayed by the desktop on its next pull);
// a tombstone always wins; prefs are last-writer-wins by `updatedAt` (ties: the desktop); events
// are inserted once by `clientEventId` through the history store (same play rule, same aggregate).
// These writes go straight to SQL, never through the journaled stores: they are not remote edits.
import type { MirrorCatalog } from './db/open.ts';
import type { PlayReport } from '../app/contract/index.ts';
import type { Listening } from '../app/library/index.ts';
import { createSyncedPrefWriter } from '../app/library/prefs.ts';
import type { ListeningPushRequest, ListeningPushResponse, SyncPlaylist, SyncPref } from '../app/sync/protocol.ts';

export interface ListeningPush {
  /** Tracks are named by `deviceId`'s own ids, mapped through the tracks it publishes. */
  apply(deviceId: number, body: ListeningPushRequest): ListeningPushResponse;
}

export function createListeningPush(catalog: MirrorCatalog, listening: Listening): ListeningPush {
  const db = catalog.db;
  const trackOfSource = db.prepare<[number, number], number>('SELECT track_id FROM mirror_sources WHERE device_id = ? AND source_id = ?').pluck();

  const playlistByUid = db.prepare<[string], { id: number; version: number }>('SELECT id, version FROM playlists WHERE uid = ?');
  const insertPlaylist = db.prepare('INSERT INTO playlists (uid, name, description, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  const updatePlaylist = db.prepare('UPDATE playlists SET name = ?, description = ?, version = ?, updated_at = ? WHERE id = ?');
  const clearEntries = db.prepare('DELETE FROM playlist_entries WHERE playlist_id = ?');
  const dropEntryUid = db.prepare('DELETE FROM playlist_entries WHERE uid = ?');
  const insertEntry = db.prepare('INSERT INTO playlist_entries (uid, playlist_id, position, track_id, added_at) VALUES (?, ?, ?, ?, ?)');
  const deletePlaylist = db.prepare('DELETE FROM playlists WHERE uid = ?');
  const putTombstone = db.prepare(`INSERT INTO playlist_tombstones (uid, version, deleted_at) VALUES (?, ?, ?)
    ON CONFLICT (uid) DO UPDATE SET version = max(version, excluded.version), deleted_at = excluded.deleted_at`);
  // Prefs: last writer wins; on a tie the desktop's (the pushed one).
  const writePref = createSyncedPrefWriter(db, 'incoming');
  const markPushed = db.prepare('INSERT OR IGNORE INTO mirror_pushed_events (client_event_id) VALUES (?)');

  /** Replaces the server's copy; entries whose track is not published are left out (the next push brings them). */
  function playlist(deviceId: number, p: SyncPlaylist): boolean {
    const current = playlistByUid.get(p.uid);
    if (current && current.version > p.version) return false;
    let id: number;
    if (current) {
      id = current.id;
      updatePlaylist.run(p.name, p.description, p.version, p.updatedAt, id);
      clearEntries.run(id);
    } else {
      id = Number(insertPlaylist.run(p.uid, p.name, p.description, p.version, p.createdAt, p.updatedAt).lastInsertRowid);
    }
    let position = 0;
    for (const e of p.entries) {
      const trackId = trackOfSource.get(deviceId, e.sourceId);
      if (trackId === undefined) continue;
      dropEntryUid.run(e.uid);
      insertEntry.run(e.uid, id, position++, trackId, e.addedAt);
    }
    return true;
  }

  function pref(deviceId: number, p: SyncPref): boolean {
    const id = trackOfSource.get(deviceId, p.sourceId);
    return id !== undefined && writePref(id, p);
  }

  const apply = (deviceId: number, body: ListeningPushRequest): ListeningPushResponse => {
    const out: ListeningPushResponse = { playlists: [], stale: [], tombstones: 0, prefs: 0, events: { accepted: 0, duplicates: 0, unknownTracks: 0 } };
    for (const p of body.playlists) (playlist(deviceId, p) ? out.playlists : out.stale).push(p.uid);
    for (const t of body.tombstones) {
      deletePlaylist.run(t.uid);
      putTombstone.run(t.uid, t.version, t.deletedAt);
      out.tombstones++;
    }
    for (const p of body.prefs) if (pref(deviceId, p)) out.prefs++;
    const reports: PlayReport[] = [];
    for (const e of body.events) {
      const trackId = trackOfSource.get(deviceId, e.sourceId);
      if (trackId === undefined) {
        out.events.unknownTracks++;
        continue;
      }
      markPushed.run(e.clientEventId);
      reports.push({
        clientEventId: e.clientEventId, trackId, startedAt: e.startedAt, endedAt: e.endedAt, msListened: e.msListened, completed: e.completed,
        source: e.source, ...(e.sourceRef !== null ? { sourceId: e.sourceRef } : {}), ...(e.clientId !== null ? { clientId: e.clientId } : {}),
      });
    }
    if (reports.length > 0) {
      const r = listening.history.record(reports);
      out.events.accepted = r.accepted;
      out.events.duplicates = r.duplicates;
    }
    return out;
  };
  return { apply: (deviceId, body) => db.transaction(apply).immediate(deviceId, body) };
}
