// Who may talk to the sync server: the admin (one token, from TONEARM_ADMIN_TOKEN or generated on
// first start) and devices the admin created. Only SHA-256 hashes of tokens are stored; a revoked
// device's token is a 401 from then on.
import { LRUCache } from 'lru-cache';
import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { sendError } from '../app/http/errors.ts';
import type { DeviceScope, DeviceToken, NewDevice } from '../app/sync/protocol.ts';
import { clientIp, type FailureGate } from './access.ts';
import type { MirrorCatalog } from './db/open.ts';

export type Principal = { role: 'admin' } | { role: 'device'; deviceId: number; scope: DeviceScope };

export interface Auth {
  /** Stores the admin token's hash: `envToken` when given, else a new token the first time (returned once). */
  ensureAdminToken(envToken: string | undefined): string | null;
  identify(token: string): Principal | null;
  /** The admin token's SHA-256 (session cookies of the admin are bound to it: a new token ends them). */
  adminHash(): string | null;
  /** A new device token; `listen` unless created as `sync`. */
  createDevice(name: string, scope?: DeviceScope): NewDevice;
  listDevices(): DeviceToken[];
  revokeDevice(id: number): DeviceToken | null;
}

const adminKey = 'mirror.adminTokenHash';
const hash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
export const newToken = (): string => `tnrm_${crypto.randomBytes(32).toString('base64url')}`;

interface DeviceRow {
  id: number;
  name: string;
  scope: DeviceScope;
  created_at: number;
  revoked_at: number | null;
  last_seen_at: number | null;
}

const toDevice = (r: DeviceRow): DeviceToken => ({
  id: r.id, name: r.name, scope: r.scope, createdAt: r.created_at, revokedAt: r.revoked_at, lastSeenAt: r.last_seen_at,
});

const columns = 'id, name, scope, created_at, revoked_at, last_seen_at';

export function createAuth(catalog: MirrorCatalog, now: () => number = Date.now): Auth {
  const db = catalog.db;
  const byHash = db.prepare<[string], DeviceRow>(`SELECT ${columns} FROM mirror_devices WHERE token_hash = ?`);
  const byId = db.prepare<[number], DeviceRow>(`SELECT ${columns} FROM mirror_devices WHERE id = ?`);
  const all = db.prepare<[], DeviceRow>(`SELECT ${columns} FROM mirror_devices ORDER BY id`);
  const insert = db.prepare('INSERT INTO mirror_devices (name, token_hash, scope, created_at) VALUES (?, ?, ?, ?)');
  const revoke = db.prepare('UPDATE mirror_devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const seen = db.prepare('UPDATE mirror_devices SET last_seen_at = ? WHERE id = ?');

  // Per-request work stays off the database: the admin hash is read once, and devices already
  // identified are remembered by token until any device is revoked (revocation is immediate).
  let adminHash: string | null | undefined;
  const adminHashOf = () => (adminHash === undefined ? (adminHash = catalog.settings.get<string | null>(adminKey, null)) : adminHash);
  const known = new LRUCache<string, { deviceId: number; scope: DeviceScope; lastSeenAt: number | null }>({ max: 10_000 });
  const touch = (deviceId: number, lastSeenAt: number | null): number | null => {
    const t = now();
    // Last-seen is written at most once a minute per device.
    if (lastSeenAt !== null && t - lastSeenAt <= 60_000) return lastSeenAt;
    seen.run(t, deviceId);
    return t;
  };

  return {
    ensureAdminToken(envToken) {
      known.clear();
      if (envToken) {
        catalog.settings.set(adminKey, (adminHash = hash(envToken)));
        return null;
      }
      if (adminHashOf()) return null;
      const token = newToken();
      catalog.settings.set(adminKey, (adminHash = hash(token)));
      return token;
    },
    identify(token) {
      const cached = known.get(token);
      if (cached) {
        cached.lastSeenAt = touch(cached.deviceId, cached.lastSeenAt);
        return { role: 'device', deviceId: cached.deviceId, scope: cached.scope };
      }
      const h = hash(token);
      const admin = adminHashOf();
      if (admin && admin.length === h.length && crypto.timingSafeEqual(Buffer.from(admin), Buffer.from(h))) return { role: 'admin' };
      // The lookup is by hash of a 256-bit random token: timing reveals nothing useful.
      const row = byHash.get(h);
      if (!row || row.revoked_at !== null) return null;
      known.set(token, { deviceId: row.id, scope: row.scope, lastSeenAt: touch(row.id, row.last_seen_at) });
      return { role: 'device', deviceId: row.id, scope: row.scope };
    },
    createDevice(name, scope = 'listen') {
      const token = newToken();
      const id = Number(insert.run(name, hash(token), scope, now()).lastInsertRowid);
      const row = byId.get(id);
      if (!row) throw new Error(`device ${id} was not stored`);
      return { ...toDevice(row), token };
    },
    adminHash: () => adminHashOf(),
    listDevices: () => all.all().map(toDevice),
    revokeDevice(id) {
      revoke.run(now(), id);
      known.clear();
      const row = byId.get(id);
      return row ? toDevice(row) : null;
    },
  };
}

export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}

/**
 * 401 without a valid bearer token (admin or a device that is not revoked). Without an
 * Authorization header, `fromCookie` (the remote player's session cookie, sync-server/web.ts) may
 * identify the caller instead.
 */
export function authenticate(auth: Auth, fromCookie?: (req: Request) => Principal | null, failures?: FailureGate): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization;
    const match = /^Bearer\s+(\S{1,200})\s*$/i.exec(header ?? '');
    const principal = match?.[1] ? auth.identify(match[1]) : header === undefined ? fromCookie?.(req) ?? null : null;
    if (!principal) {
      // Presented credentials that are wrong count against the address (missing ones do not).
      if (header !== undefined) void failures?.fail(clientIp(req));
      res.setHeader('WWW-Authenticate', 'Bearer realm="tonearm-sync"');
      sendError(res, 401, match ? 'this token is not valid (revoked or unknown)' : 'this request needs a device token (Authorization: Bearer …)');
      return;
    }
    res.locals.principal = principal;
    next();
  };
}

/** 403 unless the admin token was used. */
export const requireAdmin: RequestHandler = (_req, res, next) => {
  if (principalOf(res).role !== 'admin') {
    sendError(res, 403, 'only the admin token may do this');
    return;
  }
  next();
};
