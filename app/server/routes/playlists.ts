// Playlists: CRUD, idempotent adds, remove/move/reorder with versions (409 + current state when
// stale), the cover mosaic, and M3U/M3U8 import/export.
import express, { Router } from 'express';
import { z } from 'zod';
import type { CoverStore } from '../../catalog/covers.ts';
import { playlistApi } from '../../contract/index.ts';
import type { Listening } from '../../library/index.ts';
import { decodeM3u } from '../../library/m3u.ts';
import { playlistMosaic } from '../../library/mosaic.ts';
import { notFound } from '../errors.ts';
import { coverQuery, idParams, parse } from '../validate.ts';
import { libraryErrors } from './libraryErrors.ts';

const ids = z.array(z.number().int().positive()).max(10_000);
const version = z.number().int().min(1);
const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const description = z.string().max(2000, 'must be at most 2000 characters');

const createBody = z.object({ name, description: description.optional(), trackIds: ids.optional() }).strict();
const updateBody = z.object({ version, name: name.optional(), description: description.optional() }).strict();
const addBody = z.object({
  key: z.string().min(1, 'must not be empty').max(200),
  version: version.optional(),
  trackIds: ids.optional(),
  albumIds: z.array(z.number().int().positive()).max(1000).optional(),
  position: z.number().int().min(0).optional(),
}).strict();
const removeBody = z.object({ version, entryIds: ids.min(1, 'must not be empty') }).strict();
const moveBody = z.object({ version, from: z.number().int().min(0), to: z.number().int().min(0) }).strict();
const orderBody = z.object({ version, entryIds: z.array(z.number().int().positive()).max(100_000) }).strict();
const deleteQuery = z.object({ version: z.string().regex(/^[1-9][0-9]{0,14}$/, 'must be the version the delete is based on').transform(Number) });
const exportQuery = z.object({
  format: z.enum(['m3u', 'm3u8']).default('m3u8'),
  paths: z.enum(['relative', 'absolute']).default('absolute'),
  base: z.string().min(1).max(4096).optional(),
});
const importQuery = z.object({ name: z.string().max(200).optional(), base: z.string().min(1).max(4096).optional() });

export function playlistRoutes(options: { listening: Listening; covers: CoverStore; coverDir: string }): Router {
  const { playlists, files } = options.listening;
  const r = Router();
  r.get(playlistApi.list(), (_req, res) => {
    res.json(playlists.list());
  });
  r.post(playlistApi.list(), (req, res) => {
    res.status(201).json(playlists.create(parse(createBody, req.body ?? {})));
  });
  r.post(playlistApi.importFile(), express.raw({ type: () => true, limit: '20mb' }), (req, res) => {
    const q = parse(importQuery, req.query);
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.from(typeof req.body === 'string' ? req.body : '');
    res.status(201).json(files.import({ text: decodeM3u(body), name: q.name, base: q.base }));
  });
  r.get('/api/playlists/:id', (req, res) => {
    const { id } = parse(idParams, req.params);
    const p = playlists.get(id);
    if (!p) throw notFound(`playlist ${id} not found`);
    res.json(p);
  });
  r.put('/api/playlists/:id', (req, res) => {
    const { id } = parse(idParams, req.params);
    res.json(playlists.update(id, parse(updateBody, req.body ?? {})));
  });
  r.delete('/api/playlists/:id', (req, res) => {
    const { id } = parse(idParams, req.params);
    playlists.delete(id, parse(deleteQuery, req.query).version);
    res.status(204).end();
  });
  r.post('/api/playlists/:id/entries', (req, res) => {
    const { id } = parse(idParams, req.params);
    const result = playlists.add(id, parse(addBody, req.body ?? {}));
    res.status(result.replayed ? 200 : 201).json(result);
  });
  r.put('/api/playlists/:id/entries', (req, res) => {
    const { id } = parse(idParams, req.params);
    res.json(playlists.reorder(id, parse(orderBody, req.body ?? {})));
  });
  r.post('/api/playlists/:id/entries/remove', (req, res) => {
    const { id } = parse(idParams, req.params);
    res.json(playlists.remove(id, parse(removeBody, req.body ?? {})));
  });
  r.post('/api/playlists/:id/entries/move', (req, res) => {
    const { id } = parse(idParams, req.params);
    res.json(playlists.move(id, parse(moveBody, req.body ?? {})));
  });
  r.get('/api/playlists/:id/mosaic', async (req, res) => {
    const { id } = parse(idParams, req.params);
    const { size } = parse(coverQuery, { size: req.query.size ?? 'medium' });
    const p = playlists.list().find((x) => x.id === id);
    if (!p) throw notFound(`playlist ${id} not found`);
    const mosaic = await playlistMosaic({ covers: options.covers, coverDir: options.coverDir, coverIds: p.coverIds, size });
    if (!mosaic) throw notFound(`playlist ${id} has no cover art`);
    const etag = `"${mosaic.key}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'private, no-cache');
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    res.type('image/webp').sendFile(mosaic.file, { dotfiles: 'allow', etag: false, lastModified: false, cacheControl: false });
  });
  r.get('/api/playlists/:id/export', (req, res) => {
    const { id } = parse(idParams, req.params);
    const q = parse(exportQuery, req.query);
    const out = files.export({ id, format: q.format, paths: q.paths, base: q.base });
    res.setHeader('Content-Type', out.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${out.fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(out.fileName)}`);
    res.send(out.body);
  });
  r.use(libraryErrors);
  return r;
}
