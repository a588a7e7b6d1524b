// Ranged reads of one audio file over HTTP, in aligned chunks, with a small LRU and a read-ahead of
// one chunk: the engine fetches what it plays plus a window, never the whole file. Works for the
// library API (same origin, cookie) and for presigned storage URLs (CORS, no credentials). A fetch
// that fails before any answer on a cross-origin URL is reported as `CorsError` (the engine then
// falls back to plain <audio> playback, which needs no CORS).

export class CorsError extends Error {}
export class RangeUnsupportedError extends Error {}

export interface RangeReaderOptions {
  url: string;
  /** Bytes per request (aligned). */
  chunkBytes: number;
  /** Chunks kept in memory. */
  maxChunks: number;
  credentials: RequestCredentials;
  headers?: Record<string, string>;
  /** Called with the size of every body received (data usage, benches). */
  onBytes?: (n: number) => void;
}

interface Chunk {
  bytes: Uint8Array;
  used: number;
}

export class RangeReader {
  readonly url: string;
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
    this.url = options.url;
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
      this.readAhead(first + 1);
      return c.subarray(s - first * cb, e - first * cb);
    }
    const out = new Uint8Array(e - s);
    for (let i = first; i <= last; i++) {
      const c = await this.chunk(i);
      const from = Math.max(s, i * cb);
      const to = Math.min(e, (i + 1) * cb);
      out.set(c.subarray(from - i * cb, to - i * cb), from - s);
    }
    this.readAhead(last + 1);
    return out;
  }

  private readAhead(index: number): void {
    if (this.size !== null && index * this.o.chunkBytes < this.size && !this.chunks.has(index)) void this.chunk(index).catch(() => {});
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
    if (this.closed) throw new DOMException('closed', 'AbortError');
    const start = index * this.o.chunkBytes;
    const end = (this.size === null ? start + this.o.chunkBytes : Math.min(this.size, start + this.o.chunkBytes)) - 1;
    let res: Response;
    try {
      res = await fetch(this.url, {
        headers: { ...this.o.headers, range: `bytes=${start}-${end}` },
        credentials: this.o.credentials,
        mode: 'cors',
        cache: 'no-store',
        signal: this.controller.signal,
      });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      const cross = new URL(this.url, location.href).origin !== location.origin;
      if (cross && navigator.onLine) throw new CorsError(`storage refused a cross-origin read (${(err as Error).message}): CORS is not set on the bucket`);
      throw err;
    }
    if (res.status === 416) return new Uint8Array(0);
    if (!res.ok) throw new Error(`the server answered ${res.status}`);
    if (res.status !== 206) {
      void res.body?.cancel();
      throw new RangeUnsupportedError('the server does not answer range requests');
    }
    const total = Number(/\/(\d+)\s*$/.exec(res.headers.get('content-range') ?? '')?.[1] ?? NaN);
    if (Number.isFinite(total)) this.size = total;
    const bytes = new Uint8Array(await res.arrayBuffer());
    this.received += bytes.length;
    this.o.onBytes?.(bytes.length);
    return bytes;
  }
}
