// The remote player's service worker (built to dist/renderer/sw.js by the swBuild plugin in
// vite.config.ts; registered only in remote mode). It
//  - caches the app shell (precached at install) and library API GETs (network first), so the
//    app opens and browses offline;
//  - answers the streaming engine's range requests for renditions at stable URLs,
//    `/cache/renditions/<trackId>/<rung>?src=<presigned>`, from the chunks it holds and fetches
//    only the missing range from storage (sw/renditions.ts): it never downloads more than the page
//    asked for, except a rendition the user pinned for offline; storage's refusals (an expired URL)
//    reach the page unchanged; presigned storage URLs themselves (the <audio> fallback) are not
//    touched. LRU within a size limit, pinned items exempt (sw/meta.ts);
//  - queues library writes made offline and sends them later (sw/outbox.ts).
import { rangeCache, type ToWorker } from './remote/swProtocol.ts';
import { forget, readMeta, status, updateMeta } from './sw/meta.ts';
import { flushOutbox, outboxCache, sendOrQueue } from './sw/outbox.ts';
import { answerRendition, pinRendition } from './sw/renditions.ts';
import { broadcast, sw } from './sw/scope.ts';

declare const __SHELL__: string[];
declare const __BUILD__: string;

const shellCache = `tonearm-shell-${__BUILD__}`;
const apiCache = 'tonearm-api';
/** Caches of earlier versions (whole-file renditions), dropped on activation. */
const retired = ['tonearm-renditions'];

sw.addEventListener('install', (e) => {
  e.waitUntil((async () => {
    const cache = await caches.open(shellCache);
    await cache.addAll(['./', ...__SHELL__]);
    await sw.skipWaiting();
  })());
});

sw.addEventListener('activate', (e) => {
  e.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if ((name.startsWith('tonearm-shell-') && name !== shellCache) || retired.includes(name)) await caches.delete(name);
    }
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
    if (request.method === 'GET') e.respondWith(answerRendition(request, url, (p) => e.waitUntil(p)));
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
  const m = e.data as ToWorker;
  switch (m.type) {
    case 'config':
      e.waitUntil(updateMeta((meta) => void (meta.limit = m.limitBytes), true).then(status));
      break;
    case 'status':
      e.waitUntil(status());
      break;
    case 'flush':
      e.waitUntil(flushOutbox());
      break;
    case 'pin':
      e.waitUntil((async () => {
        let done = 0;
        for (const item of m.items) {
          if (await pinRendition(item, m.key, sw.location.origin)) done++;
          await broadcast({ type: 'pinProgress', key: m.key, done, total: m.items.length });
        }
        await status();
      })());
      break;
    case 'unpin':
      e.waitUntil(updateMeta((meta) => {
        for (const entry of Object.values(meta.entries)) entry.pins = entry.pins.filter((p) => p !== m.key);
      }, true));
      break;
    case 'clear':
      e.waitUntil((async () => {
        for (const name of [rangeCache, apiCache, outboxCache]) await caches.delete(name);
        forget();
        await readMeta();
      })());
      break;
  }
});
