// Ranged reads of one audio file over HTTP, in aligned chunks, with a small LRU and a read-ahead of
// one chunk: the engine fetches what it plays plus a window, never the whole file. Works for the
// library API (same origin, cookie) and for presigned storage URLs (CORS, no credentials):
//  - a URL that storage refuses (403/401/400: a presigned URL past its expiry) is renewed through
//    the source's `renew` and the same range is asked again, so playback continues where it was;
//  - a cross-origin read that fails without an answer is checked with an opaque (no-cors) HEAD: if
//    storage answers that, it is reachable and refused the read → `CorsError` (bucket CORS missing;
//    the engine falls back to plain <audio>, which needs none); a 206 whose Content-Range this page
//    may not read is the same (CORS without `ExposeHeaders: Content-Range`).

export class CorsError extends Error {}
export class RangeUnsupportedError extends Error {}

/** Where and how to read one file (the engine's StreamSource carries these). */
export interface ByteSource {
  url: string;
  credentials: RequestCredentials;
  headers?: Record<string, string>;
  /**
   * A fresh URL when storage refused the current one (`refused`: 403/401/400, an expired presigned
   * URL) or a read failed without an answer (`failed`: perhaps an expired URL whose refusal carries
   * no CORS headers); null: give up (e.g. `failed` with a URL that has not expired).
   */
  renew?: (why: 'refused' | 'failed') => Promise<string | null>;
  /** Every body received from the network: its bytes and transfer milliseconds (data usage, throughput). */
  onFetch?: (bytes: number, ms: number) => void;
  /**
   * No chunk read ahead (remote: the seconds the engine keeps decoded ahead hide a chunk's fetch;
   * reading one more ahead would only make every skip cost a chunk more).
   */
  noReadAhead?: boolean;
}

export interface RangeReaderOptions extends ByteSource {
  /** Bytes per request (aligned). */
  chunkBytes: number;
  /** Chunks kept in memory. */
  maxChunks: number;
  /** Called with the size of every body received (data usage, benches). */
  onBytes?: (n: number) => void;
}

/** Renewals of a refused URL per chunk before the read fails. */
const MAX_RENEWALS = 2;

const crossOrigin = (url: string): boolean => new URL(url, location.href).origin !== location.origin;

/** An opaque HEAD reaches the server without CORS: true when it answered at all. */
export async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(url, { method: 'HEAD', mode: 'no-cors', credentials: 'omit', cache: 'no-store' });
    return true;
  } catch {
    return false;
  }
}

interface Chunk {
  bytes: Uint8Array;
  used: number;
}

export class RangeReader {
  private current: string;
  private renewing: Promise<string | null> | null = null;
  private readonly o: RangeReaderOptions;
  private readonly chunks = new Map<number, Chunk>();
  private readonly inflight = new Map<number, Promise<Uint8Array>>();
  private size: number | null = null;
  private clock = 0;
  private closed = false;
  private readonly controller = new AbortController();
  /** Total bytes received (for tests and benches). */
  received = 0;

  constructor(options: RangeReaderOptions) {
    this.o = options;
    this.current = options.url;
  }

  /** The URL read now (a renewed one after an expiry). */
  get url(): string {
    return this.current;
  }

  /** Fetches the first chunk and learns the file's size. */
  async open(): Promise<number> {
    await this.chunk(0);
    if (this.size === null) throw new RangeUnsupportedError('the server did not say how large the file is');
    return this.size;
  }

  get fileSize(): number {
    return this.size ?? 0;
  }

  close(): void {
    this.closed = true;
    this.controller.abort();
    this.chunks.clear();
  }

  /** Bytes [start, end) (clamped to the file); a fresh copy-free view when one chunk holds them. */
  async read(start: number, end: number): Promise<Uint8Array> {
    const size = this.size ?? (await this.open());

    const s = Math.max(0, Math.min(start, size));
    const e = Math.max(s, Math.min(end, size));
    const cb = this.o.chunkBytes;
    const first = Math.floor(s / cb);
    const last = Math.floor(Math.max(s, e - 1) / cb);
    if (first === last) {
      const c = await this.chunk(first);
      this.readAhead(last);
      return c.subarray(s - first * cb, e - first * cb);
    }
    const out = new Uint8Array(e - s);
    const chunks = await Promise.all(Array.from({ length: last - first + 1 }, (_, k) => this.chunk(first + k)));
    for (let i = first; i <= last; i++) {
      const c = chunks[i - first] ?? new Uint8Array(0);
      const from = Math.max(s, i * cb);
      const to = Math.min(e, (i + 1) * cb);
      out.set(c.subarray(from - i * cb, to - i * cb), from - s);
    }
    this.readAhead(last);
    return out;
  }

  /** The chunk after `index` is fetched ahead (unless `noReadAhead`). */
  private readAhead(index: number): void {
    const next = index + 1;
    if (this.o.noReadAhead || this.size === null || next * this.o.chunkBytes >= this.size || this.chunks.has(next)) return;
    void this.chunk(next).catch(() => {});
  }

  private async chunk(index: number): Promise<Uint8Array> {
    const hit = this.chunks.get(index);
    if (hit) {
      hit.used = ++this.clock;
      return hit.bytes;
    }
    let p = this.inflight.get(index);
    if (!p) {
      p = this.fetchChunk(index).finally(() => this.inflight.delete(index));
      this.inflight.set(index, p);
    }
    const bytes = await p;
    this.chunks.set(index, { bytes, used: ++this.clock });
    while (this.chunks.size > this.o.maxChunks) {
      let oldest: number | null = null;
      let age = Infinity;
      for (const [k, v] of this.chunks) if (v.used < age) [oldest, age] = [k, v.used];
      if (oldest === null) break;
      this.chunks.delete(oldest);
    }
    return bytes;
  }

  private async fetchChunk(index: number): Promise<Uint8Array> {
    const start = index * this.o.chunkBytes;
    const end = (this.size === null ? start + this.o.chunkBytes : Math.min(this.size, start + this.o.chunkBytes)) - 1;
    for (let renewals = 0; ; ) {
      if (this.closed) throw new DOMException('closed', 'AbortError');
      const url = this.current;
      let res: Response;
      try {
        res = await fetch(url, {
          headers: { ...this.o.headers, range: `bytes=${start}-${end}` },
          credentials: this.o.credentials,
          mode: 'cors',
          cache: 'no-store',
          signal: this.controller.signal,
        });
      } catch (err) {
        if ((err as Error).name === 'AbortError') throw err;
        if (!crossOrigin(url)) throw err;
        // Perhaps an expired URL whose refusal carries no CORS headers, or a dropped connection:
        // renew once; a fresh URL that fails the same way on a reachable server is CORS.
        if (renewals < (this.received > 0 ? MAX_RENEWALS : 1) && (await this.renew(url, 'failed'))) {
          renewals++;
          continue;
        }
        if (this.received === 0 && (await reachable(url))) {
          throw new CorsError(`storage refused a cross-origin read (${(err as Error).message}): CORS is not set on the bucket`);
        }
        throw err;
      }
      if ((res.status === 403 || res.status === 401 || res.status === 400) && renewals < MAX_RENEWALS && this.o.renew) {
        void res.body?.cancel();
        if (!(await this.renew(url, 'refused'))) throw new Error(`storage answered ${res.status} and the URL could not be renewed`);
        renewals++;
        continue;
      }
      if (res.status === 416) return new Uint8Array(0);
      if (!res.ok) throw new Error(`the server answered ${res.status}`);
      if (res.status !== 206) {
        void res.body?.cancel();
        throw new RangeUnsupportedError('the server does not answer range requests');
      }
      const range = res.headers.get('content-range');
      if (range === null && crossOrigin(url)) {
        void res.body?.cancel();
        throw new CorsError('storage does not let this page read Content-Range (bucket CORS must expose it)');
      }
      const total = Number(/\/(\d+)\s*$/.exec(range ?? '')?.[1] ?? NaN);
      if (Number.isFinite(total)) this.size = total;
      // Throughput is the body's transfer (from the answer's headers on): the round trip before it
      // is latency, which the engine's decoded window hides.
      const answered = performance.now();
      const bytes = new Uint8Array(await res.arrayBuffer());
      this.received += bytes.length;
      this.o.onBytes?.(bytes.length);
      this.o.onFetch?.(bytes.length, Math.max(1, performance.now() - answered));
      return bytes;
    }
  }

  /** Swaps in a fresh URL (one renewal shared by concurrent reads); false when there is none. */
  private async renew(failed: string, why: 'refused' | 'failed'): Promise<boolean> {
    if (this.current !== failed) return true; // another read renewed it meanwhile
    const renew = this.o.renew;
    if (!renew) return false;
    this.renewing ??= renew(why).finally(() => (this.renewing = null));
    const fresh = await this.renewing.catch(() => null);
    if (!fresh || this.closed) return false;
    this.current = fresh;
    return true;
  }
}
