// Album read queries: sorted pages, detail with ordered tracks, recently added.
import type { Db } from '../open.ts';
import type { Album, AlbumDetail, AlbumSort, Page, SortOrder } from '../../contract/index.ts';
import { albumSelect, direction, toAlbum, type AlbumRowDb } from './rows.ts';
import type { TrackQueries } from './tracks.ts';

export interface AlbumPageQuery {
  offset: number;
  limit: number;
  sort: AlbumSort;
  order: SortOrder;
  genreId?: number | undefined;
}

export interface AlbumQueries {
  page(query: AlbumPageQuery): Page<Album>;
  byId(id: number): Album | undefined;
  detail(id: number): AlbumDetail | undefined;
  /** Albums by the date they were added, newest first. */
  recent(query: { offset: number; limit: number }): Page<Album>;
  byIds(ids: readonly number[]): Album[];
  /** Albums whose album artist is `artistId`, oldest first. */
  byArtist(artistId: number): Album[];
  /** Other artists' albums (compilations included) with a track credited to `artistId`. */
  appearsOn(artistId: number): Album[];
}

function orderBy(sort: AlbumSort, d: 'ASC' | 'DESC'): string {
  switch (sort) {
    case 'title': return `al.title COLLATE NOCASE ${d}, al.id ${d}`;
    case 'artist': return `ar.sort_name ${d}, al.year ${d}, al.title COLLATE NOCASE ${d}, al.id ${d}`;
    case 'year': return `al.year ${d}, al.title COLLATE NOCASE ${d}, al.id ${d}`;
    case 'addedAt': return `al.added_at ${d}, al.id ${d}`;
  }
}

type Params = { genreId: number; limit: number; offset: number } | { limit: number; offset: number };

export function createAlbumQueries(db: Db, tracks: TrackQueries): AlbumQueries {
  const pages = new Map<string, ReturnType<typeof db.prepare<[Params], AlbumRowDb>>>();
  const pageStatement = (sort: AlbumSort, order: SortOrder, filtered: boolean) => {
    const key = `${sort}:${order}:${filtered}`;
    let s = pages.get(key);
    if (!s) {
      const where = filtered
        ? 'WHERE al.id IN (SELECT t.album_id FROM track_genres tg JOIN tracks t ON t.id = tg.track_id WHERE tg.genre_id = @genreId)'
        : '';
      s = db.prepare<[Params], AlbumRowDb>(`${albumSelect} ${where} ORDER BY ${orderBy(sort, direction(order))} LIMIT @limit OFFSET @offset`);
      pages.set(key, s);
    }
    return s;
  };
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM albums');
  const countGenre = db.prepare<[number], { n: number }>(`SELECT count(DISTINCT t.album_id) AS n
    FROM track_genres tg JOIN tracks t ON t.id = tg.track_id WHERE tg.genre_id = ? AND t.album_id IS NOT NULL`);
  const one = db.prepare<[number], AlbumRowDb>(`${albumSelect} WHERE al.id = ?`);
  const many = db.prepare<[string], AlbumRowDb>(`${albumSelect} WHERE al.id IN (SELECT value FROM json_each(?))`);
  const recent = db.prepare<[number, number], AlbumRowDb>(`${albumSelect} ORDER BY al.added_at DESC, al.id DESC LIMIT ? OFFSET ?`);
  const genres = db.prepare<[number], { name: string }>(`SELECT g.name FROM genres g WHERE g.id IN
    (SELECT tg.genre_id FROM tracks t JOIN track_genres tg ON tg.track_id = t.id WHERE t.album_id = ?) ORDER BY g.name_key`);
  const byArtist = db.prepare<[number], AlbumRowDb>(
    `${albumSelect} WHERE al.album_artist_id = ? ORDER BY al.year, al.title COLLATE NOCASE, al.id`);
  const appearsOn = db.prepare<[{ id: number }], AlbumRowDb>(`${albumSelect}
    WHERE al.id IN (SELECT t.album_id FROM track_artists ta JOIN tracks t ON t.id = ta.track_id
                    WHERE ta.artist_id = @id AND ta.role = 'artist')
      AND al.album_artist_id <> @id
    ORDER BY al.year, al.title COLLATE NOCASE, al.id`);

  return {
    page(q) {
      const filtered = q.genreId !== undefined;
      const params: Params = q.genreId !== undefined ? { genreId: q.genreId, limit: q.limit, offset: q.offset } : { limit: q.limit, offset: q.offset };
      const items = pageStatement(q.sort, q.order, filtered).all(params).map(toAlbum);
      const total = (q.genreId !== undefined ? countGenre.get(q.genreId) : countAll.get())?.n ?? 0;
      return { items, total, offset: q.offset, limit: q.limit };
    },
    byId(id) {
      const row = one.get(id);
      return row ? toAlbum(row) : undefined;
    },
    detail(id) {
      const row = one.get(id);
      if (!row) return undefined;
      return { ...toAlbum(row), genres: genres.all(id).map((g) => g.name), tracks: tracks.inAlbum(id) };
    },
    recent(q) {
      const items = recent.all(q.limit, q.offset).map(toAlbum);
      return { items, total: countAll.get()?.n ?? 0, offset: q.offset, limit: q.limit };
    },
    byIds(ids) {
      if (ids.length === 0) return [];
      const found = new Map(many.all(JSON.stringify(ids)).map((r) => [r.id, toAlbum(r)]));
      return ids.flatMap((id) => found.get(id) ?? []);
    },
    byArtist: (artistId) => byArtist.all(artistId).map(toAlbum),
    appearsOn: (artistId) => appearsOn.all({ id: artistId }).map(toAlbum),
  };
}
