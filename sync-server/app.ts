// The sync server as an express app: health → rate limit → fs objects route (signed URLs, no
// bearer) → bearer auth → JSON body → sync, admin, read and listening routes → JSON 404 → JSON errors.
import crypto from 'node:crypto';
import express, { type Express, type Request } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { browseRoutes } from '../app/contract/index.ts';
import { errorHandler, sendError, unknownRoute } from '../app/http/errors.ts';
import { mount } from '../app/http/mount.ts';
import type { FsStore } from '../app/storage/fs.ts';
import { fsObjectRoutes } from '../app/http/fsObjects.ts';
import { authenticate } from './auth.ts';
import type { SyncContext } from './context.ts';
import { adminRoutes } from './routes/admin.ts';
import { listeningRoutes } from './routes/listening.ts';
import { listeningSyncRoutes } from './routes/listeningSync.ts';
import { readRoutes } from './routes/read.ts';
import { syncRoutes } from './routes/sync.ts';
import { subsonicRoutes } from './subsonic/index.ts';
import { createSessionCookies, rendererMount, sessionCookieRoutes } from './web.ts';
import { defaultRendererDir } from '../app/server/renderer.ts';

export interface RateLimitConfig {
  /** Window length in ms (default 60 000). */
  windowMs: number;
  /** Requests per window per token (or per IP without one) on /api (default 1200). */
  limit: number;
  /** Requests per window per IP on the fs /objects route (default 6000). */
  objectsLimit: number;
}

export const defaultRateLimit: RateLimitConfig = { windowMs: 60_000, limit: 1200, objectsLimit: 6000 };

export interface SyncAppOptions {
  context: SyncContext;
  rateLimit?: Partial<RateLimitConfig>;
  /** express `trust proxy` (behind a reverse proxy: its hop count or address). */
  trustProxy?: boolean | number | string;
  /** The built renderer served at `/` for the remote player (default dist/renderer; false: none). */
  rendererDir?: string | false;
}

/** Rate-limit key: the bearer token's hash when there is one, else the client address. */
const tokenKeys = new Map<string, string>();

function clientKey(req: Request): string {
  const auth = req.headers.authorization;
  if (auth) {
    // Remembered per header (a hash per request showed up in profiles of the stream-URL endpoint).
    let key = tokenKeys.get(auth);
    if (key === undefined) {
      if (tokenKeys.size >= 10_000) tokenKeys.clear();
      key = `t:${crypto.createHash('sha256').update(auth).digest('base64url')}`;
      tokenKeys.set(auth, key);
    }
    return key;
  }
  return `ip:${ipKeyGenerator(req.ip ?? '0.0.0.0')}`;
}

function limiter(windowMs: number, limit: number, key: (req: Request) => string) {
  return rateLimit({
    windowMs, limit, standardHeaders: 'draft-8', legacyHeaders: false, keyGenerator: key,
    validate: { keyGeneratorIpFallback: false },
    handler: (_req, res) => sendError(res, 429, 'too many requests; retry after the number of seconds in Retry-After'),
  });
}

export function createSyncApp(options: SyncAppOptions): Express {
  const ctx = options.context;
  const limits = { ...defaultRateLimit, ...options.rateLimit };
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });

  mount(app.router, browseRoutes.health, () => ({ ok: true, version: ctx.version, mode: 'remote' }));

  if (ctx.store.kind === 'fs') {
    app.use('/objects', limiter(limits.windowMs, limits.objectsLimit, (req) => `ip:${ipKeyGenerator(req.ip ?? '0.0.0.0')}`));
    app.use(fsObjectRoutes(ctx.store as FsStore));
  }

  const cookies = createSessionCookies(ctx.catalog);
  app.use('/api', limiter(limits.windowMs, limits.limit, clientKey), authenticate(ctx.auth, cookies.verify), (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use('/api', express.json({ limit: '16mb' }));
  app.use(adminRoutes(ctx));
  app.use(syncRoutes(ctx));
  app.use(listeningSyncRoutes(ctx));
  app.use(readRoutes(ctx));
  app.use(listeningRoutes(ctx));
  app.use(subsonicRoutes(ctx));
  app.use(sessionCookieRoutes(cookies));
  if (options.rendererDir !== false) app.use(rendererMount(options.rendererDir ?? defaultRendererDir, ctx.store));
  app.use(unknownRoute);
  app.use(errorHandler);
  return app;
}
