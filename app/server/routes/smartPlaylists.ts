// Smart playlists: definitions (zod-validated by the contract; 400 names the bad field, e.g.
// `definition.rules.0.op`) evaluated live in SQL.
import { Router } from 'express';
import { smartRoutes as routes } from '../../contract/index.ts';
import { notFound } from '../../http/errors.ts';
import { mount } from '../../http/mount.ts';
import type { Listening } from '../../library/index.ts';
import { libraryErrors } from './libraryErrors.ts';

export function smartPlaylistRoutes(listening: Listening): Router {
  const { smart } = listening;
  const r = Router();
  mount(r, routes.smartPlaylists, () => smart.list());
  mount(r, routes.createSmartPlaylist, ({ body }) => smart.create({ name: body.name, description: body.description ?? '', definition: body.definition }));
  mount(r, routes.previewSmart, ({ body, query }) => smart.evaluate(body, query));
  mount(r, routes.smartPlaylist, ({ params: { id } }) => {
    const p = smart.get(id);
    if (!p) throw notFound(`smart playlist ${id} not found`);
    return p;
  });
  mount(r, routes.updateSmartPlaylist, ({ params, body }) => smart.update(params.id, {
    version: body.version,
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.description !== undefined ? { description: body.description } : {}),
    ...(body.definition !== undefined ? { definition: body.definition } : {}),
  }));
  mount(r, routes.deleteSmartPlaylist, ({ params, query }) => {
    smart.delete(params.id, query.version);
  });
  mount(r, routes.smartTracks, ({ params, query }) => smart.tracks(params.id, query));
  r.use(libraryErrors);
  return r;
}
