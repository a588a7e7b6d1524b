// Where a remote track's audio is read from (the engine's Source): presigned storage URLs from
// GET /api/tracks/:id/stream?quality=<rung>, read in 64 KB ranges by the streaming engine —
// through the service worker's range cache (`/cache/renditions/<id>/<rung>?src=<presigned>`) when
// it controls the page and storage allows CORS, straight from storage otherwise — and the presigned
// URL itself for the <audio> fallback (storage without CORS). A URL storage refuses (expired) is
// renewed through the API by the engine's reader, at the same byte. Fully cached renditions play
// from the worker without any request (offline too).
import type { Id, Track } from '../../app/contract/index.ts';
import { remoteClient, type RemoteStreamUrl } from '../api/remote.ts';
import type { Source } from '../audio/source.ts';
import type { StreamSource } from '../audio/streamEngine.ts';
import { corsState, noteCorsOk } from './cors.ts';
import { rungs, stableRenditionPath, type Rung } from './policy.ts';
import { CHUNK_BYTES } from './ranges.ts';
import { rangeCache } from './swProtocol.ts';
import { useRemote } from './store.ts';

export type Via = 'cache' | 'worker' | 'direct';

export interface Resolved {
  id: Id;
  rung: Rung;
  via: Via;
  source: Source;
  /** Bits per second of the rendition (0 when unknown: cached). */
  bitrate: number;
  /** When the presigned URL stops working (epoch ms; Infinity for the cache). */
  expiresAt: number;
  at: number;
}

export interface SourceHooks {
  /** A body the engine's reader received for `id` (bytes, ms) and how it came. */
  onFetch(r: Resolved, bytes: number, ms: number): void;
  onRenew(id: Id): void;
}

export const worker = (): ServiceWorker | null => navigator.serviceWorker?.controller ?? null;
export const isRung = (r: string): r is Rung => (rungs as readonly string[]).includes(r);

/** Stable URLs the worker holds whole (its `status` messages); null until it said. */
let cachedKeys: Set<string> | null = null;
export function setCachedKeys(keys: readonly string[]): void {
  cachedKeys = new Set(keys);
}

async function heldWhole(): Promise<Set<string>> {
  if (cachedKeys) return cachedKeys;
  // Before the worker's first status (e.g. offline at start): read its metadata directly.
  try {
    const res = await (await caches.open(rangeCache)).match('/cache/meta.json');
    const meta = res ? ((await res.json()) as { entries: Record<string, { size: number | null; chunks: number[] }> }) : { entries: {} };
    return new Set(Object.entries(meta.entries).filter(([, e]) => e.size !== null && e.chunks.length >= Math.ceil(e.size / CHUNK_BYTES)).map(([k]) => k));
  } catch {
    return new Set();
  }
}

/** The rung of `id` the worker holds whole, preferring `preferred`; null when none. */
export async function cachedRung(id: Id, preferred: Rung): Promise<Rung | null> {
  if (!worker() || typeof caches === 'undefined') return null;
  const held = await heldWhole();
  for (const r of [preferred, ...rungs.filter((x) => x !== preferred)]) {
    if (held.has(new URL(stableRenditionPath(id, r), location.href).href)) return r;
  }
  return null;
}

/** Stream URLs fetched ahead (the <audio> fallback's prefetch): used once while fresh. */
const ahead = new Map<Id, RemoteStreamUrl>();
export function keepAhead(id: Id, u: RemoteStreamUrl): void {
  ahead.set(id, u);
  for (const k of ahead.keys()) if (ahead.size > 2 && k !== id) ahead.delete(k);
}

export async function streamUrl(id: Id, rung: Rung): Promise<RemoteStreamUrl> {
  const p = ahead.get(id);
  ahead.delete(id);
  if (p && p.rung === rung && p.expiresAt - Date.now() > 15_000) return p;
  return remoteClient.streamUrl(id, rung);
}

function formatOf(codec: string): string | undefined {
  const c = codec.toLowerCase();
  if (c.includes('aac') || c.includes('mp4')) return 'm4a';
  if (c.includes('opus') || c.includes('vorbis')) return 'webm';
  if (c.includes('mp3')) return 'mp3';
  return undefined;
}

/** A fully cached rendition: the worker answers every range, no request leaves the device. */
export function cachedSource(id: Id, rung: Rung, hooks: SourceHooks): Resolved {
  const url = stableRenditionPath(id, rung);
  const r: Resolved = { id, rung, via: 'cache', bitrate: 0, expiresAt: Infinity, at: Date.now(), source: { src: url } };
  r.source.stream = { url, credentials: 'same-origin', chunkBytes: CHUNK_BYTES, key: `remote:${id}:${rung}`, onFetch: (b, ms) => hooks.onFetch(r, b, ms) };
  return r;
}

/** The source for a presigned URL: streamed through the worker or directly, <audio> without CORS. */
export function presignedSource(id: Id, u: RemoteStreamUrl, fallbackRung: Rung, track: Track | undefined, hooks: SourceHooks): Resolved {
  const rung = isRung(u.rung) ? u.rung : fallbackRung;
  const cors = corsState();
  const via: Via = worker() && cors === 'ok' ? 'worker' : 'direct';
  const stable = stableRenditionPath(id, rung);
  const wrap = (presigned: string) => (via === 'worker' ? `${stable}?src=${encodeURIComponent(presigned)}` : presigned);
  const format = formatOf(u.codec) ?? (track ? undefined : 'm4a');
  const r: Resolved = { id, rung, via, bitrate: u.bitrate, expiresAt: u.expiresAt, at: Date.now(), source: { src: u.url, ...(format ? { format } : {}) } };
  if (cors === 'missing') return r;
  const stream: StreamSource = {
    url: wrap(u.url),
    credentials: via === 'worker' ? 'same-origin' : 'omit',
    chunkBytes: CHUNK_BYTES,
    noReadAhead: true,
    key: `remote:${id}:${rung}`,
    renew: async (why) => {
      // A read that failed without an answer is an expired URL only if it has expired (else CORS, or the network).
      if (why === 'failed' && r.expiresAt - Date.now() > 5000) return null;
      hooks.onRenew(id);
      const fresh = await remoteClient.streamUrl(id, rung).catch(() => null);
      if (!fresh) return null;
      r.source.src = fresh.url;
      r.expiresAt = fresh.expiresAt;
      stream.url = wrap(fresh.url);
      return stream.url;
    },
    onFetch: (bytes, ms) => {
      if (via === 'direct') noteCorsOk(u.url);
      hooks.onFetch(r, bytes, ms);
    },
  };
  r.source.stream = stream;
  return r;
}

/** The user's quality preference: what `auto` does is decided by the caller. */
export const qualityPref = () => useRemote.getState().quality;
