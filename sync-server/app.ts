// The sync server as an express app: health → fs objects route (signed URLs, rate limited per
// address) → /api: failed-sign-in lockout → bearer/cookie auth → scope → rate limit per caller →
// JSON body → sync, admin, read and listening routes; /rest (Subsonic, its own auth) → the remote
// player → JSON 404 → JSON errors. Access rules: access.ts.
import express, { type Express } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { browseRoutes } from '../app/contract/index.ts';
import { errorHandler, unknownRoute } from '../app/http/errors.ts';
import { mount } from '../app/http/mount.ts';
import { installDrain } from '../app/http/drain.ts';
import { jsonBody } from '../app/http/body.ts';
import type { FsStore } from '../app/storage/fs.ts';
import { fsObjectRoutes } from '../app/http/fsObjects.ts';
import { clientIp, createFailureGate, identityLimiter, lockout, principalKey, requireScope } from './access.ts';
import { authenticate, type Principal } from './auth.ts';
import { asCaller } from './journalBudget.ts';
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
  /** Requests per window per caller (the admin, or one device) on /api (default 1200). */
  limit: number;
  /** Requests per window per Subsonic caller on /rest (default 6000: clients fetch covers in bursts). */
  subsonicLimit: number;
  /** Requests per window per address on the fs /objects route (default 6000). */
  objectsLimit: number;
  /** Failed sign-ins per window per address (/api and /rest together) before it is locked out (default 30). */
  failures: number;
}

export const defaultRateLimit: RateLimitConfig = { windowMs: 60_000, limit: 1200, subsonicLimit: 6000, objectsLimit: 6000, failures: 30 };

export interface SyncAppOptions {
  context: SyncContext;
  rateLimit?: Partial<RateLimitConfig>;
  /** express `trust proxy` (behind a reverse proxy: its hop count or address). */
  trustProxy?: boolean | number | string;
  /** The built renderer served at `/` for the remote player (default dist/renderer; false: none). */
  rendererDir?: string | false;
}


export function createSyncApp(options: SyncAppOptions): Express {
  const ctx = options.context;
  const limits = { ...defaultRateLimit, ...options.rateLimit };
  const app = express();
  installDrain(app);
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
    app.use('/objects', identityLimiter(limits.windowMs, limits.objectsLimit, (req) => `ip:${ipKeyGenerator(clientIp(req))}`));
    app.use(fsObjectRoutes(ctx.store as FsStore));
  }

  const failures = createFailureGate(limits.failures, limits.windowMs);
  const cookies = createSessionCookies(ctx.catalog, () => ctx.auth.adminHash());
  app.use('/api', lockout(failures), authenticate(ctx.auth, cookies.verify, failures), requireScope,
    identityLimiter(limits.windowMs, limits.limit, (_req, res) => principalKey(res.locals.principal as Principal)), (_req, res, next) => {
      res.setHeader('Cache-Control', 'no-store');
      next();
    });
  app.use('/api', jsonBody('16mb'));
  // Journaled remote edits count against their caller's budget (journalBudget.ts).
  app.use('/api', (_req, res, next) => asCaller(principalKey(res.locals.principal as Principal), next));
  app.use(adminRoutes(ctx));
  app.use(syncRoutes(ctx));
  app.use(listeningSyncRoutes(ctx));
  app.use(readRoutes(ctx));
  app.use(listeningRoutes(ctx));
  app.use(subsonicRoutes(ctx, { failures, limits }));
  app.use(sessionCookieRoutes(cookies));
  if (options.rendererDir !== false) app.use(rendererMount(options.rendererDir ?? defaultRendererDir, ctx.store));
  app.use(unknownRoute);
  app.use(errorHandler);
  return app;
}
