// Favorites and ratings on tracks, albums and artists.
import { Router } from 'express';
import { prefsRoutes as routes } from '../../contract/index.ts';
import { mount } from '../../http/mount.ts';
import type { Listening } from '../../library/index.ts';
import { libraryErrors } from './libraryErrors.ts';

export function prefsRoutes(listening: Listening): Router {
  const { prefs } = listening;
  const r = Router();
  mount(r, routes.prefs, ({ query }) => prefs.get(query.kind, query.ids));
  mount(r, routes.setPrefs, ({ params, body }) => prefs.set(params.kind, params.id, body));
  mount(r, routes.setPrefsMany, ({ params, body: { ids, ...update } }) => prefs.setMany(params.kind, ids, update));
  mount(r, routes.favoriteTracks, ({ query }) => prefs.favoriteTracks(query));
  mount(r, routes.favoriteAlbums, ({ query }) => prefs.favoriteAlbums(query));
  mount(r, routes.favoriteArtists, ({ query }) => prefs.favoriteArtists(query));
  r.use(libraryErrors);
  return r;
}
