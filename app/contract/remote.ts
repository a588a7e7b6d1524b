// The sync server's own routes: presigned stream and cover URLs, the remote player's session
// cookie, the sync protocol (./sync.ts) and the admin routes. Its read and listening API is the
// library's (./library.ts, index.ts's listeningRoutes), answered over the mirror.
import { z } from 'zod';
import { coverQuery } from './library.ts';
import { idParams } from './fields.ts';
import { route } from './route.ts';
import {
  changesQuery, changesResponse, commitRequest, commitResponse, listeningChangesQuery, listeningChangesResponse,
  listeningPushRequest, listeningPushResponse, storageQuery, storageReport, manifestRequest, manifestResponse, quality, removeRequest, removeResponse,
  uploadsRequest, uploadsResponse,
} from './sync.ts';

/** `GET /api/tracks/:id/stream?quality=` on the sync server. */
export const streamUrl = z.strictObject({ url: z.string(), expiresAt: z.number(), rung: z.string(), bitrate: z.number(), codec: z.string() });
export type StreamUrl = z.infer<typeof streamUrl>;
export const streamQuery = z.object({ quality: quality.default('auto'), redirect: z.enum(['0', '1']).default('0') });

/** What a device token may do: `sync` (a desktop: upload, commit, remove) or `listen` (read, stream, listening data). */
export const deviceScope = z.enum(['sync', 'listen']);
export type DeviceScope = z.infer<typeof deviceScope>;

export const deviceToken = z.strictObject({
  id: z.number().int().positive(),
  name: z.string(),
  scope: deviceScope,
  createdAt: z.number(),
  revokedAt: z.number().nullable(),
  lastSeenAt: z.number().nullable(),
});
export type DeviceToken = z.infer<typeof deviceToken>;
/** Returned once, when the admin creates a device: the token is never shown again. */
export const newDevice = deviceToken.extend({ token: z.string() });
export type NewDevice = z.infer<typeof newDevice>;
/** New devices are `listen` unless created as `sync`. */
export const newDeviceRequest = z.object({ name: z.string().trim().min(1, 'must not be empty').max(100), scope: deviceScope.default('listen') });

/** POST /api/admin/gc with optional { graceMs }: what garbage collection deleted. */
export const gcResult = z.strictObject({
  /** Objects in storage looked at. */
  scanned: z.number().int().min(0),
  deleted: z.array(z.string()),
  deletedBytes: z.number().min(0),
  /** Unreferenced objects still inside their grace period. */
  pending: z.number().int().min(0),
});
export type GcResult = z.infer<typeof gcResult>;
/** POST /api/admin/audit: what the audit of storage found (one listing of this server's prefix). */
export const auditResult = z.strictObject({
  /** Objects in storage listed. */
  scanned: z.number().int().min(0),
  /** Confirmed objects compared with the listing. */
  checked: z.number().int().min(0),
  /** Confirmed objects storage no longer has: the next sync of a desktop with them uploads them again. */
  missing: z.array(z.string()),
  /** Confirmed objects storage holds other bytes for (another size or ETag): deleted and uploaded again by the next sync. */
  wrong: z.array(z.string()),
  /** Objects found broken before and whole now. */
  healed: z.number().int().min(0),
});
export type AuditResult = z.infer<typeof auditResult>;
export const gcRequest = z.object({ graceMs: z.number().int().min(0).max(365 * 24 * 3600 * 1000).optional() });

export const subsonicUser = z.strictObject({ name: z.string(), deviceId: z.number().int().positive(), createdAt: z.number() });
export type SubsonicUser = z.infer<typeof subsonicUser>;
export const newSubsonicUser = subsonicUser.extend({
  /** Shown once: the password for `u` + `t`/`s` (or `p`) auth. */
  password: z.string(),
  /** Shown once: the device token, usable as `apiKey`. */
  apiKey: z.string(),
});
export type NewSubsonicUser = z.infer<typeof newSubsonicUser>;
export const newSubsonicUserRequest = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'must be 1–64 letters, digits or . _ @ -'),
  password: z.string().min(8).max(200).optional(),
});
export const subsonicSettings = z.strictObject({
  /** Client names (`c=`, compared case-insensitively) whose stream/download/getCoverArt answer 302 to the presigned URL. */
  redirectClients: z.array(z.string().min(1).max(100)).max(100),
  /** `p=` (plaintext or `enc:` hex) passwords; off → error 42. */
  allowPassword: z.boolean(),
  /** `t` + `s` token auth; off → error 41 (the spec's code for "token auth removed"). */
  allowToken: z.boolean(),
});
export type SubsonicSettings = z.infer<typeof subsonicSettings>;

export const remoteRoutes = {
  streamUrl: route({ method: 'GET', path: '/api/tracks/:id/stream', params: idParams, query: streamQuery, response: streamUrl }),
  /** 302 to a presigned GET of the cover (only the original is stored; every size gets it). */
  remoteCover: route({ method: 'GET', path: '/api/covers/:id', params: idParams, query: coverQuery, response: 'file' }),
  /** Exchanges the bearer token for the HttpOnly session cookie (<audio>, <img>, the service worker). */
  startCookie: route({ method: 'POST', path: '/api/session/cookie', response: 'none' }),
  endCookie: route({ method: 'DELETE', path: '/api/session/cookie', response: 'none' }),
} as const;

export const syncProtocolRoutes = {
  manifest: route({ method: 'POST', path: '/api/sync/manifest', body: manifestRequest, response: manifestResponse }),
  uploads: route({ method: 'POST', path: '/api/sync/uploads', body: uploadsRequest, response: uploadsResponse }),
  commit: route({ method: 'POST', path: '/api/sync/commit', body: commitRequest, response: commitResponse }),
  remove: route({ method: 'POST', path: '/api/sync/remove', body: removeRequest, response: removeResponse }),
  changes: route({ method: 'GET', path: '/api/sync/changes', query: changesQuery, response: changesResponse }),
  listeningChanges: route({ method: 'GET', path: '/api/sync/listening/changes', query: listeningChangesQuery, response: listeningChangesResponse }),
  listeningPush: route({ method: 'POST', path: '/api/sync/listening/push', body: listeningPushRequest, response: listeningPushResponse }),
  storage: route({ method: 'GET', path: '/api/sync/storage', query: storageQuery, response: storageReport }),
} as const;

/** Admin token only (a device token is a 403). */
export const adminRoutes = {
  createDevice: route({ method: 'POST', path: '/api/admin/devices', body: newDeviceRequest, response: newDevice, status: 201 }),
  devices: route({ method: 'GET', path: '/api/admin/devices', response: z.array(deviceToken) }),
  revokeDevice: route({ method: 'DELETE', path: '/api/admin/devices/:id', params: idParams, response: deviceToken }),
  gc: route({ method: 'POST', path: '/api/admin/gc', body: gcRequest, response: gcResult }),
  audit: route({ method: 'POST', path: '/api/admin/audit', response: auditResult }),
  createSubsonicUser: route({ method: 'POST', path: '/api/admin/subsonic/users', body: newSubsonicUserRequest, response: newSubsonicUser, status: 201 }),
  subsonicUsers: route({ method: 'GET', path: '/api/admin/subsonic/users', response: z.array(subsonicUser) }),
  deleteSubsonicUser: route({ method: 'DELETE', path: '/api/admin/subsonic/users/:name', params: z.object({ name: z.string().min(1).max(64) }), response: 'none' }),
  subsonicSettings: route({ method: 'GET', path: '/api/admin/subsonic/settings', response: subsonicSettings }),
  saveSubsonicSettings: route({ method: 'PUT', path: '/api/admin/subsonic/settings', body: subsonicSettings.partial(), response: subsonicSettings }),
} as const;
