// The sync server end to end, over both stores: fs (signed URLs on this server) and S3 (s3rver,
// which checks SigV4 signatures and expiry).
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Album, Page, SearchResult, Track } from '../app/contract/index.ts';
import type { ChangesResponse, DeviceToken, GcResult, StreamUrl, UploadsResponse } from '../app/sync/protocol.ts';
import { digestsOf, makeTrack, startTestServer, sync, type TestServer } from './testing/testkit.ts';

const cover = crypto.randomBytes(700);

for (const kind of ['fs', 's3'] as const) {
  describe(`sync server (${kind} store)`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer(kind);
    });
    afterAll(async () => t.close());

    it('answers health without auth and everything else only with a valid token', async () => {
      expect((await t.call('/api/health', { token: null })).body).toMatchObject({ ok: true, mode: 'remote' });
      const missing = await t.call<{ error: { status: number } }>('/api/tracks', { token: null });
      expect(missing.status).toBe(401);
      expect(missing.body.error.status).toBe(401);
      expect((await t.call('/api/tracks', { token: 'nonsense' })).status).toBe(401);
      expect((await t.call('/api/sync/changes?since=0', { token: null })).status).toBe(401);
      expect((await t.call('/api/nope', { token: null })).status).toBe(401);
      expect((await t.call<{ error: { status: number } }>('/api/nope')).body.error.status).toBe(404);
      expect((await t.call('/api/session')).body).toMatchObject({ authenticated: true, mode: 'remote' });
      const asDevice = await t.call('/api/admin/devices');
      expect(asDevice.status).toBe(403);
      expect((await t.call('/api/admin/gc', { body: {} })).status).toBe(403);
    });

    it('creates, lists and revokes devices; a revoked token is a 401', async () => {
      const created = await t.call<DeviceToken & { token: string }>('/api/admin/devices', { body: { name: 'tablet' }, token: t.adminToken });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'tablet', scope: 'listen', revokedAt: null });
      expect(created.body.token.length).toBeGreaterThan(40);
      expect((await t.call('/api/tracks', { token: created.body.token })).status).toBe(200);
      const list = await t.call<DeviceToken[]>('/api/admin/devices', { token: t.adminToken });
      expect(list.body.map((d) => `${d.name}:${d.scope}`)).toEqual(['laptop:sync', 'phone:listen', 'tablet:listen']);
      expect(JSON.stringify(list.body)).not.toContain(created.body.token);
      expect(list.body.find((d) => d.name === 'tablet')?.lastSeenAt).not.toBeNull();
      const revoked = await t.call<DeviceToken>(`/api/admin/devices/${created.body.id}`, { method: 'DELETE', token: t.adminToken });
      expect(revoked.body.revokedAt).not.toBeNull();
      expect((await t.call('/api/tracks', { token: created.body.token })).status).toBe(401);
      expect((await t.call('/api/admin/devices/99999', { method: 'DELETE', token: t.adminToken })).status).toBe(404);
      expect((await t.call<{ error: { field: string } }>('/api/admin/devices', { body: { name: '' }, token: t.adminToken })).body.error.field).toBe('name');
    });

    it('publishes through manifest → uploads → PUT → commit, and then reports it up to date', async () => {
      const a = makeTrack(1, { meta: { title: 'Alpha Song', album: 'First Album', trackNo: 1 }, cover });
      const b = makeTrack(2, { meta: { title: 'Beta Song', album: 'First Album', trackNo: 2 }, cover });
      const manifest = await t.call<{ missing: Array<{ key: string }>; upToDate: number[] }>('/api/sync/manifest', { body: { tracks: [a.track, b.track] } });
      expect(manifest.body.upToDate).toEqual([]);
      // The shared cover is asked for once.
      expect(manifest.body.missing).toHaveLength(7);
      expect(new Set(manifest.body.missing.map((m) => m.key)).size).toBe(7);

      const bodies = new Map([...a.bodies, ...b.bodies]);
      const objects = manifest.body.missing.map((o) => ({ ...o, ...digestsOf(bodies.get(o.key) ?? Buffer.alloc(0)) }));
      const uploads = await t.call<UploadsResponse>('/api/sync/uploads', { body: { objects } });
      const first = uploads.body.uploads[0];
      expect(first?.method).toBe('PUT');
      expect(first?.headers['Content-Type']).toBeDefined();
      expect(first?.headers['Cache-Control']).toContain('immutable');
      expect((first?.expiresAt ?? 0) - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000 + 1000);

      const result = await sync(t, [a, b]);
      expect(result.rejected).toEqual([]);
      expect(result.published.sort()).toEqual([1, 2]);

      const tracks = await t.call<Page<Track>>('/api/tracks?sort=trackNo');
      expect(tracks.body.items.map((x) => x.title)).toEqual(['Alpha Song', 'Beta Song']);
      const albums = await t.call<Page<Album>>('/api/albums');
      expect(albums.body.items).toHaveLength(1);
      expect(albums.body.items[0]).toMatchObject({ title: 'First Album', artist: 'Artist', trackCount: 2 });
      expect(albums.body.items[0]?.coverId).not.toBeNull();
      const search = await t.call<SearchResult>('/api/search?q=beta');
      expect(search.body.tracks.map((x) => x.title)).toEqual(['Beta Song']);
      expect((await t.call('/api/artists')).status).toBe(200);
      expect((await t.call('/api/genres')).body).toEqual([expect.objectContaining({ name: 'Rock', trackCount: 2 })]);
      expect((await t.call<Page<Album>>('/api/recent')).body.items).toHaveLength(1);

      const again = await t.call<{ missing: unknown[]; upToDate: number[] }>('/api/sync/manifest', { body: { tracks: [a.track, b.track] } });
      expect(again.body).toEqual({ missing: [], upToDate: [1, 2], repair: [] });
      // Sizes not known yet (0): verified objects count as present whatever their size.
      const unsized = { ...a.track, revision: 'unsized', renditions: a.track.renditions.map((r) => ({ ...r, bytes: 0 })) };
      expect((await t.call<{ missing: unknown[] }>('/api/sync/manifest', { body: { tracks: [unsized] } })).body.missing).toEqual([]);
      if (t.s3) {
        // Audio went straight to storage: the PUTs are in s3rver's log, signed for it.
        // s3rver logs each request from its child process: wait for the log lines, not a fixed time.
        const s3 = t.s3;
        await expect.poll(() => s3.requests.filter((r) => /^PUT \/tonearm-test\/tonearm\/[0-9a-f]{16}\/renditions\//.test(r)).length).toBeGreaterThanOrEqual(6);
      }
    });

    it('rejects a commit whose object is missing or short, and shows it nowhere', async () => {
      const missing = makeTrack(10, { meta: { title: 'Ghost Missing' } });
      const short = makeTrack(11, { meta: { title: 'Ghost Short' } });
      const ask = (bodies: Map<string, Buffer>, keys: string[]) => t.call<UploadsResponse>('/api/sync/uploads', {
        body: { objects: keys.map((key) => ({ key, bytes: bodies.get(key)?.length ?? 0, contentType: 'audio/mp4', ...digestsOf(bodies.get(key) ?? Buffer.alloc(0)) })) },
      });
      // Upload everything of `short` as signed, but its high rendition lands in storage one byte
      // short (written by hand: its URL would refuse it).
      const highKey = short.track.renditions[0]?.key ?? '';
      const urls = await ask(short.bodies, [...short.bodies.keys()]);
      for (const u of urls.body.uploads) {
        const body = short.bodies.get(u.key) ?? Buffer.alloc(0);
        if (u.key === highKey) {
          const put = await t.server.store.presignPut(u.key, { contentType: 'audio/mp4', contentLength: body.length - 1, ttlSeconds: 60 });
          expect((await fetch(put.url, { method: 'PUT', headers: put.headers, body: body.subarray(1) })).status).toBe(200);
        } else expect((await fetch(u.url, { method: 'PUT', headers: u.headers, body })).status).toBe(200);
      }
      // Upload only the low rendition of `missing`.
      const lowKey = missing.track.renditions[2]?.key ?? '';
      const low = (await ask(missing.bodies, [lowKey])).body.uploads[0];
      expect((await fetch(low?.url ?? '', { method: 'PUT', headers: low?.headers, body: missing.bodies.get(lowKey) ?? null })).status).toBe(200);

      const before = (await t.call<ChangesResponse>('/api/sync/changes?since=0')).body.cursor;
      const commit = await t.call<{ published: number[]; rejected: Array<{ sourceId: number; reason: string }> }>(
        '/api/sync/commit', { body: { tracks: [missing.track, short.track] } });
      expect(commit.body.published).toEqual([]);
      expect(commit.body.rejected.map((r) => r.sourceId).sort()).toEqual([10, 11]);
      expect(commit.body.rejected.find((r) => r.sourceId === 11)?.reason).toMatch(/bytes/);
      expect(commit.body.rejected.find((r) => r.sourceId === 10)?.reason).toMatch(/not in storage/);

      expect((await t.call<SearchResult>('/api/search?q=ghost')).body.tracks).toEqual([]);
      const titles = (await t.call<Page<Track>>('/api/tracks')).body.items.map((x) => x.title);
      expect(titles.some((x) => x.startsWith('Ghost'))).toBe(false);
      const changes = await t.call<ChangesResponse>(`/api/sync/changes?since=${before}`);
      expect(changes.body).toEqual({ changes: [], cursor: before, more: false });
      // The manifest still asks for them.
      const manifest = await t.call<{ missing: Array<{ key: string }> }>('/api/sync/manifest', { body: { tracks: [missing.track, short.track] } });
      expect(manifest.body.missing.map((m) => m.key)).toContain(highKey);
    });

    it('feeds changes in order: adds, updates by revision, removes, with cursor paging', async () => {
      const start = (await t.call<ChangesResponse>('/api/sync/changes?since=0')).body.cursor;
      const tracks = [20, 21, 22].map((id) => makeTrack(id, { meta: { title: `Feed ${id}`, album: 'Feed Album' } }));
      await sync(t, tracks);
      // Same revision again: nothing new.
      expect((await sync(t, tracks)).published.sort()).toEqual([20, 21, 22]);
      const base = tracks[1];
      if (!base) throw new Error('no track');
      const renamed = { ...base, track: { ...base.track, meta: { ...base.track.meta, title: 'Feed 21 (Remastered)' }, revision: 'rev-2' } };
      expect((await sync(t, [renamed])).uploaded).toBe(0);
      const removed = await t.call<{ removed: number }>('/api/sync/remove', { body: { sourceIds: [22, 999] } });
      expect(removed.body.removed).toBe(1);

      const seen: ChangesResponse['changes'] = [];
      let cursor = start;
      let pages = 0;
      for (;;) {
        const page = await t.call<ChangesResponse>(`/api/sync/changes?since=${cursor}&limit=2`);
        seen.push(...page.body.changes);
        cursor = page.body.cursor;
        pages++;
        if (!page.body.more) break;
      }
      expect(pages).toBe(3);
      const keyOf = (n: number) => tracks.find((x) => x.track.sourceId === n)?.track.fingerprint;
      expect(seen.map((c) => `${c.kind}:${c.key}`)).toEqual([
        `upsert:${keyOf(20)}`, `upsert:${keyOf(21)}`, `upsert:${keyOf(22)}`, `upsert:${keyOf(21)}`, `remove:${keyOf(22)}`]);
      expect(seen.map((c) => c.seq)).toEqual([...seen.map((c) => c.seq)].sort((x, y) => x - y));
      expect(seen[3]?.trackId).toBe(seen[1]?.trackId);
      expect((await t.call<ChangesResponse>(`/api/sync/changes?since=${cursor}`)).body).toEqual({ changes: [], cursor, more: false });

      const titles = (await t.call<Page<Track>>('/api/tracks')).body.items.map((x) => x.title);
      expect(titles).toContain('Feed 21 (Remastered)');
      expect(titles).not.toContain('Feed 22');
      expect(titles).not.toContain('Feed 21');
      expect((await t.call<{ error: { field: string } }>('/api/sync/changes?since=abc')).body.error.field).toBe('since');
      const manifest = await t.call<{ upToDate: number[] }>('/api/sync/manifest', { body: { tracks: tracks.map((x) => x.track) } });
      expect(manifest.body.upToDate).toEqual([20]);
    });

    it('streams through a presigned URL straight from storage, with Range', async () => {
      const long = makeTrack(30, { meta: { title: 'Long One', durationMs: 3 * 3600 * 1000 }, cover, size: 20_000 });
      await sync(t, [long]);
      const id = (await t.call<SearchResult>('/api/search?q=long')).body.tracks[0]?.id;
      expect(id).toBeDefined();
      const medium = await t.call<StreamUrl>(`/api/tracks/${id}/stream?quality=medium`);
      expect(medium.status).toBe(200);
      expect(medium.body).toMatchObject({ rung: 'medium', bitrate: 128_000, codec: 'aac' });
      expect(medium.body.expiresAt - Date.now()).toBeGreaterThanOrEqual(3 * 3600 * 1000 * 1.1 - 5000);
      const url = new URL(medium.body.url);
      if (t.s3) expect(url.origin).toBe(new URL(t.s3.endpoint).origin);
      else expect(url.origin).toBe(new URL(t.server.url).origin);
      expect(url.pathname).not.toContain('/api/');
      const body = long.bodies.get(long.track.renditions[1]?.key ?? '') ?? Buffer.alloc(0);
      const part = await fetch(medium.body.url, { headers: { Range: 'bytes=10-49' } });
      expect(part.status).toBe(206);
      expect(Buffer.from(await part.arrayBuffer()).equals(body.subarray(10, 50))).toBe(true);

      const auto = await t.call<StreamUrl>(`/api/tracks/${id}/stream?quality=auto`);
      expect(auto.body.rung).toBe('medium');
      expect((await t.call<StreamUrl>(`/api/tracks/${id}/stream?quality=high`)).body.rung).toBe('high');
      const low = await t.call<StreamUrl>(`/api/tracks/${id}/stream`);
      expect(low.body.rung).toBe('medium');
      const redirect = await t.call(`/api/tracks/${id}/stream?quality=low&redirect=1`, { redirect: 'manual' });
      expect(redirect.status).toBe(302);
      const location = redirect.headers.get('location') ?? '';
      const lowBody = long.bodies.get(long.track.renditions[2]?.key ?? '') ?? Buffer.alloc(0);
      expect(Buffer.from(await (await fetch(location)).arrayBuffer()).equals(lowBody)).toBe(true);
      expect((await t.call(`/api/tracks/${id}/stream?quality=ultra`)).status).toBe(400);
      expect((await t.call('/api/tracks/987654/stream')).status).toBe(404);

      // A short track still gets at least the 30-minute default.
      const short = (await t.call<Page<Track>>('/api/tracks?sort=title')).body.items.find((x) => x.title === 'Alpha Song');
      const s = await t.call<StreamUrl>(`/api/tracks/${short?.id}/stream`);
      expect(s.body.expiresAt - Date.now()).toBeGreaterThan(29 * 60 * 1000);

      const track = (await t.call<Track>(`/api/tracks/${id}`)).body;
      expect(track.coverId).not.toBeNull();
      const coverRes = await t.call(`/api/covers/${track.coverId}?size=thumb`, { redirect: 'manual' });
      expect(coverRes.status).toBe(302);
      const image = await fetch(coverRes.headers.get('location') ?? '');
      expect(image.headers.get('content-type')).toBe('image/jpeg');
      expect(Buffer.from(await image.arrayBuffer()).equals(cover)).toBe(true);
      expect((await t.call('/api/covers/424242')).status).toBe(404);
    });

    it('garbage-collects only unreferenced objects older than the grace period', async () => {
      const kept = makeTrack(40, { meta: { title: 'Kept' }, cover });
      const dropped = makeTrack(41, { meta: { title: 'Dropped' } });
      await sync(t, [kept, dropped]);
      // An upload whose commit never came.
      const orphanKey = `renditions/${'cd'.repeat(16)}/low.m4a`;
      const put = await t.server.store.presignPut(orphanKey, { contentType: 'audio/mp4', contentLength: 10, ttlSeconds: 60 });
      expect((await fetch(put.url, { method: 'PUT', headers: put.headers, body: Buffer.alloc(10) })).status).toBe(200);
      await t.call('/api/sync/remove', { body: { sourceIds: [41] } });

      const fresh = await t.call<GcResult>('/api/admin/gc', { body: {}, token: t.adminToken });
      expect(fresh.status).toBe(200);
      expect(fresh.body.deleted).toEqual([]);
      expect(fresh.body.pending).toBeGreaterThanOrEqual(4);

      t.clock.offsetMs = 25 * 3600 * 1000;
      try {
        const late = await t.call<GcResult>('/api/admin/gc', { body: {}, token: t.adminToken });
        const deleted = new Set(late.body.deleted);
        for (const r of dropped.track.renditions) expect(deleted.has(r.key)).toBe(true);
        expect(deleted.has(orphanKey)).toBe(true);
        for (const r of kept.track.renditions) expect(deleted.has(r.key)).toBe(false);
        expect(deleted.has(kept.track.cover?.key ?? '')).toBe(false);
      } finally {
        t.clock.offsetMs = 0;
      }
      for (const r of kept.track.renditions) expect(await t.server.store.head(r.key)).not.toBeNull();
      for (const r of dropped.track.renditions) expect(await t.server.store.head(r.key)).toBeNull();
      // Collected objects are asked for again.
      const manifest = await t.call<{ missing: Array<{ key: string }> }>('/api/sync/manifest', { body: { tracks: [dropped.track] } });
      expect(manifest.body.missing).toHaveLength(3);
      // Every published track still streams.
      const titles = (await t.call<Page<Track>>('/api/tracks?limit=1000')).body.items;
      for (const track of titles) {
        const s = await t.call<StreamUrl>(`/api/tracks/${track.id}/stream`);
        expect((await fetch(s.body.url, { method: 'GET', headers: { Range: 'bytes=0-0' } })).status).toBe(206);
      }
    });
  });
}

describe('sync server rate limit', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('fs', { rateLimit: { limit: 5, windowMs: 60_000 } });
  });
  afterAll(async () => t.close());

  it('answers a burst beyond the limit with 429, Retry-After and a JSON error', async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<TestServer['call']>> | undefined;
    for (let i = 0; i < 8; i++) {
      last = await t.call('/api/tracks');
      statuses.push(last.status);
    }
    // The budget is this device's (creating it was the admin's, a budget of its own).
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last?.body).toMatchObject({ error: { status: 429 } });
    // Health is never limited.
    expect((await t.call('/api/health', { token: null })).status).toBe(200);
  });
});
