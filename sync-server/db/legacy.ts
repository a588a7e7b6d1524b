// Upgrading from the first mirror layout (`<data>/mirror.db`, a desktop catalog's schema with the
// mirror's tables inside). What a desktop cannot sync again is carried over into the new database:
// settings (the admin token's hash, URL and cookie secrets, Subsonic settings and play queue),
// devices and Subsonic users. Devices become `listen` tokens (least power: the old layout had no
// scopes; the admin creates a `sync` token for each desktop). Its objects stay at the bucket's root
// (no key prefix). The tracks come back with the next sync; the old file is kept as `mirror.db.v1`.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { MirrorCatalog } from './open.ts';

export interface LegacyImport {
  devices: number;
  subsonicUsers: number;
  backup: string;
}

const carried = ['mirror.adminTokenHash', 'mirror.fsSecret', 'mirror.cookieSecret', 'subsonic.settings', 'subsonic.playQueue'];

export function importLegacyMirror(dataDir: string, catalog: MirrorCatalog): LegacyImport | null {
  const file = path.join(dataDir, 'mirror.db');
  if (!fs.existsSync(file)) return null;
  if (catalog.db.prepare<[], number>('SELECT count(*) FROM mirror_devices').pluck().get() !== 0) return null;
  const old = new Database(file, { readonly: true, fileMustExist: true });
  let result: LegacyImport;
  try {
    const has = (table: string) => old.prepare<[string], number>("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table) === 1;
    if (!has('mirror_devices')) return null;
    const settings = old.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings').all().filter((s) => carried.includes(s.key));
    const devices = old.prepare<[], { id: number; name: string; token_hash: string; created_at: number; revoked_at: number | null; last_seen_at: number | null }>(
      'SELECT id, name, token_hash, created_at, revoked_at, last_seen_at FROM mirror_devices').all();
    const users = has('subsonic_users')
      ? old.prepare<[], { name: string; secret: Buffer; device_id: number; created_at: number }>('SELECT name, secret, device_id, created_at FROM subsonic_users').all()
      : [];
    const db = catalog.db;
    db.transaction(() => {
      const setting = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
      for (const s of settings) setting.run(s.key, s.value);
      // Its objects are at the bucket's root: it keeps them there (`--prefix` moves it, re-uploading).
      setting.run('mirror.prefix', JSON.stringify(''));
      const device = db.prepare(`INSERT INTO mirror_devices (id, name, token_hash, scope, created_at, revoked_at, last_seen_at)
        VALUES (@id, @name, @token_hash, 'listen', @created_at, @revoked_at, @last_seen_at)`);
      for (const d of devices) device.run(d);
      const user = db.prepare('INSERT INTO subsonic_users (name, secret, device_id, created_at) VALUES (@name, @secret, @device_id, @created_at)');
      for (const u of users) user.run(u);
    })();
    result = { devices: devices.length, subsonicUsers: users.length, backup: `${file}.v1` };
  } finally {
    old.close();
  }
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, `${file}.v1${suffix}`);
  }
  return result;
}
