// Attacks on access control, against the real server on the fs store and on s3rver: a listen token
// (what a phone app holds) trying to write, a sync token trying to read, an admin session outliving
// its token, rate limits dodged with header variants or bogus tokens, and a Subsonic lockout that
// must not look like a wrong password.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewSubsonicUser, Page, Track } from '../app/contract/index.ts';
import { tempDir } from '../app/testing/temp.ts';
import { startSyncServer } from './start.ts';
import { makeTrack, startTestServer, sync, type TestServer } from './testing/testkit.ts';

const subsonic = async (t: TestServer, name: string, params: Record<string, string>, headers: Record<string, string> = {}) => {
  const q = new URLSearchParams({ f: 'json', v: '1.16.1', c: 'attack-test', ...params });
  const res = await fetch(`${t.server.url}/rest/${name}?${q}`, { headers });
  const body = (await res.json()) as { 'subsonic-response': { status: string; error?: { code: number; message: string } } };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: body['subsonic-response'] };
};

for (const kind of ['fs', 's3'] as const) {
  describe(`scopes (${kind} store)`, () => {
    let t: TestServer;
    let phone: NewSubsonicUser;
    beforeAll(async () => {
      t = await startTestServer(kind);
      await sync(t, [1, 2, 3].map((n) => makeTrack(n, { meta: { title: `Song ${n}` } })));
      phone = (await t.call<NewSubsonicUser>('/api/admin/subsonic/users', { body: { name: 'phone' }, token: t.adminToken })).body;
    }, 60_000);
    afterAll(async () => t?.close());

    const count = async () => (await t.call<Page<Track>>('/api/tracks')).body.total;

    it('a listen token (a Subsonic API key, or a listen device) cannot touch the sync protocol: 403 before the body is read', async () => {
      const track = makeTrack(9, { meta: { title: 'Injected' } }).track;
      const key = track.renditions[0]?.key ?? '';
      for (const token of [phone.apiKey, t.device.token]) {
        const attempts: Array<[string, unknown]> = [
          ['/api/sync/remove', { sourceIds: [1, 2, 3] }],
          ['/api/sync/remove', { sourceIds: [], keep: [] }],
          ['/api/sync/manifest', { tracks: [track] }],
          ['/api/sync/uploads', { objects: [{ key, bytes: 10, contentType: 'audio/mp4' }] }],
          ['/api/sync/uploads/multipart', { key, bytes: 6 * 1024 * 1024, contentType: 'audio/mp4' }],
          ['/api/sync/commit', { tracks: [track] }],
          ['/api/sync/listening/push', { playlists: [], tombstones: [], prefs: [], events: [] }],
          ['/api/sync/remove', 'not json at all'],
        ];
        for (const [path, body] of attempts) {
          const res = await t.call<{ error: { status: number; message: string } }>(path, { body, token });
          expect(res.status, path).toBe(403);
          expect(res.body.error.message).toMatch(/scope "sync"/);
        }
        expect((await t.call('/api/sync/listening/changes?since=0', { token })).status).toBe(403);
        expect((await t.call('/api/admin/devices', { token })).status).toBe(403);
      }
      expect(await count()).toBe(3);
      // The changes feed is for every device.
      expect((await t.call('/api/sync/changes?since=0', { token: phone.apiKey })).status).toBe(200);
    });

    it('a path spelled in other letter case is the same route with the same scope (express matches case-insensitively)', async () => {
      const track = makeTrack(10, { meta: { title: 'Injected by case' } }).track;
      for (const path of ['/API/sync/commit', '/api/SYNC/commit', '/Api/Sync/commit']) {
        const res = await t.call<{ error: { message: string } }>(path, { body: { tracks: [track] }, token: t.device.token });
        expect(res.status, path).toBe(403);
        expect(res.body.error.message).toMatch(/scope "sync"/);
      }
      for (const path of ['/API/sync/storage', '/api/SYNC/listening/changes?since=0']) {
        expect((await t.call(path, { token: phone.apiKey })).status, path).toBe(403);
      }
      for (const path of ['/API/tracks', '/api/TRACKS', '/API/PLAYLISTS']) {
        expect((await t.call(path, { token: t.syncDevice.token })).status, path).toBe(403);
      }
      expect((await t.call('/API/ADMIN/devices', { token: t.device.token })).status).toBe(403);
      expect((await t.call('/API/sync/changes?since=0', { token: t.device.token })).status).toBe(200);
      expect(await count()).toBe(3);
    });

    it('a sync token (a desktop) syncs, and reads or plays nothing', async () => {
      const token = t.syncDevice.token;
      expect((await t.call('/api/sync/manifest', { body: { tracks: [] }, token })).status).toBe(200);
      for (const path of ['/api/tracks', '/api/albums', '/api/search?q=song', '/api/session', '/api/playlists', '/api/tracks/1/stream', '/api/covers/1']) {
        const res = await t.call<{ error: { message: string } }>(path, { token });
        expect(res.status, path).toBe(403);
        expect(res.body.error.message).toMatch(/scope "listen"/);
      }
      expect((await t.call('/api/session/cookie', { method: 'POST', token })).status).toBe(403);
      const rest = await subsonic(t, 'ping', { apiKey: token });
      expect(rest.body.status).toBe('failed');
      expect(rest.body.error?.code).toBe(50);
    });

    it('new devices are listen unless created as sync; a bad scope is a 400', async () => {
      const plain = await t.call<{ scope: string }>('/api/admin/devices', { body: { name: 'tablet' }, token: t.adminToken });
      expect(plain.body.scope).toBe('listen');
      const desk = await t.call<{ scope: string }>('/api/admin/devices', { body: { name: 'desk', scope: 'sync' }, token: t.adminToken });
      expect(desk.body.scope).toBe('sync');
      expect((await t.call('/api/admin/devices', { body: { name: 'x', scope: 'admin' }, token: t.adminToken })).status).toBe(400);
    });
  });
}

describe('sessions and limits', () => {
  it('a session cookie is issued for a token only: a cookie cannot renew itself past its 12 h, and dies with its device', async () => {
    const t = await startTestServer('fs', { rendererDir: false });
    try {
      const login = await t.call('/api/session/cookie', { method: 'POST' });
      expect(login.status).toBe(204);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      expect(cookie).toMatch(/^tonearm_sync=d\./);
      expect((await t.call('/api/tracks', { token: null, headers: { cookie } })).status).toBe(200);
      const renew = await t.call<{ error: { message: string } }>('/api/session/cookie', { method: 'POST', token: null, headers: { cookie } });
      expect(renew.status).toBe(401);
      expect(renew.body.error.message).toMatch(/device token/);
      expect(renew.headers.get('set-cookie')).toBeNull();
      // Signing out needs no token.
      expect((await t.call('/api/session/cookie', { method: 'DELETE', token: null, headers: { cookie } })).status).toBe(204);
      await t.call(`/api/admin/devices/${t.device.id}`, { method: 'DELETE', token: t.adminToken });
      expect((await t.call('/api/tracks', { token: null, headers: { cookie } })).status).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('an admin session ends when the admin token changes', async () => {
    const dataDir = tempDir('tonearm-admin-rotation-');
    const start = (adminToken: string) => startSyncServer({ dataDir, port: 0, adminToken, log: () => {}, gc: { intervalMs: 0 }, rendererDir: false });
    try {
      let server = await start('first-admin-token');
      const login = await fetch(`${server.url}/api/session/cookie`, { method: 'POST', headers: { authorization: 'Bearer first-admin-token' } });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      expect(cookie).toMatch(/^tonearm_sync=a\./);
      expect((await fetch(`${server.url}/api/admin/devices`, { headers: { cookie } })).status).toBe(200);
      await server.close();
      server = await start('second-admin-token');
      try {
        expect((await fetch(`${server.url}/api/admin/devices`, { headers: { cookie } })).status).toBe(401);
        expect((await fetch(`${server.url}/api/admin/devices`, { headers: { authorization: 'Bearer second-admin-token' } })).status).toBe(200);
      } finally {
        await server.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  describe('rate limits', () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer('fs', { rateLimit: { limit: 20, windowMs: 60_000 } });
    });
    afterAll(async () => t?.close());

    it('are kept per caller: whitespace and case variants of a token share one budget; another device has its own', async () => {
      const token = t.device.token;
      const variants = [`Bearer ${token}`, `Bearer  ${token}`, `bearer ${token}`, `Bearer ${token} `, `BEARER\t${token}`];
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) {
        const res = await fetch(`${t.server.url}/api/tracks`, { headers: { authorization: variants[i % variants.length] ?? '' } });
        await res.arrayBuffer();
        statuses.push(res.status);
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(20);
      expect(statuses.slice(20)).toEqual(Array(10).fill(429));
      const other = await t.call<{ token: string }>('/api/admin/devices', { body: { name: 'other' }, token: t.adminToken });
      expect((await t.call('/api/tracks', { token: other.body.token })).status).toBe(200);
    });
  });

  describe('failed sign-ins', () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer('fs', { trustProxy: true });
    });
    afterAll(async () => t?.close());

    it('thousands of bogus tokens get 429s: the address is locked out (valid tokens too), others are not', async () => {
      const from = { 'x-forwarded-for': '203.0.113.7' };
      const statuses = new Map<number, number>();
      for (let i = 0; i < 1300; i++) {
        const res = await fetch(`${t.server.url}/api/tracks`, { headers: { ...from, authorization: `Bearer tnrm_bogus${i}` } });
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
      expect(statuses.get(401)).toBe(30);
      expect(statuses.get(429)).toBe(1270);
      const valid = await t.call<{ error: { message: string } }>('/api/tracks', { headers: from });
      expect(valid.status).toBe(429);
      expect(Number(valid.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(valid.body.error.message).toMatch(/failed sign-ins from this address/);
      expect((await t.call('/api/tracks', { headers: { 'x-forwarded-for': '198.51.100.9' } })).status).toBe(200);
      // Requests without credentials are a 401 and count for nothing.
      for (let i = 0; i < 40; i++) expect((await t.call('/api/tracks', { token: null, headers: { 'x-forwarded-for': '198.51.100.10' } })).status).toBe(401);
      expect((await t.call('/api/tracks', { headers: { 'x-forwarded-for': '198.51.100.10' } })).status).toBe(200);
    }, 60_000);

    it('a Subsonic lockout says so (HTTP 429, not code 40 "wrong password") and spares other addresses', async () => {
      const alice = (await t.call<NewSubsonicUser>('/api/admin/subsonic/users', { body: { name: 'alice' }, token: t.adminToken })).body;
      const from = { 'x-forwarded-for': '203.0.113.50' };
      for (let i = 0; i < 30; i++) {
        const r = await subsonic(t, 'ping', { u: 'alice', p: `wrong-${i}` }, from);
        expect(r.body.error?.code).toBe(40);
      }
      const locked = await subsonic(t, 'ping', { u: 'alice', p: alice.password }, from);
      expect(locked.status).toBe(429);
      expect(locked.body.status).toBe('failed');
      expect(locked.body.error?.code).not.toBe(40);
      expect(locked.body.error?.message).toMatch(/too many failed sign-ins/i);
      expect(Number(locked.retryAfter)).toBeGreaterThan(0);
      // The /api budget is the same address's: locked there too.
      expect((await t.call('/api/tracks', { headers: from })).status).toBe(429);
      expect((await subsonic(t, 'ping', { u: 'alice', p: alice.password }, { 'x-forwarded-for': '198.51.100.20' })).body.status).toBe('ok');
    });
  });
});
