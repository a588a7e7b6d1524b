// Favorites and ratings on tracks, albums and artists.
import { Router } from 'express';
import { z } from 'zod';
import { prefsApi } from '../../contract/index.ts';
import type { Listening } from '../../library/index.ts';
import { id, pageQuery, parse } from '../validate.ts';
import { libraryErrors } from './libraryErrors.ts';

const kind = z.enum(['track', 'album', 'artist']);
const itemParams = z.object({ kind, id });
const updateBody = z.object({
  favorite: z.boolean().optional(),
  rating: z.number().int('must be a whole number from 0 to 5').min(0, 'must be from 0 to 5').max(5, 'must be from 0 to 5').optional(),
}).strict();
const lookupQuery = z.object({
  kind,
  ids: z.string().regex(/^[1-9][0-9]{0,14}(,[1-9][0-9]{0,14}){0,999}$/, 'must be up to 1000 comma-separated ids').transform((s) => s.split(',').map(Number)),
});

export function prefsRoutes(listening: Listening): Router {
  const { prefs } = listening;
  const r = Router();
  r.get(prefsApi.lookup(), (req, res) => {
    const q = parse(lookupQuery, req.query);
    res.json(prefs.get(q.kind, q.ids));
  });
  r.put('/api/prefs/:kind/:id', (req, res) => {
    const p = parse(itemParams, req.params);
    res.json(prefs.set(p.kind, p.id, parse(updateBody, req.body ?? {})));
  });
  r.get(prefsApi.favoriteTracks(), (req, res) => {
    res.json(prefs.favoriteTracks(parse(pageQuery(100), req.query)));
  });
  r.get(prefsApi.favoriteAlbums(), (req, res) => {
    res.json(prefs.favoriteAlbums(parse(pageQuery(100), req.query)));
  });
  r.get(prefsApi.favoriteArtists(), (req, res) => {
    res.json(prefs.favoriteArtists(parse(pageQuery(100), req.query)));
  });
  r.use(libraryErrors);
  return r;
}
