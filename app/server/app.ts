// The library HTTP API (app/contract) as an express app: host check, secret, routes, renderer.
import type { ServerResponse } from 'node:http';
import express, { type Express } from 'express';
import type { Catalog } from '../catalog/index.ts';
import { createQueries, type Queries } from '../catalog/queries/index.ts';
import { browseRoutes as browseApi, controlRoutes } from '../contract/index.ts';
import type { SearchIndex } from '../search/index.ts';
import { entry, hostCheck, requireSecret } from './auth.ts';
import { coverHandler } from './covers.ts';
import { errorHandler, unknownRoute } from '../http/errors.ts';
import { mount } from '../http/mount.ts';
import type { LibraryControl } from '../scanner/library.ts';
import { streamHandler } from './media.ts';
import { defaultRendererDir, rendererRoutes } from './renderer.ts';
import { browseRoutes } from './routes/browse.ts';
import { libraryRoutes } from './routes/library.ts';
import { playerRoutes } from './routes/player.ts';
import { searchRoutes } from './routes/search.ts';
import { createListening, type Listening } from '../library/index.ts';
import { historyRoutes } from './routes/history.ts';
import { playlistRoutes } from './routes/playlists.ts';
import { prefsRoutes } from './routes/prefs.ts';
import { recommendRoutes } from './routes/recommend.ts';
import { smartPlaylistRoutes } from './routes/smartPlaylists.ts';
import { syncRoutes } from './routes/sync.ts';
import { loudnessRoutes } from './routes/loudness.ts';
import type { LoudnessJob } from '../loudness/job.ts';
import { version as appVersion } from './version.ts';
import { installDrain } from '../http/drain.ts';
import { jsonBody } from '../http/body.ts';

export interface ApiAppOptions {
  catalog: Catalog;
  /** Prepared read queries; created from `catalog` when omitted. */
  queries?: Queries;
  coverDir: string;
  /** The per-launch secret. */
  token: string;
  /** Host names accepted besides the loopback ones (e.g. the --host given). */
  allowedHosts?: readonly string[];
  library: LibraryControl;
  search: SearchIndex;
  /** The built renderer; default `<repo>/dist/renderer`. */
  rendererDir?: string;
  version?: string;
  /** Playlists, history, prefs, smart playlists, recommendations; created from `catalog` when omitted. */
  listening?: Listening;
  /** The background loudness measurement (Settings → Loudness); its routes are mounted when given. */
  loudness?: LoudnessJob;
}

export interface ApiApp {
  app: Express;
  /** Ends open server-sent event streams (call before closing the HTTP server). */
  endStreams(): void;

}

export function createApiApp(options: ApiAppOptions): ApiApp {
  const queries = options.queries ?? createQueries(options.catalog);
  const listening = options.listening ?? createListening({ catalog: options.catalog, queries, recommend: { computeOnStart: false } });
  const version = options.version ?? appVersion;
  const auth = { token: options.token, allowedHosts: options.allowedHosts };
  const streams = new Set<ServerResponse>();
  const app = express();
  installDrain(app);
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });
  app.use(hostCheck(auth));

  mount(app.router, browseApi.health, () => ({ ok: true, version, mode: 'local' }));
  app.use('/api', requireSecret(auth), (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use('/api', jsonBody('4mb'));
  mount(app.router, browseApi.session, () => ({ authenticated: true, mode: 'local', version }));
  app.use(browseRoutes(queries));
  app.get(controlRoutes.stream.path, streamHandler(queries.tracks));
  app.get(controlRoutes.cover.path, coverHandler({ covers: options.catalog.covers, coverDir: options.coverDir }));
  app.use(searchRoutes(options.search, queries));
  app.use(playerRoutes(queries.player));
  app.use(libraryRoutes({ catalog: options.catalog, library: options.library, streams }));
  app.use(playlistRoutes({ listening, covers: options.catalog.covers, coverDir: options.coverDir }));
  app.use(historyRoutes(listening));
  app.use(prefsRoutes(listening));
  app.use(smartPlaylistRoutes(listening));
  app.use(recommendRoutes(listening));
  app.use(syncRoutes({ catalog: options.catalog, coverDir: options.coverDir, streams, listening }));
  if (options.loudness) app.use(loudnessRoutes(options.loudness, streams));
  app.use('/api', unknownRoute);

  app.get('/', entry(auth));
  app.use(rendererRoutes(options.rendererDir ?? defaultRendererDir));
  app.use(unknownRoute);
  app.use(errorHandler);

  return {
    app,
    endStreams() {
      for (const s of streams) s.end();
      streams.clear();
    },
  };
}
