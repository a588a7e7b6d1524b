// The stream-URL endpoint's caches (measured by `npm run bench:stream-url`): signed URLs reused
// per (track, quality) for a bounded window yet always carrying the full TTL, dropped by a publish
// or removal; device tokens remembered per token yet refused at once after a revocation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Track } from '../app/contract/index.ts';
import type { DeviceToken, StreamUrl } from '../app/sync/protocol.ts';
import { streamReuseSeconds, streamTtlSeconds } from './routes/read.ts';
import { makeTrack, startTestServer, sync, type TestServer } from './testing/testkit.ts';

describe('stream-URL caches', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('fs');
    await sync(t, [makeTrack(1, { meta: { title: 'One' } }), makeTrack(2, { meta: { title: 'Two' } })]);
  });
  afterAll(async () => t.close());

  const ids = async () => new Map((await t.call<Page<Track>>('/api/tracks?sort=title')).body.items.map((x) => [x.title, x.id]));

  it('reuses a signed URL per track and quality, always with the full TTL left', async () => {
    const one = (await ids()).get('One');
    const a = await t.call<StreamUrl>(`/api/tracks/${one}/stream?quality=medium`);
    const b = await t.call<StreamUrl>(`/api/tracks/${one}/stream?quality=medium`);
    expect(b.body.url).toBe(a.body.url);
    expect(a.body.expiresAt - Date.now()).toBeGreaterThanOrEqual(30 * 60 * 1000 - 2000);
    const low = await t.call<StreamUrl>(`/api/tracks/${one}/stream?quality=low`);
    expect(low.body.url).not.toBe(a.body.url);
    expect(low.body.rung).toBe('low');
    const redirect = await t.call(`/api/tracks/${one}/stream?quality=medium&redirect=1`, { redirect: 'manual' });
    expect(redirect.headers.get('location')).toBe(a.body.url);
    expect((await fetch(a.body.url)).status).toBe(200);
  });

  it('bounds the reuse window: a sixth of the TTL, at most 5 minutes, never past 7 days', () => {
    expect(streamReuseSeconds(1800)).toBe(300);
    expect(streamReuseSeconds(600)).toBe(100);
    expect(streamReuseSeconds(streamTtlSeconds(1800, 7 * 24 * 3600 * 1000))).toBe(0);
    expect(streamReuseSeconds(7 * 24 * 3600 - 60)).toBe(60);
  });

  it('forgets cached URLs when the mirror changes: a removed track is a 404 at once', async () => {
    const two = (await ids()).get('Two');
    expect((await t.call(`/api/tracks/${two}/stream?quality=medium`)).status).toBe(200);
    expect((await t.call('/api/sync/remove', { body: { sourceIds: [2] } })).status).toBe(200);
    expect((await t.call(`/api/tracks/${two}/stream?quality=medium`)).status).toBe(404);
  });

  it('refuses a revoked device at once, though its token was remembered', async () => {
    const one = (await ids()).get('One');
    const device = await t.call<DeviceToken & { token: string }>('/api/admin/devices', { body: { name: 'tablet' }, token: t.adminToken });
    expect((await t.call(`/api/tracks/${one}/stream`, { token: device.body.token })).status).toBe(200);
    expect((await t.call(`/api/tracks/${one}/stream`, { token: device.body.token })).status).toBe(200);
    await t.call(`/api/admin/devices/${device.body.id}`, { method: 'DELETE', token: t.adminToken });
    expect((await t.call(`/api/tracks/${one}/stream`, { token: device.body.token })).status).toBe(401);
  });

  it('a storage URL handed out before a revocation lives until it expires (at most TTL + reuse window: 35 min by default), as documented', async () => {
    const one = (await ids()).get('One');
    const device = await t.call<DeviceToken & { token: string }>('/api/admin/devices', { body: { name: 'lost phone' }, token: t.adminToken });
    const got = await t.call<StreamUrl>(`/api/tracks/${one}/stream?quality=low`, { token: device.body.token });
    expect(got.status).toBe(200);
    expect(got.body.expiresAt - Date.now()).toBeLessThanOrEqual((30 + 5) * 60 * 1000 + 2000);
    await t.call(`/api/admin/devices/${device.body.id}`, { method: 'DELETE', token: t.adminToken });
    expect((await t.call(`/api/tracks/${one}/stream?quality=low`, { token: device.body.token })).status).toBe(401);
    // Revocation cannot recall a signed URL (storage checks the signature, not the device)...
    expect((await fetch(got.body.url)).status).toBe(200);
    // ...but it dies at its expiry.
    t.clock.offsetMs = got.body.expiresAt - Date.now() + 1000;
    try {
      expect((await fetch(got.body.url)).status).toBe(403);
    } finally {
      t.clock.offsetMs = 0;
    }
  });
});
