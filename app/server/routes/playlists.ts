// Playlists: CRUD, idempotent adds, remove/move/reorder with versions (409 + current state when
// stale), the cover mosaic, and M3U/M3U8 import/export.
import { Router } from 'express';
import type { CoverStore } from '../../catalog/covers.ts';
import { playlistRoutes as routes } from '../../contract/index.ts';
import { notFound } from '../../http/errors.ts';
import { mount } from '../../http/mount.ts';
import type { Listening } from '../../library/index.ts';
import { decodeM3u } from '../../library/m3u.ts';
import { playlistMosaic } from '../../library/mosaic.ts';
import { libraryErrors } from './libraryErrors.ts';

export function playlistRoutes(options: { listening: Listening; covers: CoverStore; coverDir: string }): Router {
  const { playlists, files } = options.listening;
  const r = Router();
  mount(r, routes.playlists, () => playlists.list());
  mount(r, routes.createPlaylist, ({ body }) => playlists.create(body));
  mount(r, routes.importPlaylist, ({ query }, req) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.from(typeof req.body === 'string' ? req.body : '');
    return files.import({ text: decodeM3u(body), bytes: body, name: query.name, base: query.base });
  });
  mount(r, routes.playlist, ({ params: { id } }) => {
    const p = playlists.get(id);
    if (!p) throw notFound(`playlist ${id} not found`);
    return p;
  });
  mount(r, routes.updatePlaylist, ({ params, body }) => playlists.update(params.id, body));
  mount(r, routes.deletePlaylist, ({ params, query }) => {
    playlists.delete(params.id, query.version);
  });
  mount(r, routes.addEntries, ({ params, body }, _req, res) => {
    const result = playlists.add(params.id, body);
    if (result.replayed) res.status(200);
    return result;
  });
  mount(r, routes.orderEntries, ({ params, body }) => playlists.reorder(params.id, body));
  mount(r, routes.removeEntries, ({ params, body }) => playlists.remove(params.id, body));
  mount(r, routes.moveEntry, ({ params, body }) => playlists.move(params.id, body));
  mount(r, routes.mosaic, async ({ params: { id }, query: { size } }, req, res) => {
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
  mount(r, routes.exportPlaylist, ({ params: { id }, query: q }, _req, res) => {
    const out = files.export({ id, format: q.format, paths: q.paths, base: q.base });
    res.setHeader('Content-Type', out.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${out.fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(out.fileName)}`);
    res.send(out.body);
  });
  r.use(libraryErrors);
  return r;
}
