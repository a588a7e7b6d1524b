// Byte ranges of a rendition in the service worker's cache (pure, DOM-free; unit-tested): a
// rendition is held as aligned chunks of CHUNK_BYTES (the streaming engine reads exactly these in
// remote mode, so one request is one chunk), gathered as they are played. These functions say which
// chunks a Range request needs, which one span to ask storage for, how storage's answer splits into
// chunks worth keeping, and how to answer the request from chunks.

/** Chunk size of the cache and of the engine's remote range requests. */
export const CHUNK_BYTES = 64 * 1024;

/** How many chunks an object of `size` bytes has. */
export function chunkCount(size: number, chunk = CHUNK_BYTES): number {
  return Math.ceil(size / chunk);
}

/** Chunk indices holding bytes [start, end] (inclusive). */
export function chunksFor(start: number, end: number, chunk = CHUNK_BYTES): number[] {
  const out: number[] = [];
  for (let i = Math.floor(start / chunk); i <= Math.floor(end / chunk); i++) out.push(i);
  return out;
}

/** The one byte span (inclusive) to fetch so every missing chunk of `needed` arrives; null: none missing. */
export function missingSpan(needed: readonly number[], have: ReadonlySet<number>, size: number | null, chunk = CHUNK_BYTES): { start: number; end: number } | null {
  const missing = needed.filter((i) => !have.has(i));
  const first = missing[0];
  const last = missing.at(-1);
  if (first === undefined || last === undefined) return null;
  const end = (last + 1) * chunk - 1;
  return { start: first * chunk, end: size === null ? end : Math.min(end, size - 1) };
}

/** `bytes 0-131071/5000000` → its numbers; null when absent or malformed. */
export function parseContentRange(header: string | null): { start: number; end: number; total: number } | null {
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header?.trim() ?? '');
  if (!m) return null;
  const [start, end, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return end >= start && total > end ? { start, end, total } : null;
}

/**
 * The chunks inside a body that starts at byte `at` of an object of `total` bytes: only whole chunks,
 * and the object's short last chunk when the body reaches the end (a partial chunk is never kept).
 */
export function splitChunks(body: Uint8Array<ArrayBuffer>, at: number, total: number, chunk = CHUNK_BYTES): Map<number, Uint8Array<ArrayBuffer>> {
  const out = new Map<number, Uint8Array<ArrayBuffer>>();
  for (let i = Math.ceil(at / chunk); ; i++) {
    const from = i * chunk - at;
    const full = Math.min(chunk, total - i * chunk);
    if (full <= 0 || from + full > body.length) break;
    out.set(i, body.subarray(from, from + full));
  }
  return out;
}

/** Bytes [start, end] (inclusive) out of chunks; null when one is missing. */
export function assemble(chunks: ReadonlyMap<number, Uint8Array>, start: number, end: number, chunk = CHUNK_BYTES): Uint8Array<ArrayBuffer> | null {
  const out = new Uint8Array(end - start + 1);
  for (const i of chunksFor(start, end, chunk)) {
    const c = chunks.get(i);
    if (!c) return null;
    const from = Math.max(start, i * chunk);
    const to = Math.min(end + 1, i * chunk + c.length);
    if (to <= from) return null;
    out.set(c.subarray(from - i * chunk, to - i * chunk), from - start);
    if (to < Math.min(end + 1, (i + 1) * chunk)) return null; // a short chunk that is not the object's last
  }
  return out;
}

/** The storage object a presigned URL names (origin + path, no signature): what the cache holds bytes of. */
export function objectOf(presigned: string): string {
  const u = new URL(presigned);
  return u.origin + u.pathname;
}
