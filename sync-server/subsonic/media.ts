// Binary endpoints: stream, download and getCoverArt.
//
// Many Subsonic clients don't follow redirects, so by default the object is streamed THROUGH the
// server with Range support (fs store: straight from disk; S3: a presigned GET forwarded with the
// client's Range and conditional headers, piped back). Clients named in the `redirectClients`
// setting (their `c=`) get a 302 to the presigned URL instead, so audio flows from storage.
//
// Renditions, not transcoding: `format` and `maxBitRate` (kbit/s) choose among the stored
// renditions (renditions.ts): the asked format first, then AAC in MP4 / MP3, each the best at or
// under the bit rate; `format=raw` → the best stored.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import sharp from 'sharp';
import type { FsStore } from '../../app/storage/fs.ts';
import { dataHeaders } from '../../app/storage/types.ts';
import { clampSuffixRanges, contentTypeOf } from '../../app/contract/index.ts';
import { streamTtlSeconds } from '../routes/read.ts';
import { notFound } from './envelope.ts';
import { idOf, parseId } from './ids.ts';
import type { Call, Handlers } from './index.ts';
import { pickRendition, type StreamRequest } from './renditions.ts';
import { suffixOf } from './shapes.ts';

export function redirects(call: Call): boolean {
  const c = call.client.toLowerCase();
  return c !== '' && call.s.users.settings().redirectClients.some((n) => n.toLowerCase() === c);
}

const forwarded = ['range', 'if-range', 'if-none-match', 'if-modified-since', 'if-match', 'if-unmodified-since'];
const passedBack = ['content-type', 'content-length', 'content-range', 'accept-ranges', 'etag', 'last-modified'];

interface ServeOptions {
  contentType: string;
  filename?: string;
  cacheControl?: string;
}

/** Sends the object at `key` through this server, answering Range (206/416) and conditional requests (304). */
async function serveObject(call: Call, key: string, o: ServeOptions): Promise<void> {
  const { req, res, s } = call;
  const store = s.ctx.store;
  res.setHeader('Cache-Control', o.cacheControl ?? 'private, no-cache');
  // Stored bytes are data on this origin: never sniffed, never a page, a download unless audio or an image.
  for (const [k, v] of Object.entries(dataHeaders(o.contentType))) res.setHeader(k, v);
  if (o.filename) res.attachment(o.filename);
  if (store.kind === 'fs') {
    const file = (store as FsStore).dataPath(key);
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (!st) throw notFound('Media');
    // A suffix range longer than the file is the whole file (RFC 9110), which send calls a 416.
    if (typeof req.headers.range === 'string') req.headers.range = clampSuffixRanges(req.headers.range, st.size);
    await new Promise<void>((resolve, reject) => {
      res.sendFile(file, {
        dotfiles: 'allow', acceptRanges: true, lastModified: true, etag: true, cacheControl: false,
        headers: { 'Content-Type': o.contentType },
      }, (error?: Error) => {
        const err = error as (Error & { status?: number; code?: string; headers?: Record<string, string> }) | undefined;
        if (!err || res.headersSent || err.code === 'ECONNABORTED') {
          resolve();
          return;
        }
        if (err.status === 416) {
          for (const [k, v] of Object.entries(err.headers ?? {})) res.setHeader(k, v);
          res.status(416).end();
          resolve();
        } else if (err.status === 412) {
          res.status(412).end();
          resolve();
        } else reject(notFound('Media'));
      });
    });
    return;
  }
  const signed = await store.presignGet(key, { ttlSeconds: 300 });
  const abort = new AbortController();
  const onClose = () => abort.abort();
  res.on('close', onClose);
  try {
    const headers: Record<string, string> = {};
    for (const h of forwarded) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    const upstream = await fetch(signed.url, { method: req.method === 'HEAD' ? 'HEAD' : 'GET', headers, signal: abort.signal });
    if (upstream.status === 404 || upstream.status === 403) {
      await upstream.body?.cancel();
      throw notFound('Media');
    }
    res.status(upstream.status);
    for (const h of passedBack) {
      const v = upstream.headers.get(h);
      if (v !== null) res.setHeader(h, v);
    }
    if (upstream.status === 200 || upstream.status === 206) res.setHeader('Content-Type', o.contentType);
    if (!res.hasHeader('accept-ranges')) res.setHeader('Accept-Ranges', 'bytes');
    if (!upstream.body || req.method === 'HEAD') {
      await upstream.body?.cancel();
      res.end();
      return;
    }
    await pipeline(Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream<Uint8Array>), res);
  } catch (err) {
    if (abort.signal.aborted) return;
    throw err;
  } finally {
    res.off('close', onClose);
  }
}

async function redirect(call: Call, key: string, ttlSeconds: number, filename?: string): Promise<void> {
  const signed = await call.s.ctx.store.presignGet(key, { ttlSeconds, ...(filename ? { filename } : {}) });
  call.res.setHeader('Cache-Control', 'no-store');
  call.res.redirect(302, signed.url);
}

/** The stored rendition a `stream` (or `download`: `format=raw`) of the `id` song gets. */
function rendition(call: Call, request: StreamRequest) {
  const raw = call.params.required('id');
  const id = idOf(raw, 'tr', 'Song');
  const r = pickRendition(call.s.ctx.mirror.renditions(id), request)?.pick;
  if (!r) throw notFound(`Song ${raw}`);
  return { id, r };
}

function fileName(s: string): string {
  return s.replace(/[/\\\u0000-\u001f"]/g, '_').slice(0, 180);
}

// ───────────── covers ─────────────

/** Sizes covers are resized to: a request is answered with the smallest bucket ≥ its size. */
const coverBuckets = [64, 128, 256, 300, 400, 512, 600, 800, 1024, 1200, 1500, 2000];
const coverCacheBytes = 48 * 1024 * 1024;
const coverCache = new Map<string, Buffer>();
let coverCacheSize = 0;

export function coverBucket(size: number): number {
  return coverBuckets.find((b) => b >= size) ?? coverBuckets[coverBuckets.length - 1] ?? 2000;
}

function remember(key: string, body: Buffer): void {
  coverCache.set(key, body);
  coverCacheSize += body.length;
  for (const [k, v] of coverCache) {
    if (coverCacheSize <= coverCacheBytes) break;
    coverCache.delete(k);
    coverCacheSize -= v.length;
  }
}

async function readObject(call: Call, key: string): Promise<Buffer> {
  const store = call.s.ctx.store;
  if (store.kind === 'fs') return fs.promises.readFile((store as FsStore).dataPath(key));
  const signed = await store.presignGet(key, { ttlSeconds: 300 });
  const res = await fetch(signed.url);
  if (!res.ok) throw notFound('Cover art');
  return Buffer.from(await res.arrayBuffer());
}

const pending = new Map<string, Promise<Buffer>>();

async function resized(call: Call, key: string, size: number): Promise<Buffer> {
  const cacheKey = `${key}:${size}`;
  const hit = coverCache.get(cacheKey);
  if (hit) {
    // Refresh its place in the LRU order.
    coverCache.delete(cacheKey);
    coverCache.set(cacheKey, hit);
    return hit;
  }
  let job = pending.get(cacheKey);
  if (!job) {
    job = (async () => {
      const original = await readObject(call, key);
      // Stored bytes that are no image (a broken or hostile upload) are no cover: 70, not a 500.
      const out = await sharp(original).rotate().resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' }).jpeg({ quality: 85, mozjpeg: true }).toBuffer()
        .catch(() => { throw notFound('Cover art (not a readable image)'); });
      remember(cacheKey, out);
      return out;
    })().finally(() => pending.delete(cacheKey));
    pending.set(cacheKey, job);
  }
  return job;
}

/** The catalog cover id a getCoverArt id names: `co-N`, or the cover of `al-N`, `tr-N`, `ar-N`. */
function coverIdOf(call: Call, raw: string): number {
  const parsed = parseId(raw, 'co');
  const { queries } = call.s.ctx;
  let id: number | null | undefined;
  switch (parsed?.kind) {
    case 'co': id = parsed.id; break;
    case 'al': id = queries.albums.byId(parsed.id)?.coverId; break;
    case 'tr': id = queries.tracks.byId(parsed.id)?.coverId; break;
    case 'ar': id = queries.artists.byId(parsed.id)?.coverId; break;
    default: id = null;
  }
  if (id === null || id === undefined) throw notFound(`Cover art ${raw}`);
  return id;
}

export const mediaHandlers: Handlers = {
  json: {},
  raw: {
    async stream(call) {
      const { r } = rendition(call, { maxBitRate: call.params.int('maxBitRate', 0, 0), format: call.params.get('format') });
      if (redirects(call)) {
        await redirect(call, r.key, streamTtlSeconds(call.s.ctx.limits.streamTtlSeconds, r.durationMs));
        return;
      }
      await serveObject(call, r.key, { contentType: r.contentType });
    },
    async download(call) {
      const { id, r } = rendition(call, { format: 'raw' });
      const t = call.s.ctx.queries.tracks.byId(id);
      const filename = fileName(`${t ? `${t.artist} - ${t.title}` : `track-${id}`}.${suffixOf(r.key)}`);
      if (redirects(call)) {
        await redirect(call, r.key, streamTtlSeconds(call.s.ctx.limits.streamTtlSeconds, r.durationMs), filename);
        return;
      }
      await serveObject(call, r.key, { contentType: r.contentType, filename });
    },
    async getCoverArt(call) {
      const raw = call.params.required('id');
      const coverId = coverIdOf(call, raw);
      const key = call.s.ctx.mirror.coverKey(coverId);
      if (!key) throw notFound(`Cover art ${raw}`);
      const size = call.params.int('size', 0, 0, 10_000);
      if (size <= 0) {
        if (redirects(call)) {
          await redirect(call, key, call.s.ctx.limits.coverTtlSeconds);
          return;
        }
        const type = contentTypeOf(key) ?? 'application/octet-stream';
        await serveObject(call, key, { contentType: type, cacheControl: 'private, max-age=86400' });
        return;
      }
      const bucket = coverBucket(size);
      const etag = `"${key.replace(/^covers\//, '').replace(/\.[a-z0-9]+$/, '')}-${bucket}"`;
      const { req, res } = call;
      res.setHeader('ETag', etag);
      res.setHeader('Cache-Control', 'private, max-age=86400');
      if (req.headers['if-none-match'] === etag) {
        res.status(304).end();
        return;
      }
      const body = await resized(call, key, bucket);
      for (const [k, v] of Object.entries(dataHeaders('image/jpeg'))) res.setHeader(k, v);
      res.type('image/jpeg');
      res.setHeader('Content-Length', String(body.length));
      if (req.method === 'HEAD') res.end();
      else res.end(body);
    },
  },
};
