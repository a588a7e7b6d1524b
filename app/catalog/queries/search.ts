// What the search index is built from: one small document per track, album and artist, and a
// stamp that changes whenever any of them may have changed.
import type { Db } from '../open.ts';
import { listedArtist } from './rows.ts';

export interface TrackDocument {
  id: number;
  title: string;
  artist: string;
  album: string | null;
  albumArtist: string | null;
  genre: string | null;
  albumId: number | null;
}

export interface AlbumDocument {
  id: number;
  title: string;
  artist: string;
}

export interface ArtistDocument {
  id: number;
  name: string;
}

export interface SearchDocumentQueries {
  tracks(): IterableIterator<TrackDocument>;
  tracksByIds(ids: readonly number[]): TrackDocument[];
  albums(): AlbumDocument[];
  albumsByIds(ids: readonly number[]): AlbumDocument[];
  artists(): ArtistDocument[];
  /** Changes whenever tracks, albums or artists were added, removed or updated. */
  stamp(): string;
}

// The album artist is left out when it is the track artist (no duplicate postings to score).
const trackDoc = /* sql */ `SELECT t.id, t.title, t.artist_display AS artist, al.title AS album,
  CASE WHEN aa.name = t.artist_display THEN NULL ELSE aa.name END AS albumArtist,
  (SELECT group_concat(g.name, ' ') FROM track_genres tg JOIN genres g ON g.id = tg.genre_id WHERE tg.track_id = t.id) AS genre,
  t.album_id AS albumId
FROM tracks t LEFT JOIN albums al ON al.id = t.album_id LEFT JOIN artists aa ON aa.id = al.album_artist_id`;
const albumDoc = /* sql */ `SELECT al.id, al.title, ar.name AS artist FROM albums al JOIN artists ar ON ar.id = al.album_artist_id`;

export function createSearchDocumentQueries(db: Db): SearchDocumentQueries {
  const tracks = db.prepare<[], TrackDocument>(trackDoc);
  const tracksByIds = db.prepare<[string], TrackDocument>(`${trackDoc} WHERE t.id IN (SELECT value FROM json_each(?))`);
  const albums = db.prepare<[], AlbumDocument>(albumDoc);
  const albumsByIds = db.prepare<[string], AlbumDocument>(`${albumDoc} WHERE al.id IN (SELECT value FROM json_each(?))`);
  const artists = db.prepare<[], ArtistDocument>(`SELECT a.id, a.name FROM artists a WHERE ${listedArtist}`);
  const stamp = db.prepare<[], Record<string, number | null>>(`SELECT
    (SELECT count(*) FROM tracks) AS tc, (SELECT max(id) FROM tracks) AS tm, (SELECT total(id) FROM tracks) AS ts,
    (SELECT max(updated_at) FROM tracks) AS tu,
    (SELECT count(*) FROM albums) AS ac, (SELECT total(id) FROM albums) AS asum, (SELECT max(updated_at) FROM albums) AS au,
    (SELECT count(*) FROM artists) AS rc, (SELECT total(id) FROM artists) AS rs,
    (SELECT count(*) FROM genres) AS gc, (SELECT total(id) FROM genres) AS gs`);
  return {
    tracks: () => tracks.iterate(),
    tracksByIds: (ids) => (ids.length === 0 ? [] : tracksByIds.all(JSON.stringify(ids))),
    albums: () => albums.all(),
    albumsByIds: (ids) => (ids.length === 0 ? [] : albumsByIds.all(JSON.stringify(ids))),
    artists: () => artists.all(),
    stamp() {
      const row = stamp.get() ?? {};
      return Object.values(row).map((v) => String(v ?? 0)).join(':');
    },
  };
}
