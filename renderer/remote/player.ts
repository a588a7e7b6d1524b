// Remote playback: installs the engine's source resolver (renderer/audio/source.ts) for the sync
// server. Every track plays through the same streaming engine as on the desktop (gapless, loudness,
// crossfade, EQ), reading its rendition from storage in 64 KB ranges (sources.ts): through the
// service worker's range cache when it controls the page, or directly. The rung follows the
// Settings preference and, for `auto`, the measured throughput (policy.ts).
//  - nothing is fetched for a track until it plays (`deferLoad`: a restored queue costs nothing);
//  - the next track: the engine asks for its source when the current one starts (one API call) and
//    reads its head ~30 s before the end, so it joins sample-exactly;
//  - an expired URL: the engine's reader renews it (sources.ts) and asks for the same range again;
//  - stalls: ≥ 2 waits > 2 s within 30 s → one rung down mid-track, continued at the next sample;
//  - storage without CORS (cors.ts): <audio> plays the presigned URL directly (elementWatch.ts).
import type { Id } from '../../app/contract/index.ts';
import { remoteClient } from '../api/remote.ts';
import { setSourceResolver, type SourceResolver, type StreamControl } from '../audio/source.ts';
import { usePlayer } from '../stores/player.ts';
import { currentId } from '../stores/queue.ts';
import { toastActions } from '../stores/toasts.ts';
import { noteCorsMissing } from './cors.ts';
import { watchElement } from './elementWatch.ts';
import { chooseRung, rungs, StallPolicy, stepDown, ThroughputMeter, type Rung } from './policy.ts';
import { cachedRung, cachedSource, isRung, presignedSource, setCachedKeys, streamUrl, worker, type Resolved, type SourceHooks } from './sources.ts';
import { remoteActions, useRemote } from './store.ts';
import type { FromWorker, ToWorker } from './swProtocol.ts';

const meter = new ThroughputMeter();
const stalls = new StallPolicy();
/** Sources handed to the engine, by track (the queued next track is asked for twice: reuse it). */
const handed = new Map<Id, Resolved>();
/** What plays now. */
let current: Resolved | null = null;
/** After a stall step-down, auto stays at most at this rung for a while. */
let cap: { rung: Rung; until: number } | null = null;
const recoveries = new Map<Id, number>();
const fetched = new Set<Resolved>();

/** What the tests and the bench read (window.__tonearm.remote()). */
export const remoteStats = {
  resolves: 0,
  recoveries: 0,
  stepDowns: 0,
  /** The next track's first read (or its URL, for <audio>): when, and how far into the current one. */
  prefetches: [] as { id: Id; at: number; ratio: number; remainingMs: number }[],
  sources: [] as { id: Id; rung: Rung; via: string }[],
  /** Bodies the engine received from the network or the worker, by how they came. */
  reads: { direct: 0, worker: 0, cache: 0 } as Record<string, number>,
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

function post(message: ToWorker): void {
  worker()?.postMessage(message);
}

function notePrefetch(id: Id): void {
  const p = usePlayer.getState();
  const ratio = p.durationMs > 0 ? p.positionMs / p.durationMs : 0;
  remoteStats.prefetches.push({ id, at: Date.now(), ratio, remainingMs: Math.max(0, p.durationMs - p.positionMs) });
  if (remoteStats.prefetches.length > 200) remoteStats.prefetches.shift();
}

const hooks: SourceHooks = {
  onFetch(r, bytes, ms) {
    remoteStats.reads[r.via] = (remoteStats.reads[r.via] ?? 0) + bytes;
    if (!fetched.has(r)) {
      fetched.add(r);
      // Read while another track is the queue's current one: the next track's head, ahead of time.
      if (currentId() !== r.id) notePrefetch(r.id);
    }
    // Through the worker, it counts what came from storage itself (its `bytes` messages).
    if (r.via !== 'direct') return;
    remoteActions.addBytes(bytes);
    meter.add(bytes, ms, Date.now());
    remoteActions.set({ throughputBps: meter.estimate(Date.now()) });
  },
  onRenew() {
    remoteStats.recoveries++;
  },
};

function record(r: Resolved): Resolved {
  handed.set(r.id, r);
  for (const k of handed.keys()) if (handed.size > 4 && k !== r.id) handed.delete(k);
  remoteStats.sources.push({ id: r.id, rung: r.rung, via: r.via });
  if (remoteStats.sources.length > 200) remoteStats.sources.shift();
  return r;
}

function playing(r: Resolved): void {
  current = r;
  remoteActions.set({ rung: r.rung });
}

async function resolveTrack(id: Id, rung: Rung, track: Parameters<SourceResolver['resolve']>[1]): Promise<Resolved> {
  if (useRemote.getState().cors.state !== 'missing') {
    const cached = await cachedRung(id, rung);
    // Held whole at the rung we want, or offline with any rung held: play it from the worker.
    if (cached && (cached === rung || !navigator.onLine || !useRemote.getState().online)) return record(cachedSource(id, cached, hooks));
  }
  return record(presignedSource(id, await streamUrl(id, rung), rung, track, hooks));
}

/** A fresh presigned URL for the element (expiry, step-down); becomes the current source. */
async function freshForElement(id: Id, rung: Rung): Promise<string | null> {
  remoteStats.recoveries++;
  try {
    const r = record(presignedSource(id, await remoteClient.streamUrl(id, rung), rung, undefined, hooks));
    playing(r);
    return r.source.src;
  } catch {
    return null;
  }
}

/** The streaming track's control (rung switches), while it plays. */
let streaming: { id: Id; control: StreamControl } | null = null;

/** Continues the playing track from another rung, at the next sample (the engine splices it). */
async function switchStream(id: Id, control: StreamControl, rung: Rung): Promise<void> {
  try {
    const r = record(presignedSource(id, await remoteClient.streamUrl(id, rung), rung, undefined, hooks));
    if (current?.id !== id || !r.source.stream) return;
    playing(r);
    control.swap(r.source.stream);
  } catch { /* keep the current rung */ }
}

async function stepDownStream(id: Id, control: StreamControl): Promise<void> {
  const c = current;
  if (!c || c.id !== id || c.rung === 'low' || c.via === 'cache') return;
  const lower = stepDown(c.rung);
  cap = { rung: lower, until: Date.now() + 10 * 60_000 };
  remoteStats.stepDowns++;
  await switchStream(id, control, lower);
}

const resolver: SourceResolver = {
  deferLoad: true,

  async resolve(id, track) {
    remoteStats.resolves++;
    recoveries.delete(id);
    const h = handed.get(id);
    // The queued next track: the same source, so the engine keeps the head it already read.
    const online = navigator.onLine && useRemote.getState().online;
    const fresh = h && Date.now() - h.at < 5 * 60_000 && (h.via === 'cache' || (online && h.expiresAt - Date.now() > 60_000));
    if (h && fresh && (h.source.stream || useRemote.getState().cors.state === 'missing')) return h.source;
    return (await resolveTrack(id, currentRung(), track)).source;
  },

  attachStream(id, control) {
    const r = handed.get(id);
    if (r) playing(r);
    stalls.reset();
    const mine = { id, control };
    streaming = mine;
    const poll = setInterval(() => {
      if (stalls.check(Date.now())) void stepDownStream(id, control);
    }, 1000);
    return {
      waiting(w) {
        if (w) stalls.waiting(Date.now());
        else if (stalls.resumed(Date.now())) void stepDownStream(id, control);
      },
      detach() {
        clearInterval(poll);
        if (streaming === mine) streaming = null;
      },
    };
  },

  async recover(id, _positionMs, error) {
    // Decoding problems are the file's, not the URL's — unless the URL has expired (Chromium
    // reports a 403 it may not read as "format not supported").
    const r = handed.get(id);
    const expired = r !== undefined && r.via !== 'cache' && r.expiresAt - Date.now() < 5000;
    if (error && (error.code === 3 || error.code === 4) && !expired) return null;
    const n = (recoveries.get(id) ?? 0) + 1;
    recoveries.set(id, n);
    if (n > 4) return null;
    return freshForElement(id, current?.id === id ? current.rung : currentRung());
  },

  attach(id, node, control) {
    const r = handed.get(id);
    if (r) playing(r);
    return watchElement(id, node, control, {
      current: () => current,
      rung: currentRung,
      fresh: freshForElement,
      onPrefetch: notePrefetch,
      stalls,
      onStepDown(lower) {
        cap = { rung: lower, until: Date.now() + 10 * 60_000 };
        remoteStats.stepDowns++;
      },
    });
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
      setCachedKeys(m.keys);
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

/** Remote mode: the resolver, the service worker, online/offline, CORS detection and usage wiring. */
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
    if (s.quality !== prev.quality) handed.clear();
  });
  // The engine fell back to <audio> because storage refused a cross-origin read: say so, and send
  // the next tracks straight to <audio>.
  usePlayer.subscribe((s, prev) => {
    if (s.fallback?.cors && s.fallback !== prev.fallback) {
      noteCorsMissing([...handed.values()].at(-1)?.source.src ?? null, s.fallback.reason);
      handed.clear();
    }
  });
  if (navigator.webdriver && window.__tonearm) {
    window.__tonearm.remote = () => ({
      ...remoteStats,
      current: current ? { id: current.id, rung: current.rung, via: current.via, src: current.source.src } : null,
      swActive: worker() !== null,
      usage: { session: useRemote.getState().sessionBytes, month: useRemote.getState().monthBytes },
      throughputBps: meter.estimate(Date.now()),
      rung: currentRung(),
      cors: useRemote.getState().cors,
    });
    // What a stall step-down does, on demand (the listening test checks the splice is seamless).
    window.__tonearm.remoteSwitch = (rung: Rung) => (streaming ? switchStream(streaming.id, streaming.control, rung) : Promise.resolve());
  }
}

/** Pins an album or playlist: downloads its renditions now; they are exempt from the LRU. */
export async function pin(key: string, label: string, trackIds: readonly Id[]): Promise<void> {
  if (!worker()) {
    toastActions.error('Offline copies need the service worker (open the server over HTTPS or on localhost)');
    return;
  }
  if (useRemote.getState().cors.state === 'missing') {
    toastActions.error('Offline copies need CORS on the storage bucket (see Settings → Storage access)');
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
