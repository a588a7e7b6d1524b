// Browse routes: tracks, albums, artists, genres, folders, recently added. Thin: the contract's
// declarations validate, the queries answer.
import { Router } from 'express';
import type { Queries } from '../../catalog/queries/index.ts';
import { browseRoutes as routes } from '../../contract/index.ts';
import { notFound } from '../../http/errors.ts';
import { mount } from '../../http/mount.ts';

export function browseRoutes(queries: Queries): Router {
  const r = Router();
  const genreMustExist = (genreId: number | undefined) => {
    if (genreId !== undefined && !queries.genres.exists(genreId)) throw notFound(`genre ${genreId} not found`);
  };
  const found = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw notFound(`${what} not found`);
    return value;
  };

  mount(r, routes.tracks, ({ query }) => {
    if (query.ids) {
      const items = queries.tracks.byIds(query.ids);
      return { items, total: items.length, offset: 0, limit: query.ids.length };
    }
    genreMustExist(query.genreId);
    return queries.tracks.page(query);
  });
  mount(r, routes.trackIds, ({ query }) => {
    genreMustExist(query.genreId);
    return { ids: queries.tracks.ids(query) };
  });
  mount(r, routes.track, ({ params }) => found(queries.tracks.byId(params.id), `track ${params.id}`));
  mount(r, routes.lyrics, ({ params }) => found(queries.tracks.lyrics(params.id), `track ${params.id}`));
  mount(r, routes.albums, ({ query }) => {
    genreMustExist(query.genreId);
    return queries.albums.page(query);
  });
  mount(r, routes.album, ({ params }) => found(queries.albums.detail(params.id), `album ${params.id}`));
  mount(r, routes.artists, ({ query }) => queries.artists.page(query));
  mount(r, routes.artist, ({ params }) => found(queries.artists.detail(params.id), `artist ${params.id}`));
  mount(r, routes.genres, () => queries.genres.all());
  mount(r, routes.folders, () => queries.folders.roots());
  mount(r, routes.folder, ({ params }) => found(queries.folders.detail(params.id), `folder ${params.id}`));
  mount(r, routes.recent, ({ query }) => queries.albums.recent(query));
  return r;
}
