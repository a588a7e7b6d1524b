// Driver conformance: the same checks against a real signature-checking S3 server (s3rver) and the
// fs driver behind its HTTP route.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestS3, type TestS3 } from '../testing/s3.ts';
import { tempDir } from '../testing/temp.ts';
import { createFsStore } from './fs.ts';
import { fsObjectRoutes } from '../http/fsObjects.ts';
import { createStore, s3ConfigFromEnv } from './index.ts';
import { createS3Store } from './s3.ts';
import { IMMUTABLE, renditionKey, type Store } from './types.ts';

interface Harness {
  /** A store whose clock is `offsetMs` away from now. */
  store(offsetMs?: number): Store;
  close(): Promise<void>;
}

async function s3Harness(): Promise<Harness & { s3: TestS3 }> {
  const s3 = await startTestS3();
  return {
    s3,
    store: (offsetMs = 0) => createS3Store({
      endpoint: s3.endpoint, bucket: s3.bucket, region: s3.region, accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey, forcePathStyle: true, listPageSize: 2, now: () => Date.now() + offsetMs,
    }),
    close: () => s3.close(),
  };
}

async function fsHarness(): Promise<Harness> {
  const dir = tempDir('tonearm-fs-store-');
  const secret = crypto.randomBytes(32).toString('hex');
  let baseUrl = '';
  const main = createFsStore({ dir, secret, baseUrl: () => baseUrl });
  const app = express();
  app.set('query parser', 'simple');
  app.use(fsObjectRoutes(main));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    store: (offsetMs = 0) => (offsetMs === 0 ? main : createFsStore({ dir, secret, baseUrl, now: () => Date.now() + offsetMs })),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const fp = (n: number) => crypto.createHash('sha256').update(String(n)).digest('hex').slice(0, 32);

async function upload(store: Store, key: string, body: Buffer, contentType = 'audio/mp4'): Promise<Response> {
  const put = await store.presignPut(key, { contentType, contentLength: body.length, ttlSeconds: 60, cacheControl: IMMUTABLE });
  return fetch(put.url, { method: 'PUT', headers: put.headers, body });
}

for (const kind of ['s3', 'fs'] as const) {
  describe(`${kind} driver`, () => {
    let h: Harness;
    let store: Store;
    beforeAll(async () => {
      h = kind === 's3' ? await s3Harness() : await fsHarness();
      store = h.store();
    });
    afterAll(async () => h.close());

    it('stores through a presigned PUT; head, Range GET, list, delete', async () => {
      const key = renditionKey(fp(1), 'high', 'm4a');
      const body = crypto.randomBytes(10_000);
      const put = await upload(store, key, body);
      expect(put.status).toBe(200);
      expect(put.headers.get('etag')).toBeTruthy();

      const info = await store.head(key);
      expect(info).toMatchObject({ key, size: body.length, contentType: 'audio/mp4' });
      expect(await store.head(renditionKey(fp(999), 'high', 'm4a'))).toBeNull();

      const get = await store.presignGet(key, { ttlSeconds: 60 });
      expect(get.expiresAt).toBeGreaterThan(Date.now());
      const full = await fetch(get.url);
      expect(full.status).toBe(200);
      expect(full.headers.get('content-type')).toBe('audio/mp4');
      expect(full.headers.get('cache-control')).toBe(IMMUTABLE);
      expect(Buffer.from(await full.arrayBuffer()).equals(body)).toBe(true);
      const part = await fetch(get.url, { headers: { Range: 'bytes=100-199' } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 100-199/${body.length}`);
      expect(Buffer.from(await part.arrayBuffer()).equals(body.subarray(100, 200))).toBe(true);
      if (kind === 'fs') {
        // A suffix longer than the object is the whole object (RFC 9110 §14.1.2). (s3rver gets suffixes wrong; S3 itself does this.)
        const long = await fetch(get.url, { headers: { Range: `bytes=-${body.length * 10}` } });
        expect(long.status).toBe(206);
        expect(long.headers.get('content-range')).toBe(`bytes 0-${body.length - 1}/${body.length}`);
        expect(Buffer.from(await long.arrayBuffer()).equals(body)).toBe(true);
      }
      const etag = full.headers.get('etag');
      expect(etag).toBeTruthy();
      // fetch adds `Cache-Control: no-cache` to conditional requests unless one is given.
      const cached = await fetch(get.url, { headers: { 'If-None-Match': etag ?? '', 'Cache-Control': 'max-age=0' } });
      expect(cached.status).toBe(304);

      for (const rung of ['low', 'medium']) expect((await upload(store, renditionKey(fp(1), rung, 'm4a'), crypto.randomBytes(50))).status).toBe(200);
      expect((await upload(store, 'covers/abcdef0123456789.jpg', crypto.randomBytes(20), 'image/jpeg')).status).toBe(200);
      const listed: string[] = [];
      for await (const o of store.list(`renditions/${fp(1)}/`)) listed.push(o.key);
      expect(listed.sort()).toEqual(['high', 'low', 'medium'].map((r) => renditionKey(fp(1), r, 'm4a')));
      const all: string[] = [];
      for await (const o of store.list('')) all.push(o.key);
      expect(all).toHaveLength(4);

      await store.delete(key);
      expect(await store.head(key)).toBeNull();
      expect((await fetch(get.url)).status).toBe(404);
      await store.delete(key); // deleting twice is fine
    });

    it('refuses expired, tampered and transplanted GET signatures with 403', async () => {
      const a = renditionKey(fp(2), 'high', 'm4a');
      const b = renditionKey(fp(3), 'high', 'm4a');
      expect((await upload(store, a, crypto.randomBytes(64))).status).toBe(200);
      expect((await upload(store, b, crypto.randomBytes(64))).status).toBe(200);

      const expired = await h.store(-3600_000).presignGet(a, { ttlSeconds: 60 });
      expect(expired.expiresAt).toBeLessThan(Date.now());
      expect((await fetch(expired.url)).status).toBe(403);

      const good = await store.presignGet(a, { ttlSeconds: 60 });
      const sigParam = kind === 's3' ? 'X-Amz-Signature' : 'sig';
      const url = new URL(good.url);
      const sig = url.searchParams.get(sigParam) ?? '';
      url.searchParams.set(sigParam, (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1));
      expect((await fetch(url)).status).toBe(403);

      const moved = new URL(good.url);
      moved.pathname = moved.pathname.replace(a, b);
      expect(moved.pathname).toContain(b);
      expect((await fetch(moved)).status).toBe(403);
      expect((await fetch(good.url)).status).toBe(200);
    });

    it('rejects a bound PUT sent with another Content-Type or Content-Length', async () => {
      const key = renditionKey(fp(4), 'medium', 'm4a');
      const body = crypto.randomBytes(1000);
      const put = await store.presignPut(key, { contentType: 'audio/mp4', contentLength: body.length, ttlSeconds: 60, cacheControl: IMMUTABLE });
      const wrongType = await fetch(put.url, { method: 'PUT', headers: { ...put.headers, 'Content-Type': 'text/html' }, body });
      expect(wrongType.status).toBe(403);
      const { 'Content-Length': _len, ...headers } = put.headers;
      const longer = await fetch(put.url, { method: 'PUT', headers, body: Buffer.concat([body, body]) });
      expect(longer.status).toBe(403);
      const shorter = await fetch(put.url, { method: 'PUT', headers, body: body.subarray(0, 10) });
      expect(shorter.status).toBe(403);
      expect(await store.head(key)).toBeNull();
      const expiredPut = await h.store(-3600_000).presignPut(key, { contentType: 'audio/mp4', contentLength: body.length, ttlSeconds: 60 });
      expect((await fetch(expiredPut.url, { method: 'PUT', headers: expiredPut.headers, body })).status).toBe(403);
      expect(await store.head(key)).toBeNull();
      expect((await fetch(put.url, { method: 'PUT', headers: put.headers, body })).status).toBe(200);
      expect((await store.head(key))?.size).toBe(body.length);
    });

    it('binds a PUT to its bytes and to creating only: the checksum headers are signed; fs refuses other bytes and a second write', async () => {
      const key = renditionKey(fp(7), 'low', 'm4a');
      const body = crypto.randomBytes(3000);
      const sha256 = crypto.createHash('sha256').update(body).digest('hex');
      const md5 = crypto.createHash('md5').update(body).digest('hex');
      const put = await store.presignPut(key, { contentType: 'audio/mp4', contentLength: body.length, ttlSeconds: 60, cacheControl: IMMUTABLE, sha256, md5, createOnly: true });
      expect(put.headers['If-None-Match']).toBe('*');
      expect(put.headers['x-amz-checksum-sha256']).toBe(Buffer.from(sha256, 'hex').toString('base64'));
      const { ['x-amz-checksum-sha256']: _c, ...noChecksum } = put.headers;
      const { ['If-None-Match']: _i, ...noCondition } = put.headers;
      expect((await fetch(put.url, { method: 'PUT', headers: noChecksum, body })).status).toBe(403);
      expect((await fetch(put.url, { method: 'PUT', headers: noCondition, body })).status).toBe(403);
      if (kind === 'fs') {
        const other = crypto.randomBytes(body.length);
        expect((await fetch(put.url, { method: 'PUT', headers: put.headers, body: other })).status).toBe(400);
        expect(await store.head(key)).toBeNull();
      }
      expect((await fetch(put.url, { method: 'PUT', headers: put.headers, body })).status).toBe(200);
      const head = await store.head(key);
      expect(head?.size).toBe(body.length);
      expect(head?.etag?.replaceAll('"', '')).toBe(md5);
      if (kind === 'fs') {
        expect(head?.sha256).toBe(sha256);
        // Create-only: the same URL (or any) never replaces it. (s3rver ignores If-None-Match; R2 and S3 answer 412.)
        expect((await fetch(put.url, { method: 'PUT', headers: put.headers, body })).status).toBe(412);
      }
    });

    it('uploads large objects in parts', async () => {
      const key = renditionKey(fp(5), 'high', 'm4a');
      const body = crypto.randomBytes(5 * 1024 * 1024 + 1234);
      const started = await store.startMultipart(key, { contentType: 'audio/mp4', contentLength: body.length, ttlSeconds: 60, partSize: 5 * 1024 * 1024 });
      expect(started.parts.length).toBe(kind === 's3' ? 2 : 1);
      const done = [];
      for (const p of started.parts) {
        const res = await fetch(p.url, { method: 'PUT', headers: p.headers, body: body.subarray(p.start, p.end) });
        expect(res.status).toBe(200);
        done.push({ partNumber: p.partNumber, etag: res.headers.get('etag') ?? '' });
      }
      await store.completeMultipart(key, started.uploadId, done);
      expect((await store.head(key))?.size).toBe(body.length);
      const get = await store.presignGet(key, { ttlSeconds: 60 });
      const tail = await fetch(get.url, { headers: { Range: `bytes=${body.length - 100}-` } });
      expect(tail.status).toBe(206);
      expect(Buffer.from(await tail.arrayBuffer()).equals(body.subarray(body.length - 100))).toBe(true);
    });

    it('rejects keys that are not plain relative paths', async () => {
      for (const bad of ['', '../x', 'a//b', '/abs', 'a/./b', 'a b']) {
        await expect(store.presignGet(bad, { ttlSeconds: 60 })).rejects.toThrow(/invalid object key/);
      }
    });
  });
}

describe('s3 signatures', () => {
  it('are checked by the test server (wrong secret → the SDK call fails, list included)', async () => {
    const s3 = await startTestS3();
    try {
      const bad = createS3Store({ endpoint: s3.endpoint, bucket: s3.bucket, region: s3.region, accessKeyId: s3.accessKeyId, secretAccessKey: 'wrong', forcePathStyle: true });
      await expect(bad.head('covers/abcdef0123456789.jpg')).rejects.toThrow();
      await expect((async () => { for await (const _ of bad.list('')) { /* nothing */ } })()).rejects.toThrow(/signature/i);
    } finally {
      await s3.close();
    }
  });
});

describe('createStore and env config', () => {
  it('reads TONEARM_S3_* and names what is missing', () => {
    expect(() => s3ConfigFromEnv({})).toThrow(/TONEARM_S3_BUCKET, TONEARM_S3_ACCESS_KEY_ID, TONEARM_S3_SECRET_ACCESS_KEY/);
    const config = s3ConfigFromEnv({
      TONEARM_S3_ENDPOINT: 'https://acc.r2.cloudflarestorage.com', TONEARM_S3_BUCKET: 'music',
      TONEARM_S3_ACCESS_KEY_ID: 'id', TONEARM_S3_SECRET_ACCESS_KEY: 'secret', TONEARM_S3_FORCE_PATH_STYLE: 'true',
    });
    expect(config).toMatchObject({ region: 'auto', bucket: 'music', forcePathStyle: true });
    expect(createStore({ kind: 's3', ...config }).kind).toBe('s3');
    const dir = tempDir();
    expect(createStore({ kind: 'fs', dir, secret: 'x', baseUrl: 'http://127.0.0.1:1' }).kind).toBe('fs');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
