// The remote player's service worker (built to dist/renderer/sw.js by the swBuild plugin in
// vite.config.ts; registered only in remote mode). It
//  - caches the app shell (precached at install) and library API GETs (network first), so the
//    app opens and browses offline;
//  - serves renditions at stable URLs, `/cache/renditions/<trackId>/<rung>?src=<presigned>`: a
//    cached body answers Range requests with 206 slices; otherwise it downloads the presigned URL
//    ONCE from storage (never through the sync server), streams it to the <audio> element as it
//    arrives, and stores it under the stable URL (LRU with a size limit; pinned items exempt). An
//    expired URL (403) or a dropped connection is resumed with a fresh URL from the API (cookie),
//    from the byte where it stopped — the listener hears nothing;
//  - prefetches the head of the next track (`&prefetch=<bytes>`), which the full download continues;
//  - queues POSTs made offline (play events) and sends them later.
import { parseStablePath, planEviction, rangeAnswer, type CacheEntry } from './remote/policy.ts';
import { renditionCache, type FromWorker, type ToWorker } from './remote/swProtocol.ts';

declare const __SHELL__: string[];
declare const __BUILD__: string;

interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(r: Response | Promise<Response>): void;
}
interface MessageEventLike extends ExtendableEvent {
  data: ToWorker;
}
interface WorkerClient {
  postMessage(message: FromWorker): void;
}
interface Scope {
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void;
  addEventListener(type: 'message', fn: (e: MessageEventLike) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void>; matchAll(o?: { includeUncontrolled?: boolean }): Promise<WorkerClient[]> };
  location: Location;
}
const sw = self as unknown as Scope;

const shellCache = `tonearm-shell-${__BUILD__}`;
const apiCache = 'tonearm-api';
const outboxCache = 'tonearm-outbox';
const metaUrl = '/cache/meta.json';

// ---- messages to pages ---------------------------------------------------------------------
async function broadcast(message: FromWorker): Promise<void> {
  for (const c of await sw.clients.matchAll({ includeUncontrolled: true })) c.postMessage(message);
}
let pendingBytes = 0;
let bytesTimer: ReturnType<typeof setTimeout> | null = null;
function countBytes(n: number): void {
  pendingBytes += n;
  bytesTimer ??= setTimeout(() => {
    bytesTimer = null;
    const n2 = pendingBytes;
    pendingBytes = 0;
    void broadcast({ type: 'bytes', n: n2 });
  }, 250);
}

// ---- cache metadata (LRU) ------------------------------------------------------------------
interface Meta {
  limit: number;
  entries: Record<string, { bytes: number; lastUsed: number; pins: string[] }>;
}
let meta: Meta | null = null;
let metaChain: Promise<unknown> = Promise.resolve();

async function readMeta(): Promise<Meta> {
  if (meta) return meta;
  const res = await (await caches.open(renditionCache)).match(metaUrl);
  meta = res ? ((await res.json()) as Meta) : { limit: 1024 ** 3, entries: {} };
  return meta;
}
/** Serialised read-modify-write of the metadata (and eviction). */
function updateMeta(fn: (m: Meta, cache: Cache) => Promise<void> | void): Promise<void> {
  const run = metaChain.then(async () => {
    const m = await readMeta();
    const cache = await caches.open(renditionCache);
    await fn(m, cache);
    const entries: CacheEntry[] = Object.entries(m.entries).map(([key, e]) => ({ key, bytes: e.bytes, lastUsed: e.lastUsed, pinned: e.pins.length > 0 }));
    for (const key of planEviction(entries, m.limit)) {
      await cache.delete(key);
      delete m.entries[key];
    }
    await cache.put(metaUrl, new Response(JSON.stringify(m), { headers: { 'content-type': 'application/json' } }));
  });
  metaChain = run.catch(() => {});
  return run;
}
const cachedBytes = (m: Meta) => Object.values(m.entries).reduce((a, e) => a + e.bytes, 0);

// ---- downloads -----------------------------------------------------------------------------
interface Download {
  key: string;
  trackId: number;
  rung: string;
  src: string | null;
  buf: Uint8Array<ArrayBuffer> | null;
  total: number | null;
  received: number;
  contentType: string;
  running: Promise<void> | null;
  failed: Error | null;
  cached: boolean;
  waiters: Set<() => void>;
}
const downloads = new Map<string, Download>();

function notify(d: Download): void {
  for (const w of d.waiters) w();
  d.waiters.clear();
}
function changed(d: Download): Promise<void> {
  return new Promise((resolve) => d.waiters.add(resolve));
}

async function freshUrl(d: Download): Promise<string> {
  const res = await fetch(`/api/tracks/${d.trackId}/stream?quality=${d.rung}`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`stream URL: ${res.status}`);
  return ((await res.json()) as { url: string }).url;
}

/** Fetches bytes [received, upTo) (upTo null = to the end), resuming with fresh URLs on 403 / drops. */
async function fetchBytes(d: Download, upTo: number | null): Promise<void> {
  let attempts = 0;
  while (d.total === null || d.received < (upTo ?? d.total)) {
    if (attempts++ > 4) throw new Error('storage keeps failing');
    if (!d.src || attempts > 1) {
      try {
        d.src = await freshUrl(d);
      } catch (err) {
        if (!d.src) throw err;
      }
    }
    const end = upTo !== null ? upTo - 1 : '';
    const headers: Record<string, string> = d.received > 0 || upTo !== null ? { range: `bytes=${d.received}-${end}` } : {};
    const started = performance.now();
    let res: Response;
    try {
      res = await fetch(d.src, { headers, mode: 'cors', credentials: 'omit', cache: 'no-store' });
    } catch {
      if (!navigator.onLine) throw new Error('offline');
      d.src = null;
      continue;
    }
    if (res.status === 403 || res.status === 400 || res.status === 401) {
      // Past its expiry (or otherwise refused): a fresh URL, same byte offset.
      d.src = null;
      continue;
    }
    if (res.status === 416 && d.total !== null) break;
    if (!res.ok || !res.body) throw new Error(`storage answered ${res.status}`);
    if (res.status === 200 && d.received > 0) d.received = 0; // range ignored: start over
    const total = res.status === 206
      ? Number(/\/(\d+)$/.exec(res.headers.get('content-range') ?? '')?.[1] ?? NaN)
      : Number(res.headers.get('content-length') ?? NaN);
    if (!Number.isFinite(total)) throw new Error('storage did not say how large the object is');
    if (d.total === null || !d.buf) {
      d.total = total;
      d.buf = new Uint8Array(total);
      d.contentType = res.headers.get('content-type') ?? d.contentType;
      notify(d);
    }
    const reader = res.body.getReader();
    let got = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const room = Math.min(value.length, d.total - d.received);
        d.buf.set(value.subarray(0, room), d.received);
        d.received += room;
        got += value.length;
        notify(d);
      }
    } catch {
      /* connection dropped: resume from d.received */
    } finally {
      countBytes(got);
      void broadcast({ type: 'throughput', bytes: got, ms: performance.now() - started });
    }
  }
}

function download(key: string, trackId: number, rung: string): Download {
  let d = downloads.get(key);
  if (!d) {
    d = { key, trackId, rung, src: null, buf: null, total: null, received: 0, contentType: 'audio/mp4', running: null, failed: null, cached: false, waiters: new Set() };
    downloads.set(key, d);
  }
  return d;
}

/** Runs `job` as the download's only fetch (a prefetch and the full download never overlap). */
function exclusive(d: Download, job: () => Promise<void>): Promise<void> {
  const run = (d.running ?? Promise.resolve()).then(job).catch((err: unknown) => {
    d.failed = err as Error;
    notify(d);
  });
  d.running = run.finally(() => {
    if (d.running === run) d.running = null;
  });
  return run;
}

function complete(d: Download): Promise<void> {
  if (d.cached) return Promise.resolve();
  d.failed = null;
  return exclusive(d, async () => {
    if (d.cached) return;
    await fetchBytes(d, null);
    const buf = d.buf;
    if (!buf || d.total === null || d.received < d.total) throw new Error('incomplete download');
    await updateMeta(async (m, cache) => {
      await cache.put(d.key, new Response(buf, { headers: { 'content-type': d.contentType, 'content-length': String(buf.length) } }));
      const before = m.entries[d.key];
      m.entries[d.key] = { bytes: buf.length, lastUsed: Date.now(), pins: before?.pins ?? [] };
    });
    d.cached = true;
    const m = await readMeta();
    void broadcast({ type: 'status', cachedBytes: cachedBytes(m), keys: Object.keys(m.entries) });
    // Readers still streaming keep their reference to the buffer; drop ours shortly after.
    setTimeout(() => downloads.get(d.key) === d && downloads.delete(d.key), 60_000);
  });
}

async function answerCached(res: Response, range: string | null, key: string): Promise<Response> {
  const blob = await res.blob();
  const a = rangeAnswer(range, blob.size, res.headers.get('content-type') ?? 'audio/mp4');
  void updateMeta((m) => {
    const e = m.entries[key];
    if (e) e.lastUsed = Date.now();
  });
  return new Response(a.status === 416 ? null : blob.slice(a.start, a.end + 1), { status: a.status, headers: a.headers });
}

async function rendition(request: Request, url: URL): Promise<Response> {
  const stable = parseStablePath(url.pathname);
  if (!stable) return new Response(null, { status: 404 });
  const key = url.origin + url.pathname;
  const prefetch = Number(url.searchParams.get('prefetch') ?? 0);
  const src = url.searchParams.get('src');
  // The metadata (in memory) says what is cached: an uncached track never waits on Cache Storage,
  // which serialises operations behind the previous track's put.
  const known = key in (await readMeta()).entries;
  const hit = known ? await (await caches.open(renditionCache)).match(key) : undefined;
  if (hit) return prefetch ? new Response(null, { status: 204 }) : answerCached(hit, request.headers.get('range'), key);
  const d = download(key, stable.trackId, stable.rung);
  if (src) d.src = src;
  if (prefetch > 0) {
    await exclusive(d, () => (d.received >= prefetch ? Promise.resolve() : fetchBytes(d, Math.min(prefetch, d.total ?? prefetch))));
    return new Response(null, { status: d.failed ? 502 : 204 });
  }
  void complete(d);
  while (d.total === null && !d.failed) await changed(d);
  if (d.total === null || !d.buf) return Response.error();
  const a = rangeAnswer(request.headers.get('range'), d.total, d.contentType);
  if (a.status === 416) return new Response(null, { status: 416, headers: a.headers });
  const buf = d.buf;
  let pos = a.start;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (d.received <= pos && !d.failed && d.received < (d.total ?? 0)) await changed(d);
      if (d.received <= pos) {
        if (d.failed) controller.error(d.failed);
        else controller.close();
        return;
      }
      const upto = Math.min(d.received, a.end + 1, pos + 256 * 1024);
      controller.enqueue(buf.slice(pos, upto));
      pos = upto;
      if (pos > a.end) controller.close();
    },
  });
  return new Response(body, { status: a.status, headers: a.headers });
}

// ---- offline queue for POSTs ---------------------------------------------------------------
let outboxSeq = Date.now();
async function sendOrQueue(request: Request): Promise<Response> {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch {
    const body = await copy.text();
    const headers: Record<string, string> = {};
    copy.headers.forEach((v, k) => (headers[k] = v));
    const cache = await caches.open(outboxCache);
    await cache.put(`/outbox/${outboxSeq++}`, new Response(JSON.stringify({ url: copy.url, method: copy.method, headers, body })));
    void broadcast({ type: 'queued', pending: (await cache.keys()).length });
    return new Response(JSON.stringify({ queued: true }), { status: 202, headers: { 'content-type': 'application/json' } });
  }
}
let flushing: Promise<void> | null = null;
function flushOutbox(): Promise<void> {
  flushing ??= (async () => {
    const cache = await caches.open(outboxCache);
    const keys = [...(await cache.keys())].sort((a, b) => Number(a.url.split('/').pop()) - Number(b.url.split('/').pop()));
    for (const k of keys) {
      const saved = (await (await cache.match(k))?.json()) as { url: string; method: string; headers: Record<string, string>; body: string } | undefined;
      if (!saved) continue;
      try {
        const res = await fetch(saved.url, { method: saved.method, headers: saved.headers, body: saved.body || null, credentials: 'same-origin' });
        if (res.status >= 500) break;
      } catch {
        break; // still offline
      }
      await cache.delete(k);
    }
    void broadcast({ type: 'queued', pending: (await cache.keys()).length });
  })().finally(() => (flushing = null));
  return flushing;
}

// ---- lifecycle and routing -----------------------------------------------------------------
sw.addEventListener('install', (e) => {
  e.waitUntil((async () => {
    const cache = await caches.open(shellCache);
    await cache.addAll(['./', ...__SHELL__]);
    await sw.skipWaiting();
  })());
});

sw.addEventListener('activate', (e) => {
  e.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith('tonearm-shell-') && name !== shellCache) await caches.delete(name);
    await sw.clients.claim();
  })());
});

async function networkFirst(request: Request, cacheName: string, fallbackUrl?: string): Promise<Response> {
  try {
    const res = await fetch(request);
    if (res.ok) {
      const copy = res.clone();
      void caches.open(cacheName).then((c) => c.put(fallbackUrl ?? request, copy));
      void flushOutbox();
    }
    return res;
  } catch (err) {
    const hit = await (await caches.open(cacheName)).match(fallbackUrl ?? request, { ignoreVary: true });
    if (hit) return hit;
    throw err;
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const hit = await caches.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) {
    const copy = res.clone();
    void caches.open(shellCache).then((c) => c.put(request, copy));
  }
  return res;
}

sw.addEventListener('fetch', (e) => {
  const request = e.request;
  const url = new URL(request.url);
  // Presigned storage URLs and anything else cross-origin go straight to the network.
  if (url.origin !== sw.location.origin) return;
  if (url.pathname.startsWith('/cache/renditions/')) {
    e.respondWith(rendition(request, url));
    return;
  }
  const api = url.pathname.startsWith('/api/');
  if (request.method !== 'GET') {
    if (api && !url.pathname.startsWith('/api/session')) e.respondWith(sendOrQueue(request));
    return;
  }
  if (request.mode === 'navigate') {
    e.respondWith(networkFirst(request, shellCache, new URL('./', sw.location.href).href));
    return;
  }
  if (url.pathname.startsWith('/assets/') || __SHELL__.includes(url.pathname.replace(/^\//, ''))) {
    e.respondWith(cacheFirst(request));
    return;
  }
  // Library reads: fresh when online, the last answer when offline. Not streams/covers/session.
  if (api && !/\/stream$|^\/api\/covers\/|^\/api\/session|^\/api\/health/.test(url.pathname)) {
    e.respondWith(networkFirst(request, apiCache));
  }
});

sw.addEventListener('message', (e) => {
  const m = e.data;
  switch (m.type) {
    case 'config':
      e.waitUntil(updateMeta((meta) => void (meta.limit = m.limitBytes)));
      break;
    case 'status':
      e.waitUntil(readMeta().then((meta) => broadcast({ type: 'status', cachedBytes: cachedBytes(meta), keys: Object.keys(meta.entries) })));
      break;
    case 'flush':
      e.waitUntil(flushOutbox());
      break;
    case 'pin':
      e.waitUntil((async () => {
        let done = 0;
        for (const item of m.items) {
          const key = new URL(`/cache/renditions/${item.trackId}/${item.rung}`, sw.location.href).href;
          if (!(await readMeta()).entries[key]) {
            const d = download(key, item.trackId, item.rung);
            d.src ??= item.src;
            await complete(d);
          }
          await updateMeta((meta) => {
            const entry = meta.entries[key];
            if (entry && !entry.pins.includes(m.key)) entry.pins.push(m.key);
          });
          done++;
          await broadcast({ type: 'pinProgress', key: m.key, done, total: m.items.length });
        }
        const meta = await readMeta();
        await broadcast({ type: 'status', cachedBytes: cachedBytes(meta), keys: Object.keys(meta.entries) });
      })());
      break;
    case 'unpin':
      e.waitUntil(updateMeta((meta) => {
        for (const entry of Object.values(meta.entries)) entry.pins = entry.pins.filter((p) => p !== m.key);
      }));
      break;
    case 'clear':
      e.waitUntil((async () => {
        for (const name of [renditionCache, apiCache, outboxCache]) await caches.delete(name);
        meta = null;
        downloads.clear();
      })());
      break;
  }
});
