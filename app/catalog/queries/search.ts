// What the search index is built from, normalized as the catalog holds it: each track with its own
// title, album and credited artists and genres; each album, listed artist and genre once (their
// names are indexed once and joined to tracks by id). Rows come as arrays (better-sqlite3 `raw`):
// a 100,000-track library is read in a few hundred milliseconds. The stamp changes whenever any of
// them may have changed.
import type { Db } from '../open.ts';
import { listedArtist } from './rows.ts';

/** [id, title, albumId, credited artist ids ("3,17" in credit order), genre ids]. */
export type TrackSourceRow = [id: number, title: string, albumId: number | null, artistIds: string | null, genreIds: string | null];
/** [id, title, albumArtistId] */
export type AlbumSourceRow = [id: number, title: string, artistId: number];
/** [id, name] of an artist or a genre. */
export type NameSourceRow = [id: number, name: string];

export interface SearchSourceQueries {
  /** Every track, by id, with the artists credited on it (role artist) and its genres. */
  tracks(): IterableIterator<TrackSourceRow>;
  tracksByIds(ids: readonly number[]): TrackSourceRow[];
  albums(): AlbumSourceRow[];
  /** Artists shown in the library (credited on a track or owning an album). */
  artists(): NameSourceRow[];
  genres(): NameSourceRow[];
  /** Changes whenever tracks, albums, artists or genres were added, removed or updated. */
  stamp(): string;
}

const inIds = `IN (SELECT value FROM json_each(?))`;

export function createSearchSourceQueries(db: Db): SearchSourceQueries {
  // One row per track, its links as id lists: one pass, nothing held for the whole library.
  const trackRow = /* sql */ `SELECT t.id, t.title, t.album_id,
    (SELECT group_concat(artist_id) FROM (SELECT artist_id FROM track_artists WHERE track_id = t.id AND role = 'artist' ORDER BY position)),
    (SELECT group_concat(genre_id) FROM track_genres WHERE track_id = t.id)
  FROM tracks t`;
  const tracks = db.prepare<[], TrackSourceRow>(`${trackRow} ORDER BY t.id`).raw();
  const tracksByIds = db.prepare<[string], TrackSourceRow>(`${trackRow} WHERE t.id ${inIds} ORDER BY t.id`).raw();
  const albums = db.prepare<[], AlbumSourceRow>('SELECT id, title, album_artist_id FROM albums ORDER BY id').raw();
  const artists = db.prepare<[], NameSourceRow>(`SELECT a.id, a.name FROM artists a WHERE ${listedArtist} ORDER BY a.id`).raw();
  const genres = db.prepare<[], NameSourceRow>('SELECT id, name FROM genres ORDER BY id').raw();
  const stamp = db.prepare<[], Record<string, number | null>>(`SELECT
    (SELECT count(*) FROM tracks) AS tc, (SELECT max(id) FROM tracks) AS tm, (SELECT total(id) FROM tracks) AS ts,
    (SELECT max(updated_at) FROM tracks) AS tu,
    (SELECT count(*) FROM albums) AS ac, (SELECT total(id) FROM albums) AS asum, (SELECT max(updated_at) FROM albums) AS au,
    (SELECT count(*) FROM artists) AS rc, (SELECT total(id) FROM artists) AS rs,
    (SELECT count(*) FROM track_artists) AS tac,
    (SELECT count(*) FROM genres) AS gc, (SELECT total(id) FROM genres) AS gs`);
  const byIds = <T>(statement: { all(json: string): T[] }) => (ids: readonly number[]): T[] => (ids.length === 0 ? [] : statement.all(JSON.stringify(ids)));
  return {
    tracks: () => tracks.iterate(),
    tracksByIds: byIds(tracksByIds),
    albums: () => albums.all(),
    artists: () => artists.all(),
    genres: () => genres.all(),
    stamp() {
      const row = stamp.get() ?? {};
      return Object.values(row).map((v) => String(v ?? 0)).join(':');
    },
  };
}
