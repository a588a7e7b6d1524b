// Upgrading a data dir of the first mirror layout (mirror.db with the catalog's schema): the admin
// token, devices (as listen tokens) and Subsonic users carry over; the old file is kept aside.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { migrations } from '../../app/catalog/migrations/index.ts';
import { openDb } from '../../app/catalog/open.ts';
import { tempDir } from '../../app/testing/temp.ts';
import { startSyncServer } from '../start.ts';

const dir = tempDir('tonearm-legacy-mirror-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const sha = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

it('carries the admin token, devices and Subsonic users over from mirror.db, and keeps it as mirror.db.v1', async () => {
  const old = openDb({ file: path.join(dir, 'mirror.db'), migrations: migrations.slice(0, 7) });
  old.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('mirror.adminTokenHash', JSON.stringify(sha('old-admin')));
  old.prepare('INSERT INTO mirror_devices (id, name, token_hash, created_at) VALUES (7, ?, ?, 1)').run('phone', sha('tnrm_phone'));
  old.exec('CREATE TABLE subsonic_users (name TEXT PRIMARY KEY COLLATE NOCASE, secret BLOB NOT NULL, device_id INTEGER NOT NULL, created_at INTEGER NOT NULL) STRICT');
  old.prepare('INSERT INTO subsonic_users (name, secret, device_id, created_at) VALUES (?, ?, 7, 1)').run('alice', Buffer.alloc(40));
  old.close();

  const logs: string[] = [];
  const server = await startSyncServer({ dataDir: dir, port: 0, log: (m) => logs.push(m), gc: { intervalMs: 0 }, rendererDir: false });
  try {
    expect(server.adminToken).toBeNull();
    const get = (token: string, p: string) => fetch(server.url + p, { headers: { authorization: `Bearer ${token}` } });
    const devices = (await (await get('old-admin', '/api/admin/devices')).json()) as Array<{ id: number; name: string; scope: string }>;
    expect(devices).toEqual([expect.objectContaining({ id: 7, name: 'phone', scope: 'listen' })]);
    expect((await get('tnrm_phone', '/api/tracks')).status).toBe(200);
    const users = (await (await get('old-admin', '/api/admin/subsonic/users')).json()) as Array<{ name: string }>;
    expect(users.map((u) => u.name)).toEqual(['alice']);
    expect(fs.existsSync(path.join(dir, 'mirror.db'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'mirror.db.v1'))).toBe(true);
    expect(logs.join('\n')).toMatch(/upgraded from the first mirror layout: 1 device tokens .* 1 Subsonic users/);
  } finally {
    await server.close();
  }
});
