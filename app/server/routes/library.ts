// Library control: the folders, rescans, scan progress (server-sent events), errors, stats, demo.
import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { Router } from 'express';
import type { Catalog } from '../../catalog/index.ts';
import { browseRoutes, controlRoutes as routes, scanEventName, type ScanProgress } from '../../contract/index.ts';
import { HttpError, notFound } from '../../http/errors.ts';
import { eventStream } from '../../http/events.ts';
import { mount } from '../../http/mount.ts';
import type { LibraryControl } from '../../scanner/library.ts';

export interface LibraryRouteOptions {
  catalog: Catalog;
  library: LibraryControl;
  /** Open event streams, so the server can end them on close. */
  streams: Set<ServerResponse>;
}

export function libraryRoutes({ catalog, library, streams }: LibraryRouteOptions): Router {
  const r = Router();
  mount(r, routes.libraryFolders, () => ({ folders: library.folders() }));
  mount(r, routes.setLibraryFolders, async ({ body: { folders } }) => {
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
    return { folders: await library.setFolders(folders) };
  });
  mount(r, routes.rescan, () => {
    library.rescan();
    return library.progress();
  });
  mount(r, routes.scanEvents, (_input, req, res) => {
    eventStream<ScanProgress>(req, res, { event: scanEventName, current: library.progress(), subscribe: (send) => library.subscribe(send), streams });
  });
  mount(r, routes.scanErrors, ({ query: { offset, limit } }) => {
    const all = catalog.scanErrors.list();
    return { items: all.slice(offset, offset + limit), total: all.length, offset, limit };
  });
  mount(r, browseRoutes.stats, () => catalog.stats());
  mount(r, routes.demo, async () => {
    const demo = library.demoDir();
    if (!demo) throw notFound('the demo library is not available in this build');
    const folders = library.folders();
    return { folders: folders.includes(demo) ? folders : await library.setFolders([...folders, demo]) };
  });
  return r;
}
