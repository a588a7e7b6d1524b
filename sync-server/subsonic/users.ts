// Subsonic credentials and settings, kept in the mirror database.
//
// Token auth (`t` = md5(password + salt)) needs the PLAINTEXT password on the server: no one-way
// hash can check a salted MD5 the client chose the salt of. So each Subsonic user's password is
// stored encrypted (AES-256-GCM) under a key kept OUTSIDE the database, in `<data>/subsonic.key`
// (mode 0600): a copy of mirror.db alone reveals no password, but anyone who can read the data
// directory can. Passwords are generated (128 random bits) unless the admin sets one, so a leak
// exposes this server only, never a password reused elsewhere. The `apiKey` extension is the
// better option where clients support it: an API key is a device token, and only its SHA-256 is
// stored (sync-server/auth.ts).
//
// Every Subsonic user is linked to a device token (its API key): revoking the device revokes the
// user's password too, and deleting the user revokes the device.
import { UserError } from '../../app/userError.ts';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { MirrorCatalog } from '../db/open.ts';
import type { Auth } from '../auth.ts';

export interface SubsonicUser {
  name: string;
  deviceId: number;
  createdAt: number;
}

export interface NewSubsonicUser extends SubsonicUser {
  /** Shown once: the password for `u` + `t`/`s` (or `p`) auth. */
  password: string;
  /** Shown once: the device token, usable as `apiKey`. */
  apiKey: string;
}

export interface SubsonicSettings {
  /** Client names (`c=`, compared case-insensitively) whose stream/download/getCoverArt answer 302 to the presigned URL. */
  redirectClients: string[];
  /** `p=` (plaintext or `enc:` hex) passwords; off → error 42. */
  allowPassword: boolean;
  /** `t` + `s` token auth; off → error 41 (the spec's code for "token auth removed"). */
  allowToken: boolean;
}

export const defaultSettings: SubsonicSettings = { redirectClients: [], allowPassword: true, allowToken: true };

export interface SubsonicUsers {
  create(name: string, password?: string): NewSubsonicUser;
  list(): SubsonicUser[];
  /** Deletes the user and revokes its device token; false when there was no such user. */
  remove(name: string): boolean;
  /** The plaintext password of an active user (its device not revoked), else null. The name is
   *  matched exactly, else case-insensitively when only one user's name matches that way. */
  password(name: string): { user: SubsonicUser; password: string } | null;
  /** The user linked to a device, when there is one. */
  byDevice(deviceId: number): SubsonicUser | null;
  settings(): SubsonicSettings;
  updateSettings(update: Partial<SubsonicSettings>): SubsonicSettings;
}

const settingsKey = 'subsonic.settings';

interface Row {
  name: string;
  secret: Buffer;
  device_id: number;
  created_at: number;
}

/** The encryption key: `<dir of the db>/subsonic.key`, created on first use; in memory for `:memory:` catalogs. */
function loadKey(catalog: MirrorCatalog): Buffer {
  if (catalog.file === ':memory:' || catalog.file === '') return crypto.randomBytes(32);
  const file = path.join(path.dirname(path.resolve(catalog.file)), 'subsonic.key');
  try {
    const existing = fs.readFileSync(file);
    if (existing.length === 32) return existing;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = crypto.randomBytes(32);
  fs.writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
  return key;
}

export function createSubsonicUsers(catalog: MirrorCatalog, auth: Auth, now: () => number = Date.now): SubsonicUsers {
  const db = catalog.db;
  let key: Buffer | null = null;
  const keyOf = () => (key ??= loadKey(catalog));
  const insert = db.prepare('INSERT INTO subsonic_users (name, secret, device_id, created_at) VALUES (?, ?, ?, ?)');
  const byName = db.prepare<[string], Row>('SELECT name, secret, device_id, created_at FROM subsonic_users WHERE name = ?');
  const byNameNoCase = db.prepare<[string], Row>('SELECT name, secret, device_id, created_at FROM subsonic_users WHERE name = ? COLLATE NOCASE LIMIT 2');
  /** The user signing in as `name`: that exact name, else the one user whose name differs only in case
   *  (phone keyboards capitalize the first letter); two such users are ambiguous: none. */
  const signingIn = (name: string): Row | undefined => {
    const exact = byName.get(name);
    if (exact) return exact;
    const rows = byNameNoCase.all(name);
    return rows.length === 1 ? rows[0] : undefined;
  };
  const byDevice = db.prepare<[number], Row>('SELECT name, secret, device_id, created_at FROM subsonic_users WHERE device_id = ?');
  const all = db.prepare<[], Row>('SELECT name, secret, device_id, created_at FROM subsonic_users ORDER BY name');
  const remove = db.prepare('DELETE FROM subsonic_users WHERE name = ?');
  const revokedAt = db.prepare<[number], { revoked_at: number | null }>('SELECT revoked_at FROM mirror_devices WHERE id = ?');
  let settings: SubsonicSettings | null = null;

  const encrypt = (plain: string): Buffer => {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', keyOf(), iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  };
  const decrypt = (secret: Buffer): string | null => {
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', keyOf(), secret.subarray(0, 12));
      decipher.setAuthTag(secret.subarray(12, 28));
      return Buffer.concat([decipher.update(secret.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  };
  const toUser = (r: Row): SubsonicUser => ({ name: r.name, deviceId: r.device_id, createdAt: r.created_at });
  const active = (r: Row) => revokedAt.get(r.device_id)?.revoked_at === null;

  return {
    create(name, password) {
      if (!/^[A-Za-z0-9._@-]{1,64}$/.test(name)) throw new UserError('name: 1–64 letters, digits or . _ @ -');
      if (password !== undefined && (password.length < 8 || password.length > 200)) throw new UserError('password: 8–200 characters');
      const taken = byNameNoCase.get(name);
      if (taken) throw new UserError(`name: a Subsonic user ${taken.name} exists`);
      const secret = password ?? crypto.randomBytes(16).toString('base64url');
      const device = auth.createDevice(`subsonic:${name}`, 'listen');
      const createdAt = now();
      insert.run(name, encrypt(secret), device.id, createdAt);
      return { name, deviceId: device.id, createdAt, password: secret, apiKey: device.token };
    },
    list: () => all.all().map(toUser),
    remove(name) {
      const row = byName.get(name);
      if (!row) return false;
      remove.run(row.name);
      auth.revokeDevice(row.device_id);
      return true;
    },
    password(name) {
      const row = signingIn(name);
      if (!row || !active(row)) return null;
      const password = decrypt(row.secret);
      return password === null ? null : { user: toUser(row), password };
    },
    byDevice(deviceId) {
      const row = byDevice.get(deviceId);
      return row ? toUser(row) : null;
    },
    settings() {
      settings ??= { ...defaultSettings, ...catalog.settings.get<Partial<SubsonicSettings>>(settingsKey, {}) };
      return settings;
    },
    updateSettings(update) {
      const next = { ...this.settings(), ...update };
      next.redirectClients = [...new Set(next.redirectClients.map((c) => c.trim()).filter((c) => c.length > 0))];
      catalog.settings.set(settingsKey, next);
      settings = next;
      return next;
    },
  };
}
