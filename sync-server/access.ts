// Who may do what, and how often, on /api (and the failure budget Subsonic shares):
//
//   1. An address that presented too many invalid credentials lately is refused outright (429,
//      Retry-After), valid credentials or not — so a lockout is no oracle for guessing.
//   2. Credentials: the bearer token or the session cookie (auth.ts); an invalid one counts
//      against its address. Missing credentials are a plain 401 and count for nothing.
//   3. Scope, before anything else is looked at (403): the admin token may do everything; a
//      `sync` token (a desktop) only the sync protocol; a `listen` token (a remote player, every
//      Subsonic credential) everything else but admin: read, stream, listening data.
//   4. The rate limit, keyed on who it is (the admin, or a device), never on the header's text.
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, MemoryStore, rateLimit } from 'express-rate-limit';
import { sendError } from '../app/http/errors.ts';
import type { Principal } from './auth.ts';

/** Hits per key in a fixed window (express-rate-limit's memory store). */
export interface WindowCounter {
  /** Counts one hit; answers the seconds to wait when that went over the limit, else 0. */
  hit(key: string): Promise<number>;
  /** The seconds to wait when the key is over the limit now, else 0. */
  wait(key: string): Promise<number>;
}

export function createWindowCounter(limit: number, windowMs: number): WindowCounter {
  const store = new MemoryStore();
  store.init({ windowMs } as Parameters<MemoryStore['init']>[0]);
  const waitOf = (hits: { totalHits: number; resetTime: Date | undefined } | undefined, over: number) =>
    !hits || hits.totalHits <= over ? 0 : Math.max(1, Math.ceil(((hits.resetTime?.getTime() ?? Date.now() + windowMs) - Date.now()) / 1000));
  return {
    hit: async (key) => waitOf(await store.increment(key), limit),
    wait: async (key) => waitOf(await store.get(key), limit - 1),
  };
}

export interface FailureGate {
  /** Seconds until the address may try again, or 0 when it may now. */
  lockedFor(ip: string): Promise<number>;
  /** Records one failed sign-in from the address. */
  fail(ip: string): Promise<void>;
}

/** At most `limit` failed sign-ins per address per `windowMs`; past that, the address waits out the window. */
export function createFailureGate(limit: number, windowMs: number): FailureGate {
  const counter = createWindowCounter(limit, windowMs);
  return {
    lockedFor: (ip) => counter.wait(ipKeyGenerator(ip)),
    fail: async (ip) => void (await counter.hit(ipKeyGenerator(ip))),
  };
}

export const clientIp = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? '0.0.0.0';

/** 429 for an address locked out by failed sign-ins (before any credential is looked at). */
export function lockout(gate: FailureGate): RequestHandler {
  return (req, res, next) => {
    gate.lockedFor(clientIp(req)).then((seconds) => {
      if (seconds === 0) {
        next();
        return;
      }
      res.setHeader('Retry-After', String(seconds));
      sendError(res, 429, `too many failed sign-ins from this address; try again in ${seconds} s`);
    }, next);
  };
}

export type Scope = 'admin' | 'sync' | 'listen' | 'any';

/**
 * What a path under /api needs: admin routes the admin, the sync protocol a sync token, the rest a
 * listen token. Express matches routes case-insensitively (`/API/sync/commit` IS the commit route),
 * so the path is compared in lower case too.
 */
export function scopeOf(rawPath: string): Scope {
  const path = rawPath.toLowerCase();
  if (path === '/api/admin' || path.startsWith('/api/admin/')) return 'admin';
  if (path === '/api/sync/changes') return 'any';
  if (path.startsWith('/api/sync/')) return 'sync';
  return 'listen';
}

export function allows(p: Principal, scope: Scope): boolean {
  if (p.role === 'admin' || scope === 'any') return true;
  return scope !== 'admin' && p.scope === scope;
}

const refusal: Record<Exclude<Scope, 'any'>, string> = {
  admin: 'only the admin token may do this',
  sync: 'this token may not sync: the sync protocol needs a token created with scope "sync"',
  listen: 'this token may only sync: reading and playing need a token created with scope "listen"',
};

/** 403 unless the caller's scope covers the route (checked before the body is even parsed). */
export const requireScope: RequestHandler = (req, res, next) => {
  const scope = scopeOf(req.baseUrl + req.path);
  if (scope !== 'any' && !allows(res.locals.principal as Principal, scope)) {
    sendError(res, 403, refusal[scope]);
    return;
  }
  next();
};

export const principalKey = (p: Principal): string => (p.role === 'admin' ? 'admin' : `device:${p.deviceId}`);

/** `limit` requests per `windowMs` per caller (after authentication: the admin, or one device). */
export function identityLimiter(windowMs: number, limit: number, key: (req: Request, res: Response) => string): RequestHandler {
  return rateLimit({
    windowMs, limit, standardHeaders: 'draft-8', legacyHeaders: false, keyGenerator: key,
    validate: { keyGeneratorIpFallback: false },
    handler: (_req, res) => sendError(res, 429, 'too many requests; retry after the number of seconds in Retry-After'),
  });
}
