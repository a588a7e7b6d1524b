// Track read queries: sorted pages, lookups by id (with artists and genres attached), file paths.
import type { Db } from '../open.ts';
import type { Lyrics, Page, Track, TrackSort, SortOrder } from '../../contract/index.ts';
import { createLyricsStore } from '../lyrics.ts';
import { trackSelectFrom, direction, type TrackRowDb } from './rows.ts';
import { withGain, type GainSource } from '../gain.ts';

export interface TrackPageQuery {
  offset: number;
  limit: number;
  sort: TrackSort;
  order: SortOrder;
  genreId?: number | undefined;
}

export interface TrackFile {
  path: string;
  container: string | null;
}

export interface TrackQueries {
  page(query: TrackPageQuery): Page<Track>;
  /** Every id of the list `page` pages through, in its order. */
  ids(query: Omit<TrackPageQuery, 'offset' | 'limit'>): number[];
  byId(id: number): Track | undefined;
  /** Tracks in the order of `ids`; unknown ids are skipped. */
  byIds(ids: readonly number[]): Track[];
  inAlbum(albumId: number): Track[];
  inFolder(folderId: number): Track[];
  file(id: number): TrackFile | undefined;
  /** The track's lyrics (sidecar first); undefined when there is no such track. */
  lyrics(id: number): Lyrics[] | undefined;
}

/**
 * The ids of one page: FROM + ORDER BY per sort key, chosen so SQLite walks an index in order
 * (migrations 0002, 0014) instead of sorting 100k rows. Album orders walk albums (or album artists, then
 * their albums) and each album's tracks by disc/track: tracks without an album (only possible
 * between a write and its regroup) are not listed in those two orders.
 */
function pageSql(sort: TrackSort, d: 'ASC' | 'DESC', filtered: boolean): string {
  const genre = filtered ? 't.id IN (SELECT track_id FROM track_genres WHERE genre_id = @genreId)' : '';
  const where = (extra: string) => (extra ? `WHERE ${extra}` : '');
  const tail = `LIMIT @limit OFFSET @offset`;
  const inAlbum = `t.disc_no ${d}, t.track_no ${d}, t.id ${d}`;
  const simple = (column: string) => `SELECT t.id FROM tracks t ${where(genre)} ORDER BY ${column} ${d}, t.id ${d} ${tail}`;
  switch (sort) {
    case 'title': return simple('t.title COLLATE NOCASE');
    case 'artist': return simple('t.artist_display COLLATE NOCASE');
    case 'year': return simple('t.year');
    case 'durationMs': return simple('t.duration_ms');
    case 'trackNo': return simple('t.track_no');
    case 'addedAt': return simple('t.added_at');
    case 'bitrate': return simple('t.bitrate');
    case 'codec': return simple('t.codec');
    case 'genre': return simple('t.genre_key'); // migration 0014: the smallest folded genre name
    case 'album':
      return `SELECT t.id FROM albums al CROSS JOIN tracks t ON t.album_id = al.id ${where(genre)}
        ORDER BY al.title COLLATE NOCASE ${d}, al.id ${d}, ${inAlbum} ${tail}`;
    case 'albumArtist':
      return `SELECT t.id FROM artists aa CROSS JOIN albums al ON al.album_artist_id = aa.id CROSS JOIN tracks t ON t.album_id = al.id
        ${where(genre)} ORDER BY aa.sort_name ${d}, aa.id ${d}, al.title COLLATE NOCASE ${d}, al.id ${d}, ${inAlbum} ${tail}`;
  }
}

export function createTrackQueries(db: Db, gain?: GainSource): TrackQueries {
  const trackSelect = trackSelectFrom(gain);
  type Params = { genreId: number; limit: number; offset: number } | { limit: number; offset: number };
  const pages = new Map<string, ReturnType<typeof db.prepare<[Params], number>>>();
  const pageStatement = (sort: TrackSort, order: SortOrder, filtered: boolean) => {
    const key = `${sort}:${order}:${filtered}`;
    let s = pages.get(key);
    if (!s) {
      s = db.prepare<[Params], number>(pageSql(sort, direction(order), filtered)).pluck();
      pages.set(key, s);
    }
    return s;
  };
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM tracks');
  const countGenre = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM track_genres WHERE genre_id = ?');
  const one = db.prepare<[number], TrackRowDb>(`${trackSelect} WHERE t.id = ?`);
  const many = db.prepare<[string], TrackRowDb>(`${trackSelect} WHERE t.id IN (SELECT value FROM json_each(?))`);
  const album = db.prepare<[number], TrackRowDb>(`${trackSelect} WHERE t.album_id = ?
    ORDER BY coalesce(t.disc_no, 1), coalesce(t.track_no, 1000000), t.title COLLATE NOCASE, t.id`);
  const folder = db.prepare<[number], TrackRowDb>(`${trackSelect} WHERE t.folder_id = ? ORDER BY t.path`);
  const artists = db.prepare<[string], { trackId: number; id: number; name: string }>(
    `SELECT ta.track_id AS trackId, a.id, a.name FROM track_artists ta JOIN artists a ON a.id = ta.artist_id
     WHERE ta.role = 'artist' AND ta.track_id IN (SELECT value FROM json_each(?)) ORDER BY ta.track_id, ta.position`);
  const genres = db.prepare<[string], { trackId: number; name: string }>(
    `SELECT tg.track_id AS trackId, g.name FROM track_genres tg JOIN genres g ON g.id = tg.genre_id
     WHERE tg.track_id IN (SELECT value FROM json_each(?)) ORDER BY tg.track_id, g.name_key`);
  const lyricsStore = createLyricsStore(db);
  const exists = db.prepare<[number], number>('SELECT 1 FROM tracks WHERE id = ?').pluck();
  const file = db.prepare<[number], TrackFile>('SELECT path, container FROM tracks WHERE id = ?');

  /** Attaches artists and genres to a batch of rows with two queries. */
  function hydrate(rows: TrackRowDb[]): Track[] {
    if (rows.length === 0) return [];
    const ids = JSON.stringify(rows.map((r) => r.id));
    const byTrack = new Map<number, Track>();
    const out = rows.map((r) => {
      const t: Track = { ...withGain(r), lossless: r.lossless === 1, hasLyrics: r.hasLyrics === 1, artists: [], genres: [] };
      byTrack.set(t.id, t);
      return t;
    });
    for (const a of artists.iterate(ids)) byTrack.get(a.trackId)?.artists.push({ id: a.id, name: a.name });
    for (const g of genres.iterate(ids)) byTrack.get(g.trackId)?.genres.push(g.name);
    return out;
  }

  function byIds(ids: readonly number[]): Track[] {
    if (ids.length === 0) return [];
    const found = new Map(hydrate(many.all(JSON.stringify(ids))).map((t) => [t.id, t]));
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  return {
    page(q) {
      const filtered = q.genreId !== undefined;
      const params: Params = q.genreId !== undefined ? { genreId: q.genreId, limit: q.limit, offset: q.offset } : { limit: q.limit, offset: q.offset };
      const ids = pageStatement(q.sort, q.order, filtered).all(params);
      const total = (filtered ? countGenre.get(q.genreId ?? 0) : countAll.get())?.n ?? 0;
      return { items: byIds(ids), total, offset: q.offset, limit: q.limit };
    },
    ids(q) {
      const filtered = q.genreId !== undefined;
      const params: Params = q.genreId !== undefined ? { genreId: q.genreId, limit: -1, offset: 0 } : { limit: -1, offset: 0 };
      return pageStatement(q.sort, q.order, filtered).all(params);
    },
    byId(id) {
      const row = one.get(id);
      return row ? hydrate([row])[0] : undefined;
    },
    byIds,
    inAlbum: (albumId) => hydrate(album.all(albumId)),
    inFolder: (folderId) => hydrate(folder.all(folderId)),
    file: (id) => file.get(id),
    lyrics: (id) => (exists.get(id) ? lyricsStore.get(id) : undefined),
  };
}
