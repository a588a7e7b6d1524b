// Library control: the folders, rescans, scan progress (server-sent events), errors, stats, demo.
import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { Router } from 'express';
import type { Catalog } from '../../catalog/index.ts';
import { api, scanEventName, type LibraryFolders, type LibraryStats, type Page, type ScanError, type ScanProgress } from '../../contract/index.ts';
import { HttpError, notFound } from '../errors.ts';
import type { LibraryControl } from '../library.ts';
import { libraryFolders, pageQuery, parse } from '../validate.ts';

export interface LibraryRouteOptions {
  catalog: Catalog;
  library: LibraryControl;
  /** Open event streams, so the server can end them on close. */
  streams: Set<ServerResponse>;
}

export function libraryRoutes({ catalog, library, streams }: LibraryRouteOptions): Router {
  const r = Router();
  r.get(api.libraryFolders(), (_req, res) => {
    res.json({ folders: library.folders() } satisfies LibraryFolders);
  });
  r.put(api.libraryFolders(), async (req, res) => {
    const { folders } = parse(libraryFolders, req.body ?? {});
    folders.forEach((folder, i) => {
      const field = `folders.${i}`;
      if (!path.isAbsolute(folder)) throw new HttpError(400, `${field}: must be an absolute path`, { field });
      let stat: fs.Stats;
      try {
        stat = fs.statSync(folder);
      } catch {
        throw new HttpError(400, `${field}: no such folder: ${folder}`, { field });
      }
      if (!stat.isDirectory()) throw new HttpError(400, `${field}: not a folder: ${folder}`, { field });
    });
    res.json({ folders: await library.setFolders(folders) } satisfies LibraryFolders);
  });
  r.post(api.rescan(), (_req, res) => {
    library.rescan();
    res.status(202).json(library.progress());
  });
  r.get(api.scanEvents(), (req, res) => {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    const send = (p: ScanProgress) => res.write(`event: ${scanEventName}\ndata: ${JSON.stringify(p)}\n\n`);
    res.write('retry: 2000\n\n');
    send(library.progress());
    const unsubscribe = library.subscribe(send);
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    streams.add(res);
    req.on('close', () => {
      clearInterval(ping);
      unsubscribe();
      streams.delete(res);
    });
  });
  r.get(api.scanErrors(), (req, res) => {
    const { offset, limit } = parse(pageQuery(), req.query);
    const all = catalog.scanErrors.list();
    res.json({ items: all.slice(offset, offset + limit), total: all.length, offset, limit } satisfies Page<ScanError>);
  });
  r.get(api.stats(), (_req, res) => {
    res.json(catalog.stats() satisfies LibraryStats);
  });
  r.post(api.demo(), async (_req, res) => {
    const demo = library.demoDir();
    if (!demo) throw notFound('the demo library is not available in this build');
    const folders = library.folders();
    res.json({ folders: folders.includes(demo) ? folders : await library.setFolders([...folders, demo]) } satisfies LibraryFolders);
  });
  return r;
}
