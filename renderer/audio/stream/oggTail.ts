// The exact end of an Ogg Opus / Ogg Vorbis stream from the file's last page, in one read of the tail.
// mediabunny's `computeDuration()` finds the last packet by bisecting the whole file page by page
// (measured on a 60-minute file: 15–18 sequential range requests before the first packet could
// play); the last page's granule position says the same thing (RFC 3533; RFC 7845 §4.5 for Opus's
// end trimming, the Vorbis I spec §A.2 for Vorbis's) and lies within the last 65,307 bytes.
//
// Only for a file whose first page begins the audio stream (a lone Opus or Vorbis bitstream, as
// encoders write it); anything else (a Skeleton track first, a chained file whose last page belongs
// to another stream, no page found) returns null and the caller falls back to mediabunny.
import type { ByteRange } from './flacDemux.ts';

/** Largest Ogg page: 27-byte header + 255 lacing values + 255 × 255 bytes of data. */
const MAX_PAGE = 27 + 255 + 255 * 255;

export interface OggHead {
  codec: 'opus' | 'vorbis';
  serial: number;
  /** Opus: OpusHead's pre-skip (the granule counts it); Vorbis: 0. */
  preSkip: number;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();

/** Ogg's CRC-32 (polynomial 0x04c11db7, no reflection) over a page whose CRC field reads as zero. */
export function oggCrc(page: Uint8Array): number {
  let crc = 0;
  for (let i = 0; i < page.length; i++) {
    const b = i >= 22 && i < 26 ? 0 : (page[i] ?? 0);
    crc = ((crc << 8) ^ (CRC_TABLE[((crc >>> 24) ^ b) & 0xff] ?? 0)) >>> 0;
  }
  return crc;
}

interface Page {
  serial: number;
  /** -1: no packet ends on this page. */
  granule: bigint;
  headerType: number;
  dataStart: number;
  size: number;
}

/** The page at `at` in `b` when it is whole and its CRC matches. */
function pageAt(b: Uint8Array, at: number): Page | null {
  if (at + 27 > b.length || b[at] !== 0x4f || b[at + 1] !== 0x67 || b[at + 2] !== 0x67 || b[at + 3] !== 0x53 || b[at + 4] !== 0) return null;
  const v = new DataView(b.buffer, b.byteOffset + at, b.length - at);
  const segments = b[at + 26] ?? 0;
  if (at + 27 + segments > b.length) return null;
  let data = 0;
  for (let i = 0; i < segments; i++) data += b[at + 27 + i] ?? 0;
  const size = 27 + segments + data;
  if (at + size > b.length) return null;
  if (oggCrc(b.subarray(at, at + size)) !== v.getUint32(22, true)) return null;
  return { serial: v.getUint32(14, true), granule: v.getBigInt64(6, true), headerType: b[at + 5] ?? 0, dataStart: at + 27 + segments, size };
}

const startsWith = (b: Uint8Array, at: number, text: string) => [...text].every((c, i) => b[at + i] === c.charCodeAt(0));

/** The stream the file's first page begins, when it is Opus or Vorbis (`head`: the file's first bytes). */
export function parseOggHead(head: Uint8Array): OggHead | null {
  const p = pageAt(head, 0);
  if (!p || !(p.headerType & 0x02)) return null;
  if (startsWith(head, p.dataStart, 'OpusHead') && p.dataStart + 12 <= head.length) {
    const preSkip = (head[p.dataStart + 10] ?? 0) | ((head[p.dataStart + 11] ?? 0) << 8);
    return { codec: 'opus', serial: p.serial, preSkip };
  }
  if (head[p.dataStart] === 0x01 && startsWith(head, p.dataStart + 1, 'vorbis')) return { codec: 'vorbis', serial: p.serial, preSkip: 0 };
  return null;
}

/**
 * The stream's end in samples of its timeline (Opus: after the pre-skip), from the last page of
 * `head.serial` that ends a packet; null when the tail holds none (a chained or damaged file).
 */
export async function oggEndSamples(r: ByteRange, head: OggHead): Promise<number | null> {
  const from = Math.max(0, r.fileSize - MAX_PAGE - 1);
  const tail = await r.read(from, r.fileSize);
  let best: Page | null = null;
  // Forward from the first page found in the window, so a stray "OggS" inside a page's data cannot
  // pass for a page (it would also have to carry a matching CRC).
  for (let at = 0; at + 27 <= tail.length; ) {
    const p = pageAt(tail, at);
    if (!p) {
      at++;
      continue;
    }
    if (p.serial === head.serial && p.granule >= 0n) best = p;
    at += p.size;
  }
  if (!best) return null;
  const end = Number(best.granule) - head.preSkip;
  return Number.isSafeInteger(end) && end >= 0 ? end : null;
}
