// Favorites and ratings (0–5; 0 = unrated) on tracks, albums and artists.
import type { Db } from '../catalog/index.ts';
import type { AlbumQueries, ArtistQueries, TrackQueries } from '../catalog/queries/index.ts';
import type { Album, Artist, Id, ItemPrefs, ItemPrefsUpdate, Page, RatedKind, Track } from '../contract/index.ts';
import { invalid, notFound } from './errors.ts';

export interface PrefsStore {
  get(kind: RatedKind, ids: readonly Id[]): ItemPrefs[];
  set(kind: RatedKind, id: Id, update: ItemPrefsUpdate): ItemPrefs;
  /** The same change to many items in one transaction; ids of items that do not exist are left out. */
  setMany(kind: RatedKind, ids: readonly Id[], update: ItemPrefsUpdate): ItemPrefs[];
  favoriteTracks(page: { offset: number; limit: number }): Page<Track>;
  favoriteAlbums(page: { offset: number; limit: number }): Page<Album>;
  favoriteArtists(page: { offset: number; limit: number }): Page<Artist>;
  onChange?: (() => void) | undefined;
}

interface Row { kind: RatedKind; id: number; favorite: number; rating: number; updatedAt: number }

export function createPrefsStore(options: { db: Db; tracks: TrackQueries; albums: AlbumQueries; artists: ArtistQueries; now?: () => number }): PrefsStore {
  const { db } = options;
  const now = options.now ?? Date.now;
  const rows = db.prepare<[string, string], Row>(`SELECT kind, item_id AS id, favorite, rating, updated_at AS updatedAt
    FROM item_prefs WHERE kind = ? AND item_id IN (SELECT value FROM json_each(?))`);
  const upsert = db.prepare(`INSERT INTO item_prefs (kind, item_id, favorite, rating, favorited_at, updated_at)
    VALUES (@kind, @id, coalesce(@favorite, 0), coalesce(@rating, 0), CASE WHEN @favorite = 1 THEN @now END, @now)
    ON CONFLICT (kind, item_id) DO UPDATE SET
      favorite = coalesce(@favorite, favorite),
      rating = coalesce(@rating, rating),
      favorited_at = CASE WHEN @favorite = 1 AND favorite = 0 THEN @now WHEN @favorite = 0 THEN NULL ELSE favorited_at END,
      version = version + 1,
      updated_at = @now`);
  const exists: Record<RatedKind, ReturnType<typeof db.prepare<[number], number>>> = {
    track: db.prepare<[number], number>('SELECT 1 FROM tracks WHERE id = ?').pluck(),
    album: db.prepare<[number], number>('SELECT 1 FROM albums WHERE id = ?').pluck(),
    artist: db.prepare<[number], number>('SELECT 1 FROM artists WHERE id = ?').pluck(),
  };
  const favorites = db.prepare<[RatedKind, number, number], number>(`SELECT item_id FROM item_prefs
    WHERE kind = ? AND favorite = 1 ORDER BY favorited_at DESC, item_id DESC LIMIT ? OFFSET ?`).pluck();
  const favoriteCount = db.prepare<[RatedKind], number>('SELECT count(*) FROM item_prefs WHERE kind = ? AND favorite = 1').pluck();

  const get = (kind: RatedKind, ids: readonly Id[]): ItemPrefs[] => {
    const found = new Map(rows.all(kind, JSON.stringify(ids)).map((r) => [r.id, r]));
    return ids.map((id) => {
      const r = found.get(id);
      return { kind, id, favorite: r?.favorite === 1, rating: r?.rating ?? 0, updatedAt: r?.updatedAt ?? 0 };
    });
  };

  function page<T>(kind: RatedKind, q: { offset: number; limit: number }, load: (ids: number[]) => T[]): Page<T> {
    return { items: load(favorites.all(kind, q.limit, q.offset)), total: favoriteCount.get(kind) ?? 0, offset: q.offset, limit: q.limit };
  }

  const checkRating = (update: ItemPrefsUpdate) => {
    if (update.rating !== undefined && !(Number.isInteger(update.rating) && update.rating >= 0 && update.rating <= 5)) {
      throw invalid('rating', 'must be a whole number from 0 to 5');
    }
  };
  const apply = (kind: RatedKind, id: Id, update: ItemPrefsUpdate, at: number) => upsert.run({
    kind, id, now: at,
    favorite: update.favorite === undefined ? null : update.favorite ? 1 : 0,
    rating: update.rating ?? null,
  });
  const applyMany = db.transaction((kind: RatedKind, ids: readonly Id[], update: ItemPrefsUpdate, at: number) => {
    for (const id of ids) apply(kind, id, update, at);
  });

  const store: PrefsStore = {
    get,
    set(kind, id, update) {
      checkRating(update);
      if (exists[kind].get(id) === undefined) throw notFound(`${kind} ${id} not found`);
      apply(kind, id, update, now());
      store.onChange?.();
      const [out] = get(kind, [id]);
      if (!out) throw notFound(`${kind} ${id} not found`);
      return out;
    },
    setMany(kind, ids, update) {
      checkRating(update);
      const known = [...new Set(ids)].filter((id) => exists[kind].get(id) !== undefined);
      if (known.length === 0) return [];
      applyMany(kind, known, update, now());
      store.onChange?.();
      return get(kind, known);
    },
    favoriteTracks: (q) => page('track', q, (ids) => options.tracks.byIds(ids)),
    favoriteAlbums: (q) => page('album', q, (ids) => options.albums.byIds(ids)),
    favoriteArtists: (q) => page('artist', q, (ids) => options.artists.byIds(ids)),
  };
  return store;
}

/**
 * A track's favorite and rating as another device set them at `updatedAt` (sync: last writer wins),
 * written straight to SQL — the desktop applying the server's journal, the mirror taking a push.
 * The stored pref stays when it is newer; on a tie, `ties` says which side wins. Returns whether
 * the pref was written.
 */
export function createSyncedPrefWriter(db: Db, ties: 'incoming' | 'stored'): (trackId: number, pref: { favorite: boolean; rating: number; updatedAt: number }) => boolean {
  const storedAt = db.prepare<[number], number>("SELECT updated_at FROM item_prefs WHERE kind = 'track' AND item_id = ?").pluck();
  const put = db.prepare(`INSERT INTO item_prefs (kind, item_id, favorite, rating, favorited_at, updated_at)
    VALUES ('track', @id, @favorite, @rating, CASE WHEN @favorite = 1 THEN @updatedAt END, @updatedAt)
    ON CONFLICT (kind, item_id) DO UPDATE SET favorite = @favorite, rating = @rating,
      favorited_at = CASE WHEN @favorite = 0 THEN NULL WHEN favorite = 1 THEN favorited_at ELSE @updatedAt END,
      version = version + 1, updated_at = @updatedAt`);
  return (trackId, pref) => {
    const at = storedAt.get(trackId);
    if (at !== undefined && (at > pref.updatedAt || (at === pref.updatedAt && ties === 'stored'))) return false;
    put.run({ id: trackId, favorite: pref.favorite ? 1 : 0, rating: pref.rating, updatedAt: pref.updatedAt });
    return true;
  };
}
