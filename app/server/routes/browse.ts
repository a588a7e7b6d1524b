// Browse routes: tracks, albums, artists, genres, folders, recently added. Thin: validate, query, answer.
import { Router } from 'express';
import type { Queries } from '../../catalog/queries/index.ts';
import { api } from '../../contract/index.ts';
import { notFound } from '../errors.ts';
import { albumListQuery, artistListQuery, idParams, pageQuery, parse, trackListQuery } from '../validate.ts';

export function browseRoutes(queries: Queries): Router {
  const r = Router();
  const genreMustExist = (genreId: number | undefined) => {
    if (genreId !== undefined && !queries.genres.exists(genreId)) throw notFound(`genre ${genreId} not found`);
  };

  r.get(api.tracks(), (req, res) => {
    const q = parse(trackListQuery, req.query);
    genreMustExist(q.genreId);
    res.json(queries.tracks.page(q));
  });
  r.get('/api/tracks/:id', (req, res) => {
    const { id } = parse(idParams, req.params);
    const track = queries.tracks.byId(id);
    if (!track) throw notFound(`track ${id} not found`);
    res.json(track);
  });
  r.get(api.albums(), (req, res) => {
    const q = parse(albumListQuery, req.query);
    genreMustExist(q.genreId);
    res.json(queries.albums.page(q));
  });
  r.get('/api/albums/:id', (req, res) => {
    const { id } = parse(idParams, req.params);
    const album = queries.albums.detail(id);
    if (!album) throw notFound(`album ${id} not found`);
    res.json(album);
  });
  r.get(api.artists(), (req, res) => {
    res.json(queries.artists.page(parse(artistListQuery, req.query)));
  });
  r.get('/api/artists/:id', (req, res) => {
    const { id } = parse(idParams, req.params);
    const artist = queries.artists.detail(id);
    if (!artist) throw notFound(`artist ${id} not found`);
    res.json(artist);
  });
  r.get(api.genres(), (_req, res) => {
    res.json(queries.genres.all());
  });
  r.get(api.folders(), (_req, res) => {
    res.json(queries.folders.roots());
  });
  r.get('/api/folders/:id', (req, res) => {
    const { id } = parse(idParams, req.params);
    const folder = queries.folders.detail(id);
    if (!folder) throw notFound(`folder ${id} not found`);
    res.json(folder);
  });
  r.get(api.recent(), (req, res) => {
    res.json(queries.albums.recent(parse(pageQuery(50), req.query)));
  });
  return r;
}
