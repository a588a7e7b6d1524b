// Track read queries: sorted pages, lookups by id (with artists and genres attached), file paths.
import type { Db } from '../open.ts';
import type { Page, Track, TrackSort, SortOrder } from '../../contract/index.ts';
import { trackSelect, direction, type TrackRowDb } from './rows.ts';

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
  byId(id: number): Track | undefined;
  /** Tracks in the order of `ids`; unknown ids are skipped. */
  byIds(ids: readonly number[]): Track[];
  inAlbum(albumId: number): Track[];
  inFolder(folderId: number): Track[];
  file(id: number): TrackFile | undefined;
}

const genreSort = `(SELECT min(g.name COLLATE NOCASE) FROM track_genres tg JOIN genres g ON g.id = tg.genre_id WHERE tg.track_id = t.id)`;

/** ORDER BY per sort key; the first term of title/artist/year/... matches an index (migration 0002). */
function orderBy(sort: TrackSort, d: 'ASC' | 'DESC'): string {
  const albumOrder = `t.disc_no ${d}, t.track_no ${d}, t.id ${d}`;
  switch (sort) {
    case 'title': return `t.title COLLATE NOCASE ${d}, t.id ${d}`;
    case 'artist': return `t.artist_display COLLATE NOCASE ${d}, t.id ${d}`;
    case 'album': return `al.title COLLATE NOCASE ${d}, t.album_id ${d}, ${albumOrder}`;
    case 'albumArtist': return `aa.sort_name ${d}, al.title COLLATE NOCASE ${d}, t.album_id ${d}, ${albumOrder}`;
    case 'year': return `t.year ${d}, t.id ${d}`;
    case 'durationMs': return `t.duration_ms ${d}, t.id ${d}`;
    case 'trackNo': return `t.track_no ${d}, t.id ${d}`;
    case 'addedAt': return `t.added_at ${d}, t.id ${d}`;
    case 'genre': return `${genreSort} ${d}, t.id ${d}`;
    case 'bitrate': return `t.bitrate ${d}, t.id ${d}`;
    case 'codec': return `t.codec ${d}, t.id ${d}`;
  }
}

export function createTrackQueries(db: Db): TrackQueries {
  type Params = { genreId: number; limit: number; offset: number } | { limit: number; offset: number };
  const pages = new Map<string, ReturnType<typeof db.prepare<[Params], TrackRowDb>>>();
  const pageStatement = (sort: TrackSort, order: SortOrder, filtered: boolean) => {
    const key = `${sort}:${order}:${filtered}`;
    let s = pages.get(key);
    if (!s) {
      const where = filtered ? 'WHERE t.id IN (SELECT track_id FROM track_genres WHERE genre_id = @genreId)' : '';
      s = db.prepare<[Params], TrackRowDb>(
        `${trackSelect} ${where} ORDER BY ${orderBy(sort, direction(order))} LIMIT @limit OFFSET @offset`);
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
  const file = db.prepare<[number], TrackFile>('SELECT path, container FROM tracks WHERE id = ?');

  /** Attaches artists and genres to a batch of rows with two queries. */
  function hydrate(rows: TrackRowDb[]): Track[] {
    if (rows.length === 0) return [];
    const ids = JSON.stringify(rows.map((r) => r.id));
    const byTrack = new Map<number, Track>();
    const out = rows.map((r) => {
      const t: Track = { ...r, lossless: r.lossless === 1, artists: [], genres: [] };
      byTrack.set(t.id, t);
      return t;
    });
    for (const a of artists.iterate(ids)) byTrack.get(a.trackId)?.artists.push({ id: a.id, name: a.name });
    for (const g of genres.iterate(ids)) byTrack.get(g.trackId)?.genres.push(g.name);
    return out;
  }

  return {
    page(q) {
      const filtered = q.genreId !== undefined;
      const params: Params = q.genreId !== undefined ? { genreId: q.genreId, limit: q.limit, offset: q.offset } : { limit: q.limit, offset: q.offset };
      const rows = pageStatement(q.sort, q.order, filtered).all(params);
      const total = (filtered ? countGenre.get(q.genreId ?? 0) : countAll.get())?.n ?? 0;
      return { items: hydrate(rows), total, offset: q.offset, limit: q.limit };
    },
    byId(id) {
      const row = one.get(id);
      return row ? hydrate([row])[0] : undefined;
    },
    byIds(ids) {
      if (ids.length === 0) return [];
      const found = new Map(hydrate(many.all(JSON.stringify(ids))).map((t) => [t.id, t]));
      return ids.flatMap((id) => found.get(id) ?? []);
    },
    inAlbum: (albumId) => hydrate(album.all(albumId)),
    inFolder: (folderId) => hydrate(folder.all(folderId)),
    file: (id) => file.get(id),
  };
}
