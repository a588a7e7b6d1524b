// Artist read queries: pages sorted by name (sort name: folded, leading article dropped) and detail.
import type { Db } from '../open.ts';
import type { Artist, ArtistDetail, Page, SortOrder } from '../../contract/index.ts';
import { direction, listedArtist } from './rows.ts';
import type { AlbumQueries } from './albums.ts';

export interface ArtistQueries {
  page(query: { offset: number; limit: number; order: SortOrder }): Page<Artist>;
  byId(id: number): Artist | undefined;
  byIds(ids: readonly number[]): Artist[];
  detail(id: number): ArtistDetail | undefined;
}

const artistSelect = /* sql */ `SELECT a.id, a.name,
  (SELECT count(*) FROM albums x WHERE x.album_artist_id = a.id) AS albumCount,
  -- Tracks credited to the artist plus the other tracks of their own albums (an untagged album's
  -- "Unknown Artist" has tracks too): the same number on the Artists list, the artist page and search.
  ((SELECT count(*) FROM track_artists ta WHERE ta.artist_id = a.id AND ta.role = 'artist')
   + (SELECT count(*) FROM albums x JOIN tracks t ON t.album_id = x.id WHERE x.album_artist_id = a.id
      AND NOT EXISTS (SELECT 1 FROM track_artists tb WHERE tb.track_id = t.id AND tb.artist_id = a.id AND tb.role = 'artist'))) AS trackCount,
  coalesce(
    (SELECT x.cover_id FROM albums x WHERE x.album_artist_id = a.id AND x.cover_id IS NOT NULL ORDER BY x.year DESC, x.id DESC LIMIT 1),
    (SELECT t.cover_id FROM track_artists ta JOIN tracks t ON t.id = ta.track_id
      WHERE ta.artist_id = a.id AND ta.role = 'artist' AND t.cover_id IS NOT NULL LIMIT 1)) AS coverId
FROM artists a`;

export function createArtistQueries(db: Db, albums: AlbumQueries): ArtistQueries {
  const pageAsc = db.prepare<[number, number], Artist>(`${artistSelect} WHERE ${listedArtist}
    ORDER BY a.sort_name ${direction('asc')}, a.id LIMIT ? OFFSET ?`);
  const pageDesc = db.prepare<[number, number], Artist>(`${artistSelect} WHERE ${listedArtist}
    ORDER BY a.sort_name ${direction('desc')}, a.id DESC LIMIT ? OFFSET ?`);
  const count = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM artists a WHERE ${listedArtist}`);
  const one = db.prepare<[number], Artist>(`${artistSelect} WHERE a.id = ? AND ${listedArtist}`);
  const many = db.prepare<[string], Artist>(`${artistSelect} WHERE a.id IN (SELECT value FROM json_each(?))`);
  return {
    page(q) {
      const items = (q.order === 'desc' ? pageDesc : pageAsc).all(q.limit, q.offset);
      return { items, total: count.get()?.n ?? 0, offset: q.offset, limit: q.limit };
    },
    byId: (id) => one.get(id),
    byIds(ids) {
      if (ids.length === 0) return [];
      const found = new Map(many.all(JSON.stringify(ids)).map((r) => [r.id, r]));
      return ids.flatMap((id) => found.get(id) ?? []);
    },
    detail(id) {
      const artist = one.get(id);
      if (!artist) return undefined;
      return { ...artist, albums: albums.byArtist(id), appearsOn: albums.appearsOn(id) };
    },
  };
}
