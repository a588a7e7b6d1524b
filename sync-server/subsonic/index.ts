// The OpenSubsonic API on the sync server: `/rest/<name>` and `/rest/<name>.view`, GET, HEAD and
// form POST, answering XML (default), JSON or JSONP. Also mounts the admin endpoints for
// Subsonic users and settings under /api/admin/subsonic (bearer auth by the app's /api pipeline).
import compression from 'compression';
import cors from 'cors';
import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { HttpError } from '../../app/http/errors.ts';
import { LibraryError } from '../../app/library/index.ts';
import { asCaller } from '../journalBudget.ts';
import type { SyncContext } from '../context.ts';
import { subsonicAdminRoutes } from './admin.ts';
import { clientIp, createFailureGate, createWindowCounter, type FailureGate } from '../access.ts';
import type { RateLimitConfig } from '../app.ts';
import { authenticate, type SubsonicPrincipal } from './auth.ts';
import { bookmarkHandlers } from './bookmarks.ts';
import { browseHandlers } from './browse.ts';
import { envelope, ErrorCode, errorPayload, sendEnvelope, SubsonicError, type Format, type Payload } from './envelope.ts';
import { libraryHandlers, createLibraryStores, type LibraryStores } from './library.ts';
import { discoverHandlers } from './discover.ts';
import { createLyricsHandlers } from './lyrics.ts';
import { mediaHandlers } from './media.ts';
import { Params } from './params.ts';
import { queueHandlers } from './queue.ts';
import { createShapes, type Shapes } from './shapes.ts';
import { systemHandlers } from './system.ts';
import { createSubsonicUsers, type SubsonicUsers } from './users.ts';

export interface SubsonicServices {
  ctx: SyncContext;
  shapes: Shapes;
  users: SubsonicUsers;
  library: LibraryStores;
  /** "Now playing" notifications (scrobble with submission=false), by user. */
  nowPlaying: Map<string, { trackId: number; client: string; at: number }>;
  now(): number;
}

export interface Call {
  params: Params;
  user: SubsonicPrincipal;
  /** The `c` parameter (client name). */
  client: string;
  format: Format;
  req: Request;
  res: Response;
  s: SubsonicServices;
}

/** Answers a `subsonic-response` payload. */
export type JsonHandler = (call: Call) => Payload | Promise<Payload>;
/** Writes the response itself (binary: stream, download, getCoverArt). */
export type RawHandler = (call: Call) => Promise<void>;

export interface Handlers {
  json: Record<string, JsonHandler>;
  raw: Record<string, RawHandler>;
}

/** Endpoints that answer without credentials (the spec requires it of getOpenSubsonicExtensions). */
const publicEndpoints = new Set(['getOpenSubsonicExtensions']);

function formatOf(params: Params): Format {
  const f = params.get('f');
  return f === 'json' || f === 'jsonp' ? f : 'xml';
}

export function sendSubsonicError(call: Pick<Call, 'res' | 'format' | 'params' | 's'>, err: SubsonicError): void {
  sendEnvelope(call.res, envelope(call.s.ctx.version, 'failed', errorPayload(err)), {
    format: call.format, callback: call.params.get('callback'), httpStatus: err.httpStatus,
  });
}

function fromLibrary(err: LibraryError): SubsonicError {
  switch (err.kind) {
    case 'not-found': return new SubsonicError(ErrorCode.notFound, err.message);
    case 'forbidden': return new SubsonicError(ErrorCode.notAuthorized, err.message);
    default: return new SubsonicError(ErrorCode.generic, err.message);
  }
}

export interface SubsonicRouteOptions {
  now?: () => number;
  /** The failed sign-in budget per address, shared with /api (default: its own, 30 a minute). */
  failures?: FailureGate;
  limits?: Pick<RateLimitConfig, 'windowMs' | 'subsonicLimit'>;
}

export function subsonicRoutes(ctx: SyncContext, options: SubsonicRouteOptions = {}): Router {
  const now = options.now ?? Date.now;
  const users = createSubsonicUsers(ctx.catalog, ctx.auth, now);
  const s: SubsonicServices = {
    ctx, users, now,
    shapes: createShapes(ctx.catalog.db, { generation: () => ctx.mirror.generation() }),
    library: createLibraryStores(ctx),
    nowPlaying: new Map(),
  };
  const json = new Map<string, JsonHandler>();
  const raw = new Map<string, RawHandler>();
  const handlers = [systemHandlers, browseHandlers, mediaHandlers, libraryHandlers, discoverHandlers, bookmarkHandlers, queueHandlers, createLyricsHandlers()];
  for (const h of handlers) {
    for (const [name, fn] of Object.entries(h.json)) json.set(name.toLowerCase(), fn);
    for (const [name, fn] of Object.entries(h.raw)) raw.set(name.toLowerCase(), fn);
  }
  const names = new Map(handlers.flatMap((h) => [...Object.keys(h.json), ...Object.keys(h.raw)]).map((n) => [n.toLowerCase(), n]));
  const failures = options.failures ?? createFailureGate(30, 60_000);
  const windowMs = options.limits?.windowMs ?? 60_000;
  const perCaller = createWindowCounter(options.limits?.subsonicLimit ?? 6000, windowMs);

  const r = Router();
  // A server address entered with a trailing slash makes some clients ask for `//rest/ping.view`.
  r.use((req, _res, next) => {
    if (/^\/{2,}rest\//.test(req.url)) req.url = req.url.replace(/^\/+/, '/');
    next();
  });
  // Browser clients (Feishin's web build, airsonic-refix, Aonsoku…) call /rest from their own origin.
  // Credentials travel in the parameters, never in cookies, so any origin may read the answers
  // (no `Allow-Credentials`); preflights (e.g. Feishin sends `Content-Type: application/json`)
  // answer 204 with the headers asked for, and stream/cover answers expose what a ranged read needs.
  r.use('/rest', cors({
    origin: '*', methods: ['GET', 'HEAD', 'POST'], maxAge: 86_400,
    exposedHeaders: ['Content-Length', 'Content-Range', 'Accept-Ranges', 'ETag', 'Last-Modified', 'Retry-After'],
  }));
  // Answers compressed when the client accepts it (gzip, deflate, br): XML and JSON shrink about
  // fivefold. Only compressible types (JSON, XML; never audio or
  // JPEG/PNG covers), and never a ranged answer, whose bytes must be the object's own.
  r.use('/rest', compression({ filter: (req, res) => req.headers.range === undefined && compression.filter(req, res) }));
  r.use('/rest', express.text({ type: 'application/x-www-form-urlencoded', limit: '4mb' }));
  // A form body over the limit (or in a charset other than UTF-8) is a Subsonic error in the
  // format asked for in the query, with its HTTP status (413, 415), not the /api JSON error.
  r.use('/rest', ((err, req, res, next) => {
    const status = (err as { status?: unknown }).status;
    if (typeof status !== 'number' || status < 400 || status >= 500) {
      next(err);
      return;
    }
    const q = req.originalUrl.indexOf('?');
    const params = new Params(q >= 0 ? req.originalUrl.slice(q + 1) : '', null);
    const message = status === 413 ? 'The request body is larger than 4 MB' : `The request body cannot be read: ${(err as Error).message}`;
    sendSubsonicError({ res, format: formatOf(params), params, s }, new SubsonicError(ErrorCode.generic, message, { httpStatus: status }));
  }) as ErrorRequestHandler);
  r.use('/rest', async (req, res, next) => {
    const m = /^\/([A-Za-z0-9]{1,64})(?:\.view)?\/?$/.exec(req.path);
    if (!m?.[1]) {
      next();
      return;
    }
    const key = m[1].toLowerCase();
    const q = req.originalUrl.indexOf('?');
    const params = new Params(q >= 0 ? req.originalUrl.slice(q + 1) : '', req.method === 'POST' && typeof req.body === 'string' ? req.body : null);
    const format = formatOf(params);
    const base = { res, format, params, s };
    if (req.method !== 'GET' && req.method !== 'POST' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD, POST');
      sendSubsonicError(base, new SubsonicError(ErrorCode.generic, `Method ${req.method} not allowed`, { httpStatus: 405 }));
      return;
    }
    const jsonHandler = json.get(key);
    const rawHandler = raw.get(key);
    if (!jsonHandler && !rawHandler) {
      // HTTP 200 with a Subsonic error, as for every other failure: clients (py-sonic, downsonic…)
      // read the envelope and carry on; an HTTP 404 made them report a broken server.
      sendSubsonicError(base, new SubsonicError(ErrorCode.generic, `Unsupported API method: ${m[1]}`));
      return;
    }
    const name = names.get(key) ?? m[1];
    const ip = clientIp(req);
    try {
      let user: SubsonicPrincipal;
      if (publicEndpoints.has(name)) {
        user = { username: '', deviceId: null, admin: false };
      } else {
        // A locked-out address is refused before any credential is checked, with its own answer
        // (HTTP 429, code 0), never "wrong password" (40), which clients take as a bad password.
        const locked = await failures.lockedFor(ip);
        if (locked > 0) {
          res.setHeader('Retry-After', String(locked));
          throw new SubsonicError(ErrorCode.generic, `Too many failed sign-ins from this address; try again in ${locked} s`, { httpStatus: 429 });
        }
        try {
          user = authenticate(params, ctx.auth, users);
        } catch (err) {
          if (err instanceof SubsonicError && (err.code === ErrorCode.wrongCredentials || err.code === ErrorCode.invalidApiKey)) await failures.fail(ip);
          throw err;
        }
        // The rate limit is per caller (a device / API key, or a user), never per address or header text.
        const wait = await perCaller.hit(user.deviceId !== null ? `device:${user.deviceId}` : `user:${user.username}`);
        if (wait > 0) {
          res.setHeader('Retry-After', String(wait));
          throw new SubsonicError(ErrorCode.generic, `Too many requests; retry in ${wait} s`, { httpStatus: 429 });
        }
      }
      const call: Call = { params, user, client: params.get('c') ?? '', format, req, res, s };
      // Journaled edits count against this caller's budget (../journalBudget.ts), as on /api.
      const caller = user.admin ? 'admin' : user.deviceId !== null ? `device:${user.deviceId}` : `user:${user.username}`;
      if (rawHandler) {
        await asCaller(caller, () => rawHandler(call));
        return;
      }
      const payload = await asCaller(caller, () => (jsonHandler as JsonHandler)(call));
      sendEnvelope(res, envelope(ctx.version, 'ok', payload), { format, callback: params.get('callback') });
    } catch (err) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof SubsonicError) sendSubsonicError(base, err);
      else if (err instanceof LibraryError) sendSubsonicError(base, fromLibrary(err));
      else if (err instanceof HttpError && err.status === 429) {
        for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
        sendSubsonicError(base, new SubsonicError(ErrorCode.generic, `${err.message.charAt(0).toUpperCase()}${err.message.slice(1)}`, { httpStatus: 429 }));
      }
      else sendSubsonicError(base, new SubsonicError(ErrorCode.generic, `Internal error: ${(err as Error).message}`, { httpStatus: 500 }));
    }
  });
  r.use(subsonicAdminRoutes(users));
  return r;
}
