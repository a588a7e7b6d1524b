// Who may talk to the server: requests addressed to a loopback name (or the configured host) on
// our port, carrying the per-launch secret as a bearer token or the HttpOnly cookie that the entry
// URL (`/?token=…`) sets. `?token=` is accepted only on that entry URL, never on /api.
import crypto from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { parse as parseCookies } from 'cookie';
import { sendError } from '../http/errors.ts';

export interface AuthOptions {
  token: string;
  /** Host names accepted besides 127.0.0.1, localhost and [::1]. */
  allowedHosts?: readonly string[] | undefined;
}

const loopback = ['127.0.0.1', 'localhost', '[::1]'];

/** Cookies ignore ports, so the name carries the port: two servers on one machine don't collide. */
export function cookieName(req: Request): string {
  return `tonearm_${req.socket.localPort ?? 0}`;
}

/** Constant-time comparison of two secrets of any length (hash first, then timingSafeEqual). */
export function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb) && a.length === b.length;
}

function hostAllowed(host: string | undefined, port: number | undefined, names: ReadonlySet<string>): boolean {
  if (!host) return false;
  let url: URL;
  try {
    url = new URL(`http://${host}`);
  } catch {
    return false;
  }
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return false;
  if (!names.has(url.hostname)) return false;
  return port === undefined || Number(url.port || 80) === port;
}

/**
 * 403 unless the Host header names a loopback address (or an allowed host) with the port the
 * connection came in on: a page on another site that rebinds its DNS name to 127.0.0.1 still
 * sends its own name and is refused. State-changing requests with a foreign Origin are refused too.
 */
export function hostCheck(options: AuthOptions): RequestHandler {
  const names = new Set([...loopback, ...(options.allowedHosts ?? []).map((h) => h.toLowerCase())]);
  return (req, res, next) => {
    const port = req.socket.localPort;
    if (!hostAllowed(req.headers.host, port, names)) {
      sendError(res, 403, 'this server answers only to its own address');
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && req.method !== 'GET' && req.method !== 'HEAD') {
      let originHost: string | undefined;
      try {
        originHost = new URL(origin).host;
      } catch {
        originHost = undefined;
      }
      if (!hostAllowed(originHost, port, names)) {
        sendError(res, 403, 'cross-origin requests are not allowed');
        return;
      }
    }
    next();
  };
}

export function hasSecret(req: Request, token: string): boolean {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1] !== undefined && sameSecret(match[1], token);
  }
  const cookie = req.headers.cookie ? parseCookies(req.headers.cookie)[cookieName(req)] : undefined;
  return cookie !== undefined && sameSecret(cookie, token);
}

/** 401 unless the request carries the secret (bearer header or session cookie). */
export function requireSecret(options: AuthOptions): RequestHandler {
  return (req, res, next) => {
    if (hasSecret(req, options.token)) {
      next();
      return;
    }
    res.setHeader('WWW-Authenticate', 'Bearer realm="tonearm"');
    sendError(res, 401, 'this request needs the secret from the URL Tonearm printed at launch');
  };
}

/**
 * The entry URL: `GET /?token=<t>` sets the session cookie (HttpOnly, SameSite=Strict) and
 * redirects to `/` so the secret leaves the address bar and history. Other requests pass through.
 */
export function entry(options: AuthOptions): RequestHandler {
  return (req, res, next) => {
    const token = req.query.token;
    if (req.path !== '/' || token === undefined) {
      next();
      return;
    }
    if (typeof token !== 'string' || !sameSecret(token, options.token)) {
      sendError(res, 401, 'the secret in this URL is wrong; use the URL Tonearm printed at launch', 'token');
      return;
    }
    res.cookie(cookieName(req), options.token, { httpOnly: true, sameSite: 'strict', path: '/' });
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, '/');
  };
}
