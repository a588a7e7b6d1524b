// Remote playback: installs the engine's source resolver (renderer/audio/source.ts) for the sync
// server. Each track gets a presigned URL from GET /api/tracks/:id/stream?quality=<rung>; the rung
// follows the Settings preference and, for `auto`, the measured throughput. With the service
// worker in control the element plays a stable URL (/cache/renditions/<id>/<rung>?src=<presigned>)
// that the worker downloads once from storage and caches; without it (plain http on a LAN), the
// element plays the presigned URL directly. Either way the audio never passes through the server.
//  - expiry: a media error → a fresh URL → resume at the same position (engine seam `recover`);
//  - prefetch: at 80 % of a track, the next track's URL and its first 256 KB;
//  - stalls: ≥ 2 waits > 2 s within 30 s → one rung down, mid-track, same position.
import type { Id } from '../../app/contract/index.ts';
import { remoteClient, type RemoteStreamUrl } from '../api/remote.ts';
import { setSourceResolver, type SourceResolver } from '../audio/source.ts';
import { useQueue } from '../stores/queue.ts';
import { nextIndex } from '../stores/queueLogic.ts';
import { toastActions } from '../stores/toasts.ts';
import { chooseRung, rungs, StallPolicy, stableRenditionPath, stepDown, ThroughputMeter, type Rung } from './policy.ts';
import { remoteActions, useRemote } from './store.ts';
import { prefetchBytes, renditionCache, type FromWorker, type ToWorker } from './swProtocol.ts';

type Via = 'cache' | 'worker' | 'direct';

interface Current {
  id: Id;
  rung: Rung;
  via: Via;
  src: string;
  bitrate: number;
  /** When a direct presigned URL stops working (epoch ms); Infinity for the worker/cache. */
  expiresAt: number;
}

const meter = new ThroughputMeter();
const stalls = new StallPolicy();
/** Next tracks' URLs fetched ahead (the element starts without an API round trip). */
const prefetched = new Map<Id, RemoteStreamUrl>();
/** Heads fetched directly (no worker): kept in memory, and warming the HTTP cache. */
const heads = new Map<Id, ArrayBuffer>();
let current: Current | null = null;
/** After a stall step-down, auto stays at most at this rung for a while. */
let cap: { rung: Rung; until: number } | null = null;
const recoveries = new Map<Id, number>();

/** What the tests and the bench read (window.__tonearm.remote()). */
export const remoteStats = {
  resolves: 0,
  recoveries: 0,
  stepDowns: 0,
  prefetches: [] as { id: Id; at: number; ratio: number }[],
  sources: [] as { id: Id; rung: Rung; via: Via }[],
};

function downlink(): number | null {
  return (navigator as Navigator & { connection?: { downlink?: number } }).connection?.downlink ?? null;
}

export function currentRung(): Rung {
  const now = Date.now();
  let rung = chooseRung(useRemote.getState().quality, meter.estimate(now), downlink());
  if (useRemote.getState().quality === 'auto' && cap && cap.until > now && rungs.indexOf(rung) < rungs.indexOf(cap.rung)) rung = cap.rung;
  return rung;
}

const worker = (): ServiceWorker | null => navigator.serviceWorker?.controller ?? null;
function post(message: ToWorker): void {
  worker()?.postMessage(message);
}
const isRung = (r: string): r is Rung => (rungs as readonly string[]).includes(r);

/** Stable URLs the worker has cached (its `status` messages): no Cache Storage lookups on play. */
let cachedKeys: Set<string> | null = null;

async function cachedRung(id: Id, preferred: Rung): Promise<Rung | null> {
  if (typeof caches === 'undefined') return null;
  if (cachedKeys && navigator.onLine) {
    for (const r of [preferred, ...rungs.filter((x) => x !== preferred)]) {
      if (cachedKeys.has(new URL(stableRenditionPath(id, r), location.href).href)) return r;
    }
    return null;
  }
  const cache = await caches.open(renditionCache);
  for (const r of [preferred, ...rungs.filter((x) => x !== preferred)]) {
    if (await cache.match(new URL(stableRenditionPath(id, r), location.href).href)) return r;
  }
  return null;
}

async function streamUrl(id: Id, rung: Rung, fresh = false): Promise<RemoteStreamUrl> {
  const p = prefetched.get(id);
  if (!fresh && p && p.rung === rung && p.expiresAt - Date.now() > 15_000) {
    prefetched.delete(id);
    return p;
  }
  return remoteClient.streamUrl(id, rung);
}

function formatOf(codec: string): string | undefined {
  const c = codec.toLowerCase();
  if (c.includes('aac') || c.includes('mp4')) return 'm4a';
  if (c.includes('opus')) return 'webm';
  if (c.includes('mp3')) return 'mp3';
  return undefined;
}

/** A playable URL for (id, rung): the worker's stable URL when it controls the page, else presigned. */
function sourceFor(id: Id, u: RemoteStreamUrl): { src: string; rung: Rung; via: Via } {
  const rung = isRung(u.rung) ? u.rung : currentRung();
  if (worker() && isRung(u.rung)) return { src: `${stableRenditionPath(id, rung)}?src=${encodeURIComponent(u.url)}`, rung, via: 'worker' };
  return { src: u.url, rung, via: 'direct' };
}

function record(c: Current): void {
  current = c;
  remoteStats.sources.push({ id: c.id, rung: c.rung, via: c.via });
  if (remoteStats.sources.length > 200) remoteStats.sources.shift();
  remoteActions.set({ rung: c.rung });
}

/** Without the worker, bytes are estimated from what the element buffered × the rendition bitrate. */
function countDirect(node: HTMLAudioElement, c: Current | null): void {
  if (!c || c.via !== 'direct' || !c.bitrate) return;
  let seconds = 0;
  for (let i = 0; i < node.buffered.length; i++) seconds += node.buffered.end(i) - node.buffered.start(i);
  remoteActions.addBytes(Math.round((seconds * c.bitrate) / 8));
}

async function prefetchNext(fromId: Id, ratio: number): Promise<void> {
  const q = useQueue.getState();
  if (q.ids[q.index] !== fromId) return;
  const i = nextIndex(q.ids.length, q.index, q.repeat, true);
  const nextId = i >= 0 && i !== q.index ? q.ids[i] : undefined;
  if (nextId === undefined) return;
  const rung = currentRung();
  if (worker() && (await cachedRung(nextId, rung)) === rung) return;
  remoteStats.prefetches.push({ id: nextId, at: Date.now(), ratio });
  const u = await remoteClient.streamUrl(nextId, rung);
  prefetched.set(nextId, u);
  const s = sourceFor(nextId, u);
  if (s.via === 'worker') {
    await fetch(`${s.src}&prefetch=${prefetchBytes}`);
    return;
  }
  const started = performance.now();
  const res = await fetch(u.url, { headers: { range: `bytes=0-${prefetchBytes - 1}` }, mode: 'cors', credentials: 'omit' });
  const body = await res.arrayBuffer();
  meter.add(body.byteLength, performance.now() - started, Date.now());
  remoteActions.set({ throughputBps: meter.estimate(Date.now()) });
  remoteActions.addBytes(body.byteLength);
  heads.set(nextId, body);
  for (const k of heads.keys()) if (heads.size > 2 && k !== nextId) heads.delete(k);
}

/** A fresh presigned URL for the loaded track at its rung (expired URL, failed element). */
async function freshSource(id: Id): Promise<string | null> {
  remoteStats.recoveries++;
  try {
    const u = await streamUrl(id, current?.id === id ? current.rung : currentRung(), true);
    const s = sourceFor(id, u);
    record({ id, rung: s.rung, via: s.via, src: s.src, bitrate: u.bitrate, expiresAt: s.via === 'direct' ? u.expiresAt : Infinity });
    return s.src;
  } catch {
    return null;
  }
}

const resolver: SourceResolver = {
  async resolve(id) {
    remoteStats.resolves++;
    recoveries.delete(id);
    const rung = currentRung();
    if (worker() || !navigator.onLine) {
      const cached = await cachedRung(id, rung);
      // Cached at the rung we want, or offline with any cached rung: play it from the cache.
      if (cached && worker() && (cached === rung || !navigator.onLine || !useRemote.getState().online)) {
        const src = stableRenditionPath(id, cached);
        record({ id, rung: cached, via: 'cache', src, bitrate: 0, expiresAt: Infinity });
        return { src };
      }
    }
    const u = await streamUrl(id, rung);
    const s = sourceFor(id, u);
    record({ id, rung: s.rung, via: s.via, src: s.src, bitrate: u.bitrate, expiresAt: s.via === 'direct' ? u.expiresAt : Infinity });
    const format = formatOf(u.codec);
    return format ? { src: s.src, format } : { src: s.src };
  },

  async recover(id, _positionMs, error) {
    // Decoding problems are the file's, not the URL's.
    if (error && (error.code === 3 || error.code === 4) && current?.via !== 'worker') return null;
    const n = (recoveries.get(id) ?? 0) + 1;
    recoveries.set(id, n);
    if (n > 4) return null;
    return freshSource(id);
  },

  attach(id, node, control) {
    let prefetchedFor = false;
    const owner = current;
    stalls.reset();
    const onTime = () => {
      const d = node.duration;
      if (prefetchedFor || !Number.isFinite(d) || d <= 0) return;
      const ratio = node.currentTime / d;
      if (ratio >= 0.8) {
        prefetchedFor = true;
        void prefetchNext(id, ratio).catch(() => {});
      }
    };
    const stepDownNow = async () => {
      const c = current;
      if (!c || c.id !== id || c.rung === 'low' || c.via === 'cache') return;
      const lower = stepDown(c.rung);
      cap = { rung: lower, until: Date.now() + 10 * 60_000 };
      remoteStats.stepDowns++;
      try {
        const u = await remoteClient.streamUrl(id, lower);
        const s = sourceFor(id, u);
        record({ id, rung: s.rung, via: s.via, src: s.src, bitrate: u.bitrate, expiresAt: s.via === 'direct' ? u.expiresAt : Infinity });
        control.swap(s.src, node.currentTime * 1000);
      } catch { /* keep trying the current rung */ }
    };
    // Chromium needs a new range request after a seek or when its read-ahead ran dry; with an
    // expired presigned URL that request is a 403 (which, blocked as an opaque response, Chromium
    // retries for a long while instead of failing). So swap in a fresh URL first, at the position.
    let refreshing = false;
    const refreshIfExpired = () => {
      const c = current;
      if (refreshing || !c || c.id !== id || c.via !== 'direct' || c.expiresAt - Date.now() > 2000) return;
      refreshing = true;
      void freshSource(id).then((src) => {
        refreshing = false;
        if (src) control.swap(src, node.currentTime * 1000);
      });
    };
    const onWaiting = () => {
      stalls.waiting(Date.now());
      refreshIfExpired();
    };
    const onPlaying = () => {
      if (stalls.resumed(Date.now())) void stepDownNow();
    };
    const poll = setInterval(() => {
      if (stalls.check(Date.now())) void stepDownNow();
    }, 1000);
    node.addEventListener('timeupdate', onTime);
    node.addEventListener('seeking', refreshIfExpired);
    node.addEventListener('play', refreshIfExpired);
    node.addEventListener('waiting', onWaiting);
    node.addEventListener('playing', onPlaying);
    return () => {
      clearInterval(poll);
      node.removeEventListener('timeupdate', onTime);
      node.removeEventListener('seeking', refreshIfExpired);
      node.removeEventListener('play', refreshIfExpired);
      node.removeEventListener('waiting', onWaiting);
      node.removeEventListener('playing', onPlaying);
      countDirect(node, owner);
    };
  },
};

function onWorkerMessage(m: FromWorker): void {
  switch (m.type) {
    case 'bytes':
      remoteActions.addBytes(m.n);
      break;
    case 'throughput':
      meter.add(m.bytes, m.ms, Date.now());
      remoteActions.set({ throughputBps: meter.estimate(Date.now()) });
      break;
    case 'status':
      cachedKeys = new Set(m.keys);
      remoteActions.set({ cachedBytes: m.cachedBytes });
      break;
    case 'pinProgress': {
      const pin = useRemote.getState().pins[m.key];
      if (pin) remoteActions.setPin({ ...pin, done: m.done }, m.key);
      break;
    }
    case 'queued':
      break;
  }
}

/** Remote mode: the resolver, the service worker, online/offline and usage wiring. */
export function startRemotePlayer(): void {
  remoteActions.setRemote(true);
  setSourceResolver(resolver);
  const sw = navigator.serviceWorker as ServiceWorkerContainer | undefined;
  if (sw && window.isSecureContext) {
    sw.addEventListener('message', (e: MessageEvent<FromWorker>) => onWorkerMessage(e.data));
    const ready = () => {
      remoteActions.set({ swActive: worker() !== null });
      post({ type: 'config', limitBytes: useRemote.getState().cacheLimitBytes });
      post({ type: 'status' });
      post({ type: 'flush' });
    };
    sw.addEventListener('controllerchange', ready);
    void sw.register('./sw.js').then(() => sw.ready).then(ready, () => {});
    if (worker()) ready();
  }
  const online = () => {
    remoteActions.set({ online: navigator.onLine });
    if (navigator.onLine) post({ type: 'flush' });
  };
  window.addEventListener('online', online);
  window.addEventListener('offline', online);
  useRemote.subscribe((s, prev) => {
    if (s.cacheLimitBytes !== prev.cacheLimitBytes) post({ type: 'config', limitBytes: s.cacheLimitBytes });
  });
  if (navigator.webdriver && window.__tonearm) {
    window.__tonearm.remote = () => ({
      ...remoteStats,
      current,
      swActive: worker() !== null,
      usage: { session: useRemote.getState().sessionBytes, month: useRemote.getState().monthBytes },
      throughputBps: meter.estimate(Date.now()),
      rung: currentRung(),
    });
  }
}

/** Pins an album or playlist: downloads its renditions now; they are exempt from the LRU. */
export async function pin(key: string, label: string, trackIds: readonly Id[]): Promise<void> {
  if (!worker()) {
    toastActions.error('Offline copies need the service worker (open the server over HTTPS or on localhost)');
    return;
  }
  remoteActions.setPin({ key, label, trackIds: [...trackIds], done: 0 }, key);
  const rung = currentRung();
  const items = [];
  for (const id of trackIds) {
    const u = await remoteClient.streamUrl(id, rung);
    items.push({ trackId: id, rung: isRung(u.rung) ? u.rung : rung, src: u.url });
  }
  post({ type: 'pin', key, items });
  toastActions.show(`Downloading “${label}” for offline`);
}

export function unpin(key: string): void {
  post({ type: 'unpin', key });
  remoteActions.setPin(null, key);
}
