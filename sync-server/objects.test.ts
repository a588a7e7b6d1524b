// Objects are data, never pages — attacks with a sync token, against the real server on the fs store
// and on s3rver: upload URLs for types no rendition or cover has, other bytes than the URL was signed
// for, replacing a published object, and stored bytes served from this server's origin.
import crypto from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewSubsonicUser, Page, Track, UploadsResponse } from '../app/contract/index.ts';
import { digestsOf, makeTrack, startTestServer, sync, type TestServer, type TestTrack } from './testing/testkit.ts';

const html = Buffer.from('<!doctype html><script>fetch("/x?"+localStorage.getItem("tonearm.token"))</script>');

for (const kind of ['fs', 's3'] as const) {
  describe(`objects are data (${kind} store)`, () => {
    let t: TestServer;
    let published: TestTrack;
    beforeAll(async () => {
      t = await startTestServer(kind);
      const cover = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#c04040' } }).jpeg().toBuffer();
      published = makeTrack(1, { meta: { title: 'Published' }, cover });
      await sync(t, [published]);
    }, 60_000);
    afterAll(async () => t?.close());

    const ask = (objects: Array<{ key: string; contentType: string; body: Buffer }>) => t.call<UploadsResponse & { error?: { field?: string; message: string } }>(
      '/api/sync/uploads', { body: { objects: objects.map((o) => ({ key: o.key, bytes: o.body.length, contentType: o.contentType, ...digestsOf(o.body) })) } });

    it('hands out upload URLs only for the types a rendition or a cover has, with a matching extension', async () => {
      const hex = 'ab'.repeat(16);
      const refused: Array<[string, string, string]> = [
        [`covers/${hex}.html`, 'text/html', 'key'],
        [`covers/${hex}.svg`, 'image/svg+xml', 'key'],
        [`covers/${hex}.jpg`, 'text/html', 'contentType'],
        [`covers/${hex}.jpg`, 'image/png', 'contentType'],
        [`renditions/${hex}/high.m4a`, 'audio/webm', 'contentType'],
        [`renditions/${hex}/high.html`, 'text/html', 'key'],
        [`renditions/${hex}/high.mp3`, 'audio/mpeg; charset=utf-8', 'contentType'],
      ];
      for (const [key, contentType, field] of refused) {
        const res = await ask([{ key, contentType, body: html }]);
        expect(res.status, `${key} ${contentType}`).toBe(400);
        expect(res.body.error?.field, `${key} ${contentType}`).toMatch(new RegExp(field));
      }
      // The manifest and the commit take the same rules: an HTML "cover" is never published.
      const track = makeTrack(2, { meta: { title: 'Sneaky' } }).track;
      const sneaky = { ...track, cover: { key: `covers/${hex}.html`, bytes: html.length, contentType: 'text/html' } };
      expect((await t.call('/api/sync/manifest', { body: { tracks: [sneaky] } })).status).toBe(400);
      expect((await t.call('/api/sync/commit', { body: { tracks: [sneaky] } })).status).toBe(400);
      const ok = await ask([{ key: `covers/${hex}.jpg`, contentType: 'image/jpeg', body: html }]);
      expect(ok.status).toBe(200);
    });

    it('binds each URL to its bytes: other bytes of the same size are refused (fs) or never published (S3: the commit checks them)', async () => {
      const victim = makeTrack(3, { meta: { title: 'Victim' } });
      const key = victim.track.renditions[0]?.key ?? '';
      const good = victim.bodies.get(key) ?? Buffer.alloc(0);
      const evil = crypto.randomBytes(good.length);
      const url = (await ask([{ key, contentType: 'audio/mp4', body: good }])).body.uploads[0];
      if (!url) throw new Error('no URL');
      // The checksum is part of the signature: dropping or changing the header is a 403.
      const { ['x-amz-checksum-sha256']: _dropped, ...without } = url.headers;
      expect((await fetch(url.url, { method: 'PUT', headers: without, body: good })).status).toBe(403);
      const forged = { ...url.headers, 'x-amz-checksum-sha256': crypto.createHash('sha256').update(evil).digest('base64') };
      expect((await fetch(url.url, { method: 'PUT', headers: forged, body: evil })).status).toBe(403);
      const put = await fetch(url.url, { method: 'PUT', headers: url.headers, body: evil });
      if (kind === 'fs') {
        expect(put.status).toBe(400);
        expect(await t.server.store.head(key)).toBeNull();
      } else {
        // s3rver stores what it gets (R2 and S3 check x-amz-checksum-sha256 and Content-MD5 and refuse it).
        expect(put.status).toBe(200);
      }
      for (const [k, body] of victim.bodies) {
        if (k === key) continue;
        const u = (await ask([{ key: k, contentType: 'audio/mp4', body }])).body.uploads[0];
        await fetch(u?.url ?? '', { method: 'PUT', headers: u?.headers, body });
      }
      const commit = await t.call<{ published: number[]; rejected: Array<{ reason: string }> }>('/api/sync/commit', { body: { tracks: [victim.track] } });
      expect(commit.body.published).toEqual([]);
      expect(commit.body.rejected[0]?.reason).toMatch(kind === 'fs' ? /not in storage/ : /other bytes in storage than were uploaded/);
      expect((await t.call<Page<Track>>('/api/tracks')).body.items.map((x) => x.title)).not.toContain('Victim');
    });

    it('never replaces a published object: no URL for it, and a URL handed out before may only create', async () => {
      const key = published.track.renditions[2]?.key ?? '';
      const original = published.bodies.get(key) ?? Buffer.alloc(0);
      const evil = crypto.randomBytes(original.length);
      const again = await ask([{ key, contentType: 'audio/mp4', body: evil }]);
      expect(again.body).toEqual({ uploads: [], present: [key] });
      // A URL obtained for a key before it was published (say, by a second desktop) is create-only.
      const fresh = makeTrack(4, { meta: { title: 'Fresh' } });
      const freshKey = fresh.track.renditions[2]?.key ?? '';
      const body = fresh.bodies.get(freshKey) ?? Buffer.alloc(0);
      const early = (await ask([{ key: freshKey, contentType: 'audio/mp4', body }])).body.uploads[0];
      await sync(t, [fresh]);
      const late = await fetch(early?.url ?? '', { method: 'PUT', headers: early?.headers, body });
      expect(late.headers.get('if-none-match') ?? early?.headers['If-None-Match']).toBe('*');
      if (kind === 'fs') expect(late.status).toBe(412);
      // (s3rver ignores If-None-Match on PUT; R2 and S3 answer 412 — and the same bytes are bound anyway.)
      const stored = await fetch((await t.call<{ url: string }>(`/api/tracks/${(await t.call<Page<Track>>('/api/tracks?sort=title')).body.items.find((x) => x.title === 'Published')?.id}/stream?quality=low`)).body.url);
      expect(Buffer.from(await stored.arrayBuffer()).equals(original)).toBe(true);
    });

    it('serves stored bytes as data: nosniff, a sandbox CSP, and an attachment unless audio or an image', async () => {
      const user = (await t.call<NewSubsonicUser>('/api/admin/subsonic/users', { body: { name: `u${kind}` }, token: t.adminToken })).body;
      const id = (await t.call<Page<Track>>('/api/tracks')).body.items.find((x) => x.title === 'Published')?.id;
      const rest = (name: string, extra: Record<string, string> = {}) =>
        fetch(`${t.server.url}/rest/${name}?${new URLSearchParams({ apiKey: user.apiKey, v: '1.16.1', c: 'test', id: `tr-${id}`, ...extra })}`);
      const expectData = (res: Response, what: string) => {
        expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
        expect(res.headers.get('content-security-policy'), what).toMatch(/sandbox/);
      };
      for (const [name, extra] of [['stream', {}], ['download', {}], ['getCoverArt', {}], ['getCoverArt', { size: '64' }]] as const) {
        const res = await rest(name, extra);
        const text = Buffer.from(await res.arrayBuffer()).subarray(0, 300).toString();
        expect(res.status, `${name}: ${text}`).toBe(200);
        expectData(res, name);
        expect(res.headers.get('content-type'), name).toMatch(/^(audio|image)\//);
      }
      if (kind === 'fs') {
        // The fs store's bucket is this server's own origin: an object of any other type (only an
        // operator could put one there) downloads instead of rendering.
        const key = `covers/${'ef'.repeat(16)}.jpg`;
        const put = await t.server.store.presignPut(key, { contentType: 'text/html', contentLength: html.length, ttlSeconds: 60 });
        expect((await fetch(put.url, { method: 'PUT', headers: put.headers, body: html })).status).toBe(200);
        const get = await fetch((await t.server.store.presignGet(key, { ttlSeconds: 60 })).url);
        await get.arrayBuffer();
        expectData(get, '/objects (text/html)');
        expect(get.headers.get('content-disposition')).toMatch(/^attachment/);
        const audio = await fetch((await t.server.store.presignGet(published.track.renditions[0]?.key ?? '', { ttlSeconds: 60 })).url);
        await audio.arrayBuffer();
        expectData(audio, '/objects (audio)');
        expect(audio.headers.get('content-disposition')).toBeNull();
      }
    });
  });
}
