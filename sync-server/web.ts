// The remote player: the built renderer (dist/renderer, the same build as the desktop) at `/` with
// an SPA fallback, and the cookie session that lets <audio>, <img> and the service worker ride a
// device token. The page signs in with a bearer token (kept in its localStorage) and exchanges it
// for a short-lived HttpOnly, SameSite=Strict cookie: `POST /api/session/cookie`. The cookie holds
// no token, only `role.deviceId.expiry` signed with a server secret, so revoking the device ends it.
import crypto from 'node:crypto';
import { Router, type Request, type RequestHandler } from 'express';
import { parse as parseCookies } from 'cookie';
import { remoteRoutes } from '../app/contract/index.ts';
import { HttpError } from '../app/http/errors.ts';
import { mount } from '../app/http/mount.ts';
import { rendererRoutes } from '../app/server/renderer.ts';
import type { Store } from '../app/storage/types.ts';
import type { MirrorCatalog } from './db/open.ts';
import type { Principal } from './auth.ts';
import { principalOf } from './auth.ts';

export const sessionCookieName = 'tonearm_sync';
/** Cookie lifetime; the page renews it at every start (it still has the bearer token). */
export const sessionCookieTtlMs = 12 * 3600 * 1000;

export interface SessionCookies {
  issue(principal: Principal): string;
  /** The principal of a valid, unexpired cookie whose device is not revoked; else null. */
  verify(req: Request): Principal | null;
}

/**
 * Cookies are HMAC-signed with a server secret; an admin cookie is also bound to the admin token's
 * hash, so changing the admin token ends every admin session.
 */
export function createSessionCookies(catalog: MirrorCatalog, adminHash: () => string | null, now: () => number = Date.now): SessionCookies {
  let secret = catalog.settings.get<string | null>('mirror.cookieSecret', null);
  if (!secret) {
    secret = crypto.randomBytes(32).toString('base64url');
    catalog.settings.set('mirror.cookieSecret', secret);
  }
  const key = secret;
  const device = catalog.db.prepare<[number], { revoked_at: number | null; scope: 'sync' | 'listen' }>('SELECT revoked_at, scope FROM mirror_devices WHERE id = ?');
  const sign = (payload: string) => crypto.createHmac('sha256', key).update(payload)
    .update(payload.startsWith('a.') ? `\n${adminHash() ?? ''}` : '').digest('base64url');
  return {
    issue(principal) {
      const payload = `${principal.role === 'admin' ? 'a' : 'd'}.${principal.role === 'device' ? principal.deviceId : 0}.${now() + sessionCookieTtlMs}`;
      return `${payload}.${sign(payload)}`;
    },
    verify(req) {
      const raw = req.headers.cookie ? parseCookies(req.headers.cookie)[sessionCookieName] : undefined;
      const m = raw ? /^([ad])\.(\d{1,12})\.(\d{1,15})\.([\w-]{43})$/.exec(raw) : null;
      if (!m) return null;
      const [, role, id, exp, mac] = m as unknown as [string, string, string, string, string];
      const expected = sign(`${role}.${id}.${exp}`);
      if (!crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) return null;
      if (Number(exp) < now()) return null;
      if (role === 'a') return { role: 'admin' };
      const row = device.get(Number(id));
      return row && row.revoked_at === null ? { role: 'device', deviceId: Number(id), scope: row.scope } : null;
    },
  };
}

/** `POST /api/session/cookie` (authenticated) sets the cookie; `DELETE` clears it (sign out). */
export function sessionCookieRoutes(cookies: SessionCookies): Router {
  const r = Router();
  const options = (req: Request) => ({ httpOnly: true, sameSite: 'strict' as const, path: '/', secure: req.secure });
  mount(r, remoteRoutes.startCookie, (_input, req, res) => {
    // Issued for a bearer token only: a cookie that could renew itself would never end.
    if (req.headers.authorization === undefined) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="tonearm-sync"');
      throw new HttpError(401, 'a session cookie is issued for a device token (Authorization: Bearer …), not for another cookie');
    }
    res.cookie(sessionCookieName, cookies.issue(principalOf(res)), { ...options(req), maxAge: sessionCookieTtlMs });
  });
  mount(r, remoteRoutes.endCookie, (_input, req, res) => {
    res.clearCookie(sessionCookieName, options(req));
  });
  return r;
}

/**
 * The renderer for every GET outside /api, /rest (Subsonic) and /objects (fs store). Its CSP lets
 * media, images and fetch (prefetch, the service worker) reach the storage origin, found once by
 * presigning a probe URL (S3 endpoint, virtual-host bucket, or the fs store's public URL).
 */
export function rendererMount(dir: string, store: Store): RequestHandler {
  let routes: Promise<RequestHandler> | null = null;
  const build = async (): Promise<RequestHandler> => {
    const probe = await store.presignGet('renditions/csp-probe', { ttlSeconds: 60 });
    return rendererRoutes(dir, { mediaOrigins: [new URL(probe.url).origin] });
  };
  return (req, res, next) => {
    if (/^\/(api|rest|objects)(\/|$)/.test(req.path)) {
      next();
      return;
    }
    // The service worker must be revalidated on every registration check.
    if (req.path === '/sw.js') res.setHeader('Cache-Control', 'no-cache');
    routes ??= build();
    routes.then((r) => r(req, res, next), (err: unknown) => {
      routes = null;
      next(err);
    });
  };
}
