// Smart playlists: definitions (zod-validated; 400 names the bad field, e.g. `definition.rules.0.op`)
// evaluated live in SQL.
import { Router } from 'express';
import { z } from 'zod';
import { smartPlaylistApi, type SmartDefinition } from '../../contract/index.ts';
import type { Listening } from '../../library/index.ts';
import { smartDefinitionSchema } from '../../library/smartRules.ts';
import { notFound } from '../errors.ts';
import { idParams, pageQuery, parse } from '../validate.ts';
import { libraryErrors } from './libraryErrors.ts';

const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const description = z.string().max(2000).optional();
const createBody = z.object({ name, description, definition: smartDefinitionSchema }).strict();
const updateBody = z.object({ version: z.number().int().min(1), name: name.optional(), description, definition: smartDefinitionSchema.optional() }).strict();
const deleteQuery = z.object({ version: z.string().regex(/^[1-9][0-9]{0,14}$/, 'must be the version the delete is based on').transform(Number) });

export function smartPlaylistRoutes(listening: Listening): Router {
  const { smart } = listening;
  const r = Router();
  r.get(smartPlaylistApi.list(), (_req, res) => {
    res.json(smart.list());
  });
  r.post(smartPlaylistApi.list(), (req, res) => {
    const body = parse(createBody, req.body ?? {});
    res.status(201).json(smart.create({ name: body.name, description: body.description ?? '', definition: body.definition as SmartDefinition }));
  });
  r.post(smartPlaylistApi.preview(), (req, res) => {
    const def = parse(smartDefinitionSchema, req.body ?? {}) as SmartDefinition;
    res.json(smart.evaluate(def, parse(pageQuery(100), req.query)));
  });
  r.get('/api/smart-playlists/:id', (req, res) => {
    const { id } = parse(idParams, req.params);
    const p = smart.get(id);
    if (!p) throw notFound(`smart playlist ${id} not found`);
    res.json(p);
  });
  r.put('/api/smart-playlists/:id', (req, res) => {
    const { id } = parse(idParams, req.params);
    const body = parse(updateBody, req.body ?? {});
    res.json(smart.update(id, {
      version: body.version,
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.definition !== undefined ? { definition: body.definition as SmartDefinition } : {}),
    }));
  });
  r.delete('/api/smart-playlists/:id', (req, res) => {
    const { id } = parse(idParams, req.params);
    smart.delete(id, parse(deleteQuery, req.query).version);
    res.status(204).end();
  });
  r.get('/api/smart-playlists/:id/tracks', (req, res) => {
    const { id } = parse(idParams, req.params);
    res.json(smart.tracks(id, parse(pageQuery(100), req.query)));
  });
  r.use(libraryErrors);
  return r;
}
