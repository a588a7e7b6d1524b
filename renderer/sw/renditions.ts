// Renditions in the service worker: `/cache/renditions/<trackId>/<rung>?src=<presigned URL>`. The
// streaming engine reads them in aligned 64 KB ranges (renderer/remote/ranges.ts); each request is
// answered with a correct 206 from the chunks held, and a chunk not held is fetched from storage
// with the same range (never more), kept, and counted as data used. So the cache holds what was
// played, a fully played track plays offline, and replaying costs nothing. Storage's other answers
// pass through unchanged (a 403 from an expired URL reaches the page, which renews it); a failed
// fetch is a network error, as it would be without the worker. Pinned renditions are downloaded
// whole on purpose (`pin`), chunk span by chunk span.
import { parseStablePath, rangeAnswer } from '../remote/policy.ts';
import { assemble, CHUNK_BYTES, chunkCount, chunksFor, missingSpan, objectOf, parseContentRange, splitChunks } from '../remote/ranges.ts';
import { rangeCache, type PinItem } from '../remote/swProtocol.ts';
import { chunkKey, complete, entryFor, readMeta, status, updateMeta, type Entry } from './meta.ts';
import { broadcast, countBytes } from './scope.ts';

/** Chunks being fetched, by chunk key: a second request for one waits for the first. */
const inflight = new Map<string, Promise<Uint8Array<ArrayBuffer> | null>>();

function safeObject(src: string | null): string | null {
  try {
    return src ? objectOf(src) : null;
  } catch {
    return null;
  }
}

/** A request's `bytes=a-b` / `bytes=a-` when the size is not known yet; null for anything else. */
function openRange(header: string): { start: number; end: number } | null {
  const m = /^bytes=(\d+)-(\d*)$/.exec(header.trim());
  if (!m) return null;
  const start = Number(m[1]);
  const end = m[2] ? Number(m[2]) : start + CHUNK_BYTES - 1;
  return end >= start ? { start, end } : null;
}

interface Span {
  chunks: Map<number, Uint8Array<ArrayBuffer>>;
  size: number;
  type: string;
  /** Settles once the chunks are in the cache and the metadata says so. */
  stored: Promise<void>;
}

/** Keeps the whole chunks of a fetched span (an entry for another object or size is reset first). */
function store(key: string, object: string, size: number, type: string, chunks: Map<number, Uint8Array<ArrayBuffer>>): Promise<void> {
  return updateMeta(async (m, cache) => {
    let e = m.entries[key];
    if (e && (e.object !== object || (e.size !== null && e.size !== size))) {
      await Promise.all(e.chunks.map((i) => cache.delete(chunkKey(key, i))));
      e = undefined;
    }
    e ??= { object, size, type, chunks: [], bytes: 0, lastUsed: Date.now(), pins: [] };
    Object.assign(e, { object, size, type, lastUsed: Date.now() });
    m.entries[key] = e;
    for (const [i, bytes] of chunks) {
      if (e.chunks.includes(i)) continue;
      await cache.put(chunkKey(key, i), new Response(bytes, { headers: { 'content-type': type, 'content-length': String(bytes.length), 'x-object': object } }));
      e.chunks.push(i);
      e.bytes += bytes.length;
    }
    if (complete(e)) void status();
  });
}

/** Fetches one span from storage; anything but a readable 206 comes back as the response to pass on. */
async function fetchSpan(key: string, src: string, span: { start: number; end: number }): Promise<Span | Response> {
  let res: Response;
  try {
    res = await fetch(src, { headers: { range: `bytes=${span.start}-${span.end}` }, mode: 'cors', credentials: 'omit', cache: 'no-store' });
  } catch {
    return Response.error();
  }
  const range = res.status === 206 ? parseContentRange(res.headers.get('content-range')) : null;
  if (!range) return res;
  const answered = performance.now();
  const body = new Uint8Array(await res.arrayBuffer());
  countBytes(body.length);
  // Throughput: the body's transfer (the round trip before it is latency).
  void broadcast({ type: 'throughput', bytes: body.length, ms: Math.max(1, performance.now() - answered) });
  const chunks = splitChunks(body, range.start, range.total);
  const type = res.headers.get('content-type') ?? 'application/octet-stream';
  return { chunks, size: range.total, type, stored: store(key, objectOf(src), range.total, type, chunks).catch(() => {}) };
}

interface Gathered {
  parts: Map<number, Uint8Array<ArrayBuffer>>;
  size: number | null;
  type: string;
}

/**
 * The chunks of `needed`: the missing ones in one span from storage (a chunk another request is
 * fetching is awaited, not fetched twice), the rest from the cache. `keep` extends the event's life
 * until the fetched chunks are stored.
 */
async function gather(key: string, src: string | null, needed: number[], entry: Entry | undefined, keep: (p: Promise<unknown>) => void): Promise<Gathered | Response> {
  const parts = new Map<number, Uint8Array<ArrayBuffer>>();
  let size = entry?.size ?? null;
  let type = entry?.type ?? 'application/octet-stream';
  const waiting = needed.filter((i) => inflight.has(chunkKey(key, i)));
  const span = missingSpan(needed, new Set([...(entry?.chunks ?? []), ...waiting]), size);
  if (span) {
    if (!src) return Response.error(); // offline, and not held
    const job = fetchSpan(key, src, span);
    for (const i of chunksFor(span.start, span.end)) {
      const k = chunkKey(key, i);
      const p = job.then((r) => (r instanceof Response ? null : (r.chunks.get(i) ?? null)));
      inflight.set(k, p);
      void job.then((r) => (r instanceof Response ? undefined : r.stored)).finally(() => inflight.get(k) === p && inflight.delete(k));
    }
    const r = await job;
    if (r instanceof Response) return r;
    keep(r.stored);
    for (const [i, bytes] of r.chunks) parts.set(i, bytes);
    ({ size, type } = r);
  }
  for (const i of waiting) {
    const bytes = await inflight.get(chunkKey(key, i));
    if (bytes) parts.set(i, bytes);
  }
  if (needed.some((i) => !parts.has(i))) {
    const cache = await caches.open(rangeCache);
    for (const i of needed) {
      if (parts.has(i)) continue;
      const hit = await cache.match(chunkKey(key, i));
      // Evicted (or its fetch failed) meanwhile: fetch what is missing once more.
      if (!hit) return src ? gather(key, src, needed.filter((n) => !parts.has(n)), undefined, keep).then((g) => (g instanceof Response ? g : merge(parts, g))) : Response.error();
      parts.set(i, new Uint8Array(await hit.arrayBuffer()));
    }
  }
  if (size === null) size = (await readMeta()).entries[key]?.size ?? null;
  return { parts, size, type };
}

function merge(parts: Map<number, Uint8Array<ArrayBuffer>>, g: Gathered): Gathered {
  for (const [i, b] of parts) g.parts.set(i, b);
  return g;
}

async function whole(key: string, e: Entry): Promise<Response> {
  const cache = await caches.open(rangeCache);
  const blobs: Blob[] = [];
  for (let i = 0; i < chunkCount(e.size ?? 0); i++) {
    const hit = await cache.match(chunkKey(key, i));
    if (!hit) return new Response(null, { status: 504 });
    blobs.push(await hit.blob());
  }
  return new Response(new Blob(blobs), { status: 200, headers: { 'content-type': e.type, 'content-length': String(e.size), 'accept-ranges': 'bytes' } });
}

export async function answerRendition(request: Request, url: URL, keep: (p: Promise<unknown>) => void): Promise<Response> {
  if (!parseStablePath(url.pathname)) return new Response(null, { status: 404 });
  const key = url.origin + url.pathname;
  const src = url.searchParams.get('src');
  const entry = await entryFor(key, safeObject(src));
  const header = request.headers.get('range');
  const passThrough = () => (src ? fetch(src, { headers: header ? { range: header } : {}, mode: 'cors', credentials: 'omit' }).catch(() => Response.error()) : Response.error());
  if (!header) return entry && complete(entry) ? whole(key, entry) : passThrough();
  let want: { start: number; end: number } | null;
  if (entry?.size != null) {
    const a = rangeAnswer(header, entry.size, entry.type);
    if (a.status === 416) return new Response(null, { status: 416, headers: a.headers });
    want = a.status === 206 ? { start: a.start, end: a.end } : null;
  } else want = openRange(header);
  if (!want) return passThrough();
  const got = await gather(key, src, chunksFor(want.start, want.end), entry, keep);
  if (got instanceof Response) return got;
  const size = got.size;
  if (size === null) return passThrough();
  if (want.start >= size) return new Response(null, { status: 416, headers: { 'content-range': `bytes */${size}` } });
  const end = Math.min(want.end, size - 1);
  const body = assemble(got.parts, want.start, end);
  if (!body) return passThrough();
  keep(updateMeta((m) => {
    const e = m.entries[key];
    if (e) e.lastUsed = Date.now();
  }));
  return new Response(body, {
    status: 206,
    headers: {
      'content-type': got.type, 'accept-ranges': 'bytes',
      'content-length': String(body.length), 'content-range': `bytes ${want.start}-${end}/${size}`,
    },
  });
}

async function freshUrl(item: PinItem): Promise<string | null> {
  try {
    const res = await fetch(`/api/tracks/${item.trackId}/stream?quality=${item.rung}`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    return res.ok ? ((await res.json()) as { url: string }).url : null;
  } catch {
    return null;
  }
}

/** Downloads a pinned rendition whole (1 MB at a time), renewing its URL when storage refuses it. */
export async function pinRendition(item: PinItem, pinKey: string, origin: string): Promise<boolean> {
  const key = new URL(`/cache/renditions/${item.trackId}/${item.rung}`, origin).href;
  let src: string | null = item.src;
  let refusals = 0;
  let held = -1;
  for (;;) {
    const e = await entryFor(key, safeObject(src));
    if (e && complete(e)) break;
    if (!src || (e?.chunks.length ?? 0) === held) return false; // no progress: give up
    held = e?.chunks.length ?? 0;
    const have = new Set(e?.chunks ?? []);
    const missing = Array.from({ length: e?.size != null ? chunkCount(e.size) : 1 }, (_, i) => i).filter((i) => !have.has(i)).slice(0, 8);
    const first = missing[0] ?? 0;
    const needed = Array.from({ length: (missing.at(-1) ?? first) - first + 1 }, (_, k) => first + k);
    const stored: Promise<unknown>[] = [];
    const got = await gather(key, src, needed, e, (p) => stored.push(p));
    await Promise.all(stored);
    if (!(got instanceof Response)) continue;
    if ((got.status !== 403 && got.status !== 401 && got.status !== 400) || ++refusals > 3) return false;
    src = await freshUrl(item);
    held = -1;
  }
  await updateMeta((m) => {
    const e = m.entries[key];
    if (e && !e.pins.includes(pinKey)) e.pins.push(pinKey);
  }, true);
  return true;
}
