// Track writes (batched, in transactions) and the stamps the scanner compares against.
import type { Db } from './open.ts';
import type { Entities } from './entities.ts';
import type { FileStamp, TrackInput } from './model.ts';
import { createLyricsStore } from './lyrics.ts';
import { createStamps, stampStatements } from './stamps.ts';
import { fold } from '../text/fold.ts';

export interface TrackWrite {
  input: TrackInput;
  /** Set when this file is a catalogued track that moved: the row keeps its id. */
  movedFromId?: number;
  /** The id a NEW row gets (the sync server's mirror derives ids from the audio); default: the next free one. */
  id?: number;
}

export interface TrackStore {
  /**
   * Stamps of every catalogued track whose path is inside one of `roots` (all when omitted), read
   * from the catalog a chunk at a time as they are looked up (`stamps.ts`).
   */
  stamps(roots?: readonly string[]): ReadonlyMap<string, FileStamp>;
  /**
   * Inserts or updates tracks; returns the folder ids they touched (old and new). Those folders are
   * marked dirty in the same transaction (`dirty_folders`) until `albums.regroup` handles them.
   */
  write(batch: readonly TrackWrite[], now?: number): Set<number>;
  /** Removes tracks by path; returns the folder ids they were in (marked dirty, as for `write`). */
  remove(paths: readonly string[]): Set<number>;
  /** Ids of the tracks at these paths (those catalogued), in no particular order. */
  idsOf(paths: readonly string[]): number[];
  count(): number;
}

/** A track's column values, in the order of `columns` below. */
type TrackValues = Array<string | number | null>;

function values(t: TrackInput, folderId: number): TrackValues {
  return [
    t.path, folderId, t.size, Math.trunc(t.mtimeMs), t.fingerprint,
    t.container, t.codec, t.lossless ? 1 : 0, int(t.bitrate),
    int(t.sampleRate), int(t.bitDepth), int(t.channels),
    Math.round(t.durationMs), t.durationEstimated ? 1 : 0, t.title,
    int(t.trackNo), int(t.trackTotal), int(t.discNo), int(t.discTotal),
    int(t.year), t.date, t.rgTrackGain, t.rgTrackPeak,
    t.rgAlbumGain, t.rgAlbumPeak, t.mbTrackId,
    t.mbRecordingId, t.mbAlbumId, t.mbArtistId,
    t.mbAlbumArtistId, t.album, t.albumArtist,
    t.compilation ? 1 : 0, t.artistDisplay, t.outputGainDb ?? null,
    genreKey(t.genres),
  ];
}

/** The genre sort key (migration 0014): the smallest folded name of the track's genres. */
function genreKey(genres: readonly string[]): string | null {
  let key: string | null = null;
  for (const g of genres) {
    const k = fold(g);
    if (key === null || k < key) key = k;
  }
  return key;
}

function int(v: number | null): number | null {
  return v === null || !Number.isFinite(v) ? null : Math.round(v);
}

const columns = `path, folder_id, size, mtime_ms, fingerprint, container, codec, lossless, bitrate, sample_rate,
  bit_depth, channels, duration_ms, duration_estimated, title, track_no, track_total, disc_no, disc_total, year,
  date, rg_track_gain, rg_track_peak, rg_album_gain, rg_album_peak, mb_track_id, mb_recording_id, mb_album_id,
  mb_artist_id, mb_album_artist_id, tag_album, tag_album_artist, tag_compilation, artist_display, output_gain_db, genre_key`;
const columnNames = columns.split(',').map((c) => c.trim());
const placeholders = columnNames.map(() => '?').join(', ');
const updates = columnNames.filter((c) => c !== 'path').map((c) => `${c} = excluded.${c}`).join(', ');
const setters = columnNames.map((c) => `${c} = ?`).join(', ');

export function createTrackStore(db: Db, entities: Entities): TrackStore {
  // Positional parameters: binding 38 named ones from an object cost more than the insert itself.
  const upsert = db.prepare<TrackValues, { id: number }>(
    `INSERT INTO tracks (id, ${columns}, added_at, updated_at) VALUES (?, ${placeholders}, ?, ?)
     ON CONFLICT(path) DO UPDATE SET ${updates}, updated_at = excluded.updated_at RETURNING id`);
  const moveTo = db.prepare<TrackValues>(`UPDATE tracks SET ${setters}, updated_at = ? WHERE id = ?`);
  const folderOf = db.prepare<[number], { folder_id: number }>('SELECT folder_id FROM tracks WHERE id = ?');
  const clearRoles = db.prepare("DELETE FROM track_artists WHERE track_id = ?");
  const addRole = db.prepare('INSERT OR IGNORE INTO track_artists (track_id, artist_id, role, position) VALUES (?, ?, ?, ?)');
  const clearGenres = db.prepare('DELETE FROM track_genres WHERE track_id = ?');
  const addGenre = db.prepare('INSERT OR IGNORE INTO track_genres (track_id, genre_id) VALUES (?, ?)');
  const lyrics = createLyricsStore(db);
  const setCover = db.prepare('UPDATE tracks SET cover_id = (SELECT id FROM covers WHERE hash = ?) WHERE id = ?');
  const byPath = db.prepare<[string], { id: number; folder_id: number }>('SELECT id, folder_id FROM tracks WHERE path = ?');
  // Many paths in one statement (a JSON array): a first scan looks up every track it wrote.
  const idsByPaths = db.prepare<[string], number>('SELECT t.id FROM json_each(?) AS j JOIN tracks AS t ON t.path = j.value').pluck();
  const deleteTrack = db.prepare('DELETE FROM tracks WHERE id = ?');
  const stampQueries = stampStatements(db);
  const countTracks = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM tracks');
  const markDirty = db.prepare('INSERT OR IGNORE INTO dirty_folders (folder_id) VALUES (?)');
  // A track about to be deleted: every folder holding its album is regrouped, so the album's count,
  // length and cover are refreshed even when the deleted track's own folder is left with no tracks.
  const markAlbumFolders = db.prepare(`INSERT OR IGNORE INTO dirty_folders (folder_id)
    SELECT DISTINCT folder_id FROM tracks WHERE album_id = (SELECT album_id FROM tracks WHERE id = ?)`);
  const clearError = db.prepare('DELETE FROM scan_errors WHERE path = ?');

  const writeBatch = db.transaction((batch: readonly TrackWrite[], now: number) => {
    const touched = new Set<number>();
    for (const { input, movedFromId, id: newId } of batch) {
      const folderId = entities.folderId(input.folderPath);
      touched.add(folderId);
      let id: number;
      /** A row inserted just now: no artists, genres, lyrics or cover to clear (deleted rows cascade). */
      let fresh = false;
      if (movedFromId !== undefined) {
        const old = folderOf.get(movedFromId);
        if (old) touched.add(old.folder_id);
        // A file at the destination path may already be catalogued (replaced by the moved file).
        const existing = byPath.get(input.path);
        if (existing && existing.id !== movedFromId) {
          markAlbumFolders.run(existing.id);
          deleteTrack.run(existing.id);
          touched.add(existing.folder_id);
        }
        moveTo.run(...values(input, folderId), now, movedFromId);
        id = movedFromId;
      } else {
        const prev = byPath.get(input.path);
        if (prev) touched.add(prev.folder_id);
        const row = upsert.get(newId ?? null, ...values(input, folderId), now, now);
        if (!row) throw new Error(`upsert returned no row for ${input.path}`);
        id = row.id;
        fresh = !prev;
      }
      if (!fresh) clearRoles.run(id);
      input.artists.forEach((name, i) => addRole.run(id, entities.artistId(name), 'artist', i));
      input.albumArtists.forEach((name, i) => addRole.run(id, entities.artistId(name), 'albumartist', i));
      input.composers.forEach((name, i) => addRole.run(id, entities.artistId(name), 'composer', i));
      if (!fresh) clearGenres.run(id);
      for (const g of input.genres) addGenre.run(id, entities.genreId(g));
      if (!fresh || input.coverHash !== null) setCover.run(input.coverHash, id);
      if (input.lyrics !== undefined && (!fresh || input.lyrics.length > 0)) lyrics.replace(id, 'embedded', input.lyrics);
      clearError.run(input.path); // a file read fine: its old error goes with the same commit
    }
    for (const f of touched) markDirty.run(f);
    return touched;
  });

  const removeBatch = db.transaction((paths: readonly string[]) => {
    const touched = new Set<number>();
    for (const p of paths) {
      const row = byPath.get(p);
      if (!row) continue;
      touched.add(row.folder_id);
      markAlbumFolders.run(row.id);
      deleteTrack.run(row.id);
    }
    for (const f of touched) markDirty.run(f);
    return touched;
  });

  return {
    stamps: (roots) => createStamps(stampQueries, roots),
    write: (batch, now = Date.now()) => writeBatch(batch, now),
    remove: (paths) => removeBatch(paths),
    idsOf: (paths) => (paths.length === 0 ? [] : idsByPaths.all(JSON.stringify(paths))),
    count: () => countTracks.get()?.n ?? 0,
  };
}
