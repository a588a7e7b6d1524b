// Favorites and ratings on tracks, albums and artists.
import { z } from 'zod';
import { album, artist, track, type Id } from './library.ts';
import { id, idParam, page, pageQuery } from './fields.ts';
import { route } from './route.ts';

export const ratedKind = z.enum(['track', 'album', 'artist']);
export type RatedKind = z.infer<typeof ratedKind>;

/** PUT /api/prefs/:kind/:id — any subset. Rating 0 = unrated, 1–5 stars. */
export const itemPrefsUpdate = z.strictObject({
  favorite: z.boolean().optional(),
  rating: z.number().int('must be a whole number from 0 to 5').min(0, 'must be from 0 to 5').max(5, 'must be from 0 to 5').optional(),
});
export type ItemPrefsUpdate = z.infer<typeof itemPrefsUpdate>;

/** PUT /api/prefs/:kind — the same change to many items at once ("Love 40 tracks"), in one transaction. */
export const maxPrefsBatch = 1000;
export const itemPrefsBatchUpdate = itemPrefsUpdate.extend({
  ids: z.array(id).min(1, 'must name at least one id').max(maxPrefsBatch, `must be at most ${maxPrefsBatch} ids`),
});
export type ItemPrefsBatchUpdate = z.infer<typeof itemPrefsBatchUpdate>;

export const itemPrefs = z.strictObject({
  kind: ratedKind,
  id: z.number().int().positive(),
  favorite: z.boolean(),
  rating: z.number().int().min(0).max(5),
  updatedAt: z.number(),
});
export type ItemPrefs = z.infer<typeof itemPrefs>;

/** `?kind&ids=1,2,3`: rows for the ids asked; unset ones come back favorite false, rating 0. */
export const prefsLookupQuery = z.object({
  kind: ratedKind,
  ids: z.string().regex(/^[1-9][0-9]{0,14}(,[1-9][0-9]{0,14}){0,999}$/, 'must be up to 1000 comma-separated ids').transform((s) => s.split(',').map(Number)),
});

export type FavoriteTracks = z.infer<ReturnType<typeof page<typeof track>>>;
export type FavoriteAlbums = z.infer<ReturnType<typeof page<typeof album>>>;
export type FavoriteArtists = z.infer<ReturnType<typeof page<typeof artist>>>;

export const prefsRoutes = {
  prefs: route({ method: 'GET', path: '/api/prefs', query: prefsLookupQuery, response: z.array(itemPrefs) }),
  setPrefs: route({ method: 'PUT', path: '/api/prefs/:kind/:id', params: z.object({ kind: ratedKind, id: idParam }), body: itemPrefsUpdate, response: itemPrefs }),
  /** The items' prefs after the change, in the order asked; ids of items that do not exist are left out. */
  setPrefsMany: route({ method: 'PUT', path: '/api/prefs/:kind', params: z.object({ kind: ratedKind }), body: itemPrefsBatchUpdate, response: z.array(itemPrefs) }),
  /** Newest favorite first. */
  favoriteTracks: route({ method: 'GET', path: '/api/favorites/tracks', query: pageQuery(100), response: page(track) }),
  favoriteAlbums: route({ method: 'GET', path: '/api/favorites/albums', query: pageQuery(100), response: page(album) }),
  favoriteArtists: route({ method: 'GET', path: '/api/favorites/artists', query: pageQuery(100), response: page(artist) }),
} as const;

export const prefsApi = {
  lookup: () => '/api/prefs',
  item: (kind: RatedKind, id: Id) => `/api/prefs/${kind}/${id}`,
  favoriteTracks: () => '/api/favorites/tracks',
  favoriteAlbums: () => '/api/favorites/albums',
  favoriteArtists: () => '/api/favorites/artists',
} as const;
