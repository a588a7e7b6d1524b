// Playlists: create, rename/describe, delete, add (idempotent), remove, move, reorder. Every edit
// is a compare-and-swap on the playlist's version inside one IMMEDIATE transaction, so of two
// edits based on the same version exactly one wins (also across processes sharing the file).
import crypto from 'node:crypto';
import type { Db } from '../catalog/index.ts';
import type { TrackQueries } from '../catalog/queries/index.ts';
import type { Id, Playlist, PlaylistAdd, PlaylistAddResult, PlaylistCreate, PlaylistEntry, PlaylistMove, PlaylistOrder, PlaylistRemove, PlaylistSummary, PlaylistUpdate } from '../contract/index.ts';
import { maxPlaylistEntries } from '../contract/index.ts';
import { conflict, invalid, LibraryError, notFound } from './errors.ts';

export interface PlaylistStore {
  list(): PlaylistSummary[];
  get(id: Id): Playlist | undefined;
  create(input: PlaylistCreate): Playlist;
  update(id: Id, input: PlaylistUpdate): Playlist;
  delete(id: Id, version: number): void;
  add(id: Id, input: PlaylistAdd): PlaylistAddResult;
  remove(id: Id, input: PlaylistRemove): Playlist;
  /** One atomic move of a selection (contract `playlistMove`). */
  move(id: Id, input: PlaylistMove): Playlist;
  reorder(id: Id, input: PlaylistOrder): Playlist;
  /** Track ids in playlist order (export). */
  trackIds(id: Id): number[];
  /** Called after every successful edit (e.g. to refresh caches). */
  onChange?: ((id: Id) => void) | undefined;
}

interface Row { id: number; name: string; description: string; version: number; createdAt: number; updatedAt: number; trackCount: number; durationMs: number }

/** Max entries one add may create, and max entries in a playlist. */
export const maxAdd = 10_000;
export const maxEntries = maxPlaylistEntries;

/**
 * The entry order after a move (see the contract's `playlistMove`): the named entries, in the order
 * given, taken out and put back as one block whose first entry lands at `to`. Throws `invalid` for
 * an entry not in the playlist, a `from` past the end, or a `to` past the last place the block fits.
 */
export function moveOrder(playlistId: Id, order: readonly number[], input: PlaylistMove): number[] {
  if (input.entryIds === undefined && input.from === undefined) throw invalid('entryIds', 'give the entries to move (or a position to move from)');
  if (input.from !== undefined && input.from >= order.length) throw invalid('from', `must be below the playlist's length (${order.length})`);
  const moving = input.entryIds ?? [order[input.from ?? 0] as number];
  const present = new Set(order);
  const missing = moving.findIndex((e) => !present.has(e));
  if (missing >= 0) throw invalid(`entryIds.${missing}`, `entry ${moving[missing]} is not in playlist ${playlistId}`);
  const taken = new Set<number>();
  const twice = moving.findIndex((e) => taken.size === taken.add(e).size);
  if (twice >= 0) throw invalid(`entryIds.${twice}`, `entry ${moving[twice]} is named twice`);
  const last = order.length - moving.length;
  if (input.to > last) {
    throw invalid('to', `must be at most ${last}: the playlist has ${order.length} entries and the move takes ${moving.length} of them`);
  }
  const rest = order.filter((e) => !taken.has(e));
  return [...rest.slice(0, input.to), ...moving, ...rest.slice(input.to)];
}

export function createPlaylistStore(options: { db: Db; tracks: TrackQueries; now?: () => number }): PlaylistStore {
  const { db, tracks } = options;
  const now = options.now ?? Date.now;
  const summarySql = /* sql */ `SELECT p.id, p.name, p.description, p.version, p.created_at AS createdAt, p.updated_at AS updatedAt,
    (SELECT count(*) FROM playlist_entries e WHERE e.playlist_id = p.id) AS trackCount,
    (SELECT coalesce(sum(t.duration_ms), 0) FROM playlist_entries e JOIN tracks t ON t.id = e.track_id WHERE e.playlist_id = p.id) AS durationMs
    FROM playlists p`;
  const all = db.prepare<[], Row>(`${summarySql} ORDER BY p.name COLLATE NOCASE, p.id`);
  const one = db.prepare<[number], Row>(`${summarySql} WHERE p.id = ?`);
  const covers = db.prepare<[number], number>(`SELECT coverId FROM (
      SELECT coalesce(al.cover_id, t.cover_id) AS coverId, min(e.position * 1000000000 + e.id) AS pos
      FROM playlist_entries e JOIN tracks t ON t.id = e.track_id LEFT JOIN albums al ON al.id = t.album_id
      WHERE e.playlist_id = ? AND coalesce(al.cover_id, t.cover_id) IS NOT NULL GROUP BY 1)
    ORDER BY pos LIMIT 4`).pluck();
  const entryRows = db.prepare<[number], { id: number; trackId: number; addedAt: number; position: number }>(
    'SELECT id, track_id AS trackId, added_at AS addedAt, position FROM playlist_entries WHERE playlist_id = ? ORDER BY position, id');
  const versionOf = db.prepare<[number], number>('SELECT version FROM playlists WHERE id = ?').pluck();
  const insertPlaylist = db.prepare('INSERT INTO playlists (uid, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  const bump = db.prepare('UPDATE playlists SET version = version + 1, updated_at = ? WHERE id = ? AND version = ?');
  const rename = db.prepare('UPDATE playlists SET name = coalesce(?, name), description = coalesce(?, description) WHERE id = ?');
  const deletePlaylist = db.prepare('DELETE FROM playlists WHERE id = ?');
  const tombstone = db.prepare('INSERT OR REPLACE INTO playlist_tombstones (uid, version, deleted_at) SELECT uid, version + 1, ? FROM playlists WHERE id = ?');
  const insertEntry = db.prepare('INSERT INTO playlist_entries (uid, playlist_id, position, track_id, added_at) VALUES (?, ?, ?, ?, ?)');
  const setPosition = db.prepare('UPDATE playlist_entries SET position = ? WHERE id = ?');
  const deleteEntry = db.prepare('DELETE FROM playlist_entries WHERE id = ? AND playlist_id = ?');
  const keyRow = db.prepare<[number, string], { requestHash: string; entryIds: string }>(
    'SELECT request_hash AS requestHash, entry_ids AS entryIds FROM playlist_add_keys WHERE playlist_id = ? AND key = ?');
  const insertKey = db.prepare('INSERT INTO playlist_add_keys (playlist_id, key, request_hash, entry_ids, created_at) VALUES (?, ?, ?, ?, ?)');
  const existingTracks = db.prepare<[string], number>('SELECT id FROM tracks WHERE id IN (SELECT value FROM json_each(?))').pluck();
  const albumTracks = db.prepare<[number], number>(`SELECT id FROM tracks WHERE album_id = ?
    ORDER BY coalesce(disc_no, 1), coalesce(track_no, 1000000), title COLLATE NOCASE, id`).pluck();
  const albumExists = db.prepare<[number], number>('SELECT 1 FROM albums WHERE id = ?').pluck();
  const trackIdsOf = db.prepare<[number], number>('SELECT track_id FROM playlist_entries WHERE playlist_id = ? ORDER BY position, id').pluck();

  function summary(row: Row): PlaylistSummary {
    return { ...row, coverIds: covers.all(row.id) };
  }

  function get(id: Id): Playlist | undefined {
    const row = one.get(id);
    if (!row) return undefined;
    const rows = entryRows.all(id);
    const byId = new Map(tracks.byIds([...new Set(rows.map((r) => r.trackId))]).map((t) => [t.id, t]));
    const entries: PlaylistEntry[] = [];
    for (const r of rows) {
      const track = byId.get(r.trackId);
      if (track) entries.push({ id: r.id, position: entries.length, track, addedAt: r.addedAt });
    }
    return { ...summary(row), entries };
  }

  const mustGet = (id: Id): Playlist => {
    const p = get(id);
    if (!p) throw notFound(`playlist ${id} not found`);
    return p;
  };

  /** The compare-and-swap: bumps the version when it is still `base`, else a conflict with the current state. */
  function claim(id: Id, base: number): void {
    const current = versionOf.get(id);
    if (current === undefined) throw notFound(`playlist ${id} not found`);
    if (bump.run(now(), id, base).changes !== 1) {
      throw conflict(`playlist ${id} changed: it is at version ${current}, the edit was based on ${base}`, get(id));
    }
  }

  /** Rewrites positions 0..n-1 in the given order of entry ids. */
  function renumber(entryIds: readonly number[]): void {
    entryIds.forEach((e, i) => setPosition.run(i, e));
  }

  const currentEntryIds = (id: Id): number[] => entryRows.all(id).map((r) => r.id);

  function edit<T>(id: Id, fn: () => T): T {
    const result = db.transaction(fn).immediate();
    store.onChange?.(id);
    return result;
  }

  function resolveTracks(input: PlaylistAdd): number[] {
    const hasTracks = input.trackIds !== undefined && input.trackIds.length > 0;
    const hasAlbums = input.albumIds !== undefined && input.albumIds.length > 0;
    if (hasTracks === hasAlbums) throw invalid(hasTracks ? 'albumIds' : 'trackIds', 'give exactly one of trackIds or albumIds (not empty)');
    if (input.trackIds && hasTracks) {
      const known = new Set(existingTracks.all(JSON.stringify(input.trackIds)));
      const bad = input.trackIds.findIndex((t) => !known.has(t));
      if (bad >= 0) throw invalid(`trackIds.${bad}`, `track ${input.trackIds[bad]} not found`);
      return [...input.trackIds];
    }
    const out: number[] = [];
    (input.albumIds ?? []).forEach((a, i) => {
      if (albumExists.get(a) === undefined) throw invalid(`albumIds.${i}`, `album ${a} not found`);
      out.push(...albumTracks.all(a));
    });
    return out;
  }

  function insertAt(id: Id, trackIds: readonly number[], position: number | undefined): number[] {
    const before = currentEntryIds(id);
    if (before.length + trackIds.length > maxEntries) throw invalid('trackIds', `a playlist holds at most ${maxEntries} entries`);
    const at = position === undefined ? before.length : Math.min(position, before.length);
    const t = now();
    const created = trackIds.map((trackId) => Number(insertEntry.run(crypto.randomUUID(), id, 0, trackId, t).lastInsertRowid));
    renumber([...before.slice(0, at), ...created, ...before.slice(at)]);
    return created;
  }

  const store: PlaylistStore = {
    list: () => all.all().map(summary),
    get,
    trackIds: (id) => trackIdsOf.all(id),
    create(input) {
      const id = db.transaction(() => {
        const t = now();
        const newId = Number(insertPlaylist.run(crypto.randomUUID(), input.name, input.description ?? '', t, t).lastInsertRowid);
        if (input.trackIds && input.trackIds.length > 0) insertAt(newId, resolveTracks({ key: '', trackIds: input.trackIds }), undefined);
        return newId;
      }).immediate();
      store.onChange?.(id);
      return mustGet(id);
    },
    update(id, input) {
      edit(id, () => {
        claim(id, input.version);
        rename.run(input.name ?? null, input.description ?? null, id);
      });
      return mustGet(id);
    },
    delete(id, version) {
      edit(id, () => {
        claim(id, version);
        tombstone.run(now(), id);
        deletePlaylist.run(id);
      });
    },
    add(id, input) {
      const requestHash = crypto.createHash('sha256')
        .update(JSON.stringify([input.trackIds ?? null, input.albumIds ?? null, input.position ?? null])).digest('hex');
      if (input.position !== undefined && input.version === undefined) throw invalid('version', 'an insert at a position needs the version it is based on');
      const outcome = edit(id, () => {
        if (versionOf.get(id) === undefined) throw notFound(`playlist ${id} not found`);
        const seen = keyRow.get(id, input.key);
        if (seen) {
          if (seen.requestHash !== requestHash) throw new LibraryError('key-reuse', `key: idempotency key ${input.key} was used for a different add`, { field: 'key' });
          return { entryIds: JSON.parse(seen.entryIds) as number[], replayed: true };
        }
        const trackIds = resolveTracks(input);
        if (trackIds.length > maxAdd) throw invalid('trackIds', `one add may add at most ${maxAdd} tracks`);
        if (input.version !== undefined) claim(id, input.version);
        else bump.run(now(), id, versionOf.get(id) ?? 0);
        const entryIds = insertAt(id, trackIds, input.position);
        insertKey.run(id, input.key, requestHash, JSON.stringify(entryIds), now());
        return { entryIds, replayed: false };
      });
      return { playlist: mustGet(id), entryIds: outcome.entryIds, added: outcome.entryIds.length, replayed: outcome.replayed };
    },
    remove(id, input) {
      edit(id, () => {
        claim(id, input.version);
        const current = new Set(currentEntryIds(id));
        input.entryIds.forEach((e, i) => {
          if (!current.has(e)) throw invalid(`entryIds.${i}`, `entry ${e} is not in playlist ${id}`);
        });
        for (const e of input.entryIds) deleteEntry.run(e, id);
        renumber(currentEntryIds(id));
      });
      return mustGet(id);
    },
    move(id, input) {
      edit(id, () => {
        claim(id, input.version);
        const rows = entryRows.all(id);
        const order = moveOrder(id, rows.map((r) => r.id), input);
        // Only the entries whose position changes are written (a move near the end of a long
        // playlist touches a few rows, not all of them).
        order.forEach((e, i) => {
          if (rows[i]?.id !== e || rows[i]?.position !== i) setPosition.run(i, e);
        });
      });
      return mustGet(id);
    },
    reorder(id, input) {
      edit(id, () => {
        claim(id, input.version);
        const current = currentEntryIds(id);
        const set = new Set(current);
        const given = new Set(input.entryIds);
        if (given.size !== input.entryIds.length || input.entryIds.length !== current.length || input.entryIds.some((e) => !set.has(e))) {
          throw invalid('entryIds', `must be a permutation of the playlist's ${current.length} entry ids`);
        }
        renumber(input.entryIds);
      });
      return mustGet(id);
    },
  };
  return store;
}
