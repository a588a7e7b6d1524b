// What the rendition cache holds (renderer/sw/renditions.ts): one entry per stable rendition URL
// with the storage object its bytes came from, the object's size, the chunks held, their bytes, when
// it was last played and which pins keep it. Kept in memory while the worker lives, written to the
// cache as JSON soon after each change; every change goes through one serialised chain, which also
// evicts least recently used entries beyond the limit (pinned ones never). On the worker's first
// read it reconciles the metadata with the chunks actually stored (a worker stopped between storing
// a chunk and writing the metadata leaves chunks the metadata does not list).
import { planEviction, type CacheEntry } from '../remote/policy.ts';
import { chunkCount } from '../remote/ranges.ts';
import { rangeCache } from '../remote/swProtocol.ts';
import { broadcast } from './scope.ts';

export interface Entry {
  /** The storage object (origin + path of its presigned URL); null until the first fetch. */
  object: string | null;
  size: number | null;
  type: string;
  chunks: number[];
  bytes: number;
  lastUsed: number;
  pins: string[];
}

interface Meta {
  limit: number;
  entries: Record<string, Entry>;
}

const metaUrl = '/cache/meta.json';
let meta: Meta | null = null;
let loading: Promise<Meta> | null = null;
let chain: Promise<unknown> = Promise.resolve();
let saveTimer: ReturnType<typeof setTimeout> | null = null;

export const chunkKey = (key: string, index: number): string => `${key}/${index}`;
export const complete = (e: Entry): boolean => e.size !== null && e.chunks.length >= chunkCount(e.size);

async function load(): Promise<Meta> {
  const cache = await caches.open(rangeCache);
  const res = await cache.match(metaUrl);
  const m: Meta = res ? ((await res.json()) as Meta) : { limit: 1024 ** 3, entries: {} };
  // Reconcile: adopt chunks stored for an entry's object, delete the rest.
  for (const req of await cache.keys()) {
    const match = /^(.*\/cache\/renditions\/\d+\/[a-z]+)\/(\d+)$/.exec(req.url);
    if (!match) continue;
    const [, key = '', index = ''] = match;
    const e = m.entries[key];
    const i = Number(index);
    if (e?.chunks.includes(i)) continue;
    const hit = await cache.match(req);
    if (e && hit && hit.headers.get('x-object') === e.object) {
      e.chunks.push(i);
      e.bytes += Number(hit.headers.get('content-length') ?? 0);
    } else await cache.delete(req);
  }
  return m;
}

export function readMeta(): Promise<Meta> {
  if (meta) return Promise.resolve(meta);
  loading ??= load().then((m) => (meta = m));
  return loading;
}

async function save(): Promise<void> {
  const m = await readMeta();
  const cache = await caches.open(rangeCache);
  await cache.put(metaUrl, new Response(JSON.stringify(m), { headers: { 'content-type': 'application/json' } }));
}

/** Deletes an entry and its chunks. */
async function drop(m: Meta, cache: Cache, key: string): Promise<void> {
  const e = m.entries[key];
  if (!e) return;
  delete m.entries[key];
  await Promise.all(e.chunks.map((i) => cache.delete(chunkKey(key, i))));
}

/**
 * Serialised read-modify-write of the metadata, then eviction beyond the limit; saved within a
 * second (`now`: before resolving).
 */
export function updateMeta(fn: (m: Meta, cache: Cache) => Promise<void> | void, now = false): Promise<void> {
  const run = chain.then(async () => {
    const m = await readMeta();
    const cache = await caches.open(rangeCache);
    await fn(m, cache);
    const entries: CacheEntry[] = Object.entries(m.entries).map(([key, e]) => ({ key, bytes: e.bytes, lastUsed: e.lastUsed, pinned: e.pins.length > 0 }));
    for (const key of planEviction(entries, m.limit)) await drop(m, cache, key);
    if (now) await save();
    else saveTimer ??= setTimeout(() => {
      saveTimer = null;
      void (chain = chain.then(save).catch(() => {}));
    }, 1000);
  });
  chain = run.catch(() => {});
  return run;
}

/** The entry for a stable key, reset when its bytes came from another object than `object`. */
export async function entryFor(key: string, object: string | null): Promise<Entry | undefined> {
  const e = (await readMeta()).entries[key];
  if (!e || object === null || e.object === null || e.object === object) return e;
  await updateMeta((m, cache) => drop(m, cache, key));
  return undefined;
}

export { drop as dropEntry };

export async function status(): Promise<void> {
  const m = await readMeta();
  const keys = Object.entries(m.entries).filter(([, e]) => complete(e)).map(([k]) => k);
  const cachedBytes = Object.values(m.entries).reduce((a, e) => a + e.bytes, 0);
  await broadcast({ type: 'status', cachedBytes, keys });
}

/** Sign-out: forget everything (the caller deletes the caches). */
export function forget(): void {
  meta = null;
  loading = null;
}
