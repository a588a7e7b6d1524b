// Frame-level sync checks for the stream formats (see audioCheck.ts): MPEG audio and ADTS frames
// chained by their own lengths, FLAC frame headers with their CRC-8, Ogg pages with their CRC-32.
import type { AudioRegion } from './fingerprint.ts';
import type { SyncFile } from './syncFile.ts';

/** Consecutive frames that must chain before a stream counts as audio (fewer only if the file ends). */
const CHAIN = 4;
/** How far into the audio data the first frame is looked for. */
const SEARCH = 64 * 1024;
/** First reads are this small (most files sync in it); a larger one only when they do not. */
const FIRST_READ = 16 * 1024;

/** Tries `check` on a small window of the region, then on a large one if that was not enough. */
function widening<T extends { ok: boolean }>(region: AudioRegion, small: number, large: number, check: (size: number) => T): T {
  const length = region.end - region.start;
  const first = check(Math.min(small, length));
  return first.ok || small >= length ? first : check(Math.min(large, length));
}

type Fail = { ok: false; reason: string };

// ---------------------------------------------------------------------------------------------
// MPEG audio (mp1/2/3) and ADTS (AAC)

/** kbit/s by bitrate index, for MPEG-1 layers I–III and MPEG-2/2.5 layer I and layers II/III. */
const MPEG_BITRATES: Record<string, readonly number[]> = {
  '1-1': [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  '1-2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  '1-3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  '2-1': [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  '2-2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  '2-3': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MPEG_RATES: Record<number, readonly number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };
const ADTS_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

interface Frame {
  length: number;
  /** Frames of one stream share this (version, layer, sample rate / ADTS profile and rate). */
  key: number;
}

function mpegFrame(b: Buffer, i: number): Frame | null {
  const b1 = b[i + 1] ?? 0;
  const b2 = b[i + 2] ?? 0;
  if (b[i] !== 0xff || (b1 & 0xe0) !== 0xe0) return null;
  const version = (b1 >> 3) & 3;
  const layer = (b1 >> 1) & 3;
  if (layer === 0) return adtsFrame(b, i);
  if (version === 1) return null;
  const mpeg1 = version === 3;
  const layerNo = 4 - layer; // bits 3, 2, 1 are layers I, II, III
  const kbps = MPEG_BITRATES[`${mpeg1 ? 1 : 2}-${layerNo}`]?.[b2 >> 4];
  const rate = MPEG_RATES[version]?.[(b2 >> 2) & 3];
  if (!kbps || !rate) return null;
  const pad = (b2 >> 1) & 1;
  const bps = kbps * 1000;
  const length = layerNo === 1 ? (Math.floor((12 * bps) / rate) + pad) * 4
    : layerNo === 3 && !mpeg1 ? Math.floor((72 * bps) / rate) + pad
    : Math.floor((144 * bps) / rate) + pad;
  return { length, key: (version << 8) | (layer << 4) | ((b2 >> 2) & 3) };
}

function adtsFrame(b: Buffer, i: number): Frame | null {
  if (b[i] !== 0xff || ((b[i + 1] ?? 0) & 0xf6) !== 0xf0) return null;
  const b2 = b[i + 2] ?? 0;
  const rateIndex = (b2 >> 2) & 0xf;
  if (rateIndex >= ADTS_RATES.length) return null;
  const length = (((b[i + 3] ?? 0) & 3) << 11) | ((b[i + 4] ?? 0) << 3) | ((b[i + 5] ?? 0) >> 5);
  if (length < 7) return null;
  return { length, key: 0x10000 | (b2 & 0xfc) };
}

/** The stream syncs over CHAIN frames; `totalBytes` is the Xing/VBRI byte count when there is one. */
export function checkMpeg(file: SyncFile, region: AudioRegion): Fail | { ok: true; totalBytes: number | null } {
  return widening(region, FIRST_READ, SEARCH + 8 * 1441 * 4, (size) => syncMpeg(file, region, size));
}

function syncMpeg(file: SyncFile, region: AudioRegion, size: number): Fail | { ok: true; totalBytes: number | null } {
  const window = file.readAt(region.start, size);
  const limit = Math.min(SEARCH, window.length - 6);
  for (let i = window.indexOf(0xff); i >= 0 && i < limit; i = window.indexOf(0xff, i + 1)) {
    const first = mpegFrame(window, i);
    if (!first) continue;
    let at = i;
    let frames = 0;
    let frame: Frame | null = first;
    while (frame && frame.key === first.key && frames < CHAIN) {
      frames++;
      at += frame.length;
      if (region.start + at >= region.end) break; // the file ends with whole frames
      frame = at + 6 <= window.length ? mpegFrame(window, at) : null;
    }
    const endsHere = region.start + at >= region.end && region.start + at - region.end < (frame?.length ?? 0) + 1;
    if (frames >= CHAIN || (frames >= 2 && endsHere)) return { ok: true, totalBytes: vbrBytes(window, i, first) };
  }
  return { ok: false, reason: 'not audio: no run of consecutive MPEG audio frames found' };
}

/** Audio byte count from a Xing/Info or VBRI header in the first frame, when it has one. */
function vbrBytes(window: Buffer, at: number, frame: Frame): number | null {
  const head = window.subarray(at, at + Math.min(frame.length, 200));
  const xing = Math.max(head.indexOf('Xing', 0, 'latin1'), head.indexOf('Info', 0, 'latin1'));
  if (xing >= 0 && head.length >= xing + 16) {
    const flags = head.readUInt32BE(xing + 4);
    if (flags & 2) return head.readUInt32BE(xing + (flags & 1 ? 12 : 8));
    return null;
  }
  const vbri = head.indexOf('VBRI', 0, 'latin1');
  return vbri >= 0 && head.length >= vbri + 14 ? head.readUInt32BE(vbri + 10) : null;
}

// ---------------------------------------------------------------------------------------------
// FLAC

const crc8Table = Uint8Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 0x80 ? ((c << 1) ^ 0x07) & 0xff : (c << 1) & 0xff;
  return c;
});

interface FlacFrame {
  /** Frame number (fixed block size) or first sample number (variable). */
  number: number;
  variable: boolean;
  blockSize: number;
}

const FLAC_BLOCK = [0, 192, 576, 1152, 2304, 4608, -8, -16, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768];

/** A frame header at `i` whose CRC-8 checks, or null. */
function flacFrame(b: Buffer, i: number): FlacFrame | null {
  if (b[i] !== 0xff || ((b[i + 1] ?? 0) & 0xfe) !== 0xf8) return null;
  const b2 = b[i + 2] ?? 0;
  const b3 = b[i + 3] ?? 0;
  if ((b2 & 0xf0) === 0 || (b2 & 0x0f) === 0x0f || (b3 >> 4) >= 11 || (b3 & 0x0e) === 0x06 || (b3 & 0x0e) === 0x0e || b3 & 1) return null;
  // The frame or sample number, UTF-8 coded (up to 7 bytes).
  let p = i + 4;
  const lead = b[p] ?? 0xff;
  let extra = lead < 0x80 ? 0 : lead >= 0xc0 && lead < 0xe0 ? 1 : lead < 0xf0 ? 2 : lead < 0xf8 ? 3 : lead < 0xfc ? 4 : lead < 0xfe ? 5 : lead === 0xfe ? 6 : -1;
  if (extra < 0 || (lead >= 0x80 && lead < 0xc0)) return null;
  let number = extra === 0 ? lead : lead & (0x3f >> extra);
  for (p++; extra > 0; extra--, p++) {
    const c = b[p] ?? 0;
    if ((c & 0xc0) !== 0x80) return null;
    number = number * 64 + (c & 0x3f);
  }
  let blockSize = FLAC_BLOCK[b2 >> 4] ?? 0;
  if (blockSize === -8) blockSize = (b[p++] ?? 0) + 1;
  else if (blockSize === -16) {
    blockSize = (((b[p] ?? 0) << 8) | (b[p + 1] ?? 0)) + 1;
    p += 2;
  }
  const rate = b2 & 0x0f;
  if (rate === 12) p += 1;
  else if (rate === 13 || rate === 14) p += 2;
  if (p >= b.length) return null;
  let crc = 0;
  for (let k = i; k < p; k++) crc = crc8Table[crc ^ (b[k] ?? 0)] ?? 0;
  if (crc !== b[p]) return null;
  return { number, variable: ((b[i + 1] ?? 0) & 1) === 1, blockSize };
}

/** Reads the end of the region (a small tail first) and finds something in it from the back. */
function lastInTail<T>(file: SyncFile, region: AudioRegion, find: (tail: Buffer) => T | null): T | null {
  for (const size of [FIRST_READ, SEARCH]) {
    const start = Math.max(region.start, region.end - size);
    const found = find(file.readAt(start, region.end - start));
    if (found !== null || start === region.start) return found;
  }
  return null;
}

/** Whether the buffer holds the first frames' chain (or the whole, short stream): the frame count seen. */
function flacChain(b: Buffer, region: AudioRegion): number | null {
  const first = flacFrame(b, 0);
  if (!first) return 0; // decided: no valid first frame
  let at = 0;
  let prev = first;
  for (let n = 1; n < CHAIN - 1; n++) {
    const want = prev.variable ? prev.number + prev.blockSize : prev.number + 1;
    const next = nextFlacFrame(b, at + 6, (f) => f.variable === prev.variable && f.number === want);
    if (!next) return b.length === region.end - region.start ? n : null;
    at = next.at;
    prev = next.frame;
  }
  return CHAIN - 1;
}

function nextFlacFrame(b: Buffer, from: number, expect: (f: FlacFrame) => boolean): { at: number; frame: FlacFrame } | null {
  for (let i = b.indexOf(0xff, from); i >= 0; i = b.indexOf(0xff, i + 1)) {
    const f = flacFrame(b, i);
    if (f && expect(f)) return { at: i, frame: f };
  }
  return null;
}

/** The first frames sync and number on; `samplesEnd` is where the last frame in the file ends. */
export function checkFlac(file: SyncFile, region: AudioRegion): Fail | { ok: true; samplesEnd: number | null } {
  const { b: head, chain } = widening(region, 4 * FIRST_READ, 4 * SEARCH, (size) => {
    const b = file.readAt(region.start, size);
    const chain = flacChain(b, region);
    return { ok: chain !== null, b, chain };
  });
  const first = flacFrame(head, 0);
  if (!first) return { ok: false, reason: 'not playable: the FLAC audio does not start with a valid frame' };
  if (chain === null) return { ok: false, reason: 'damaged FLAC: its frames do not follow one another' };
  // The last frame header in the file tells how many samples it really holds.
  const last = lastInTail(file, region, (tail) => {
    for (let i = tail.lastIndexOf(0xff); i >= 0; i = i > 0 ? tail.lastIndexOf(0xff, i - 1) : -1) {
      const f = flacFrame(tail, i);
      if (f && f.variable === first.variable) return f;
    }
    return null;
  });
  if (!last) return { ok: true, samplesEnd: null };
  return { ok: true, samplesEnd: last.variable ? last.number + last.blockSize : last.number * first.blockSize + last.blockSize };
}

// ---------------------------------------------------------------------------------------------
// Ogg

/** CRC-32 as Ogg computes it (polynomial 0x04c11db7, not reflected, no final xor), 8 bytes a step. */
const crc32Tables = ((): Uint32Array[] => {
  const t0 = Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    return c >>> 0;
  });
  const tables = [t0];
  for (let k = 1; k < 8; k++) {
    const prev = tables[k - 1] as Uint32Array;
    tables.push(Uint32Array.from({ length: 256 }, (_, n) => ((prev[n] as number) << 8) ^ (t0[(prev[n] as number) >>> 24] as number)));
  }
  return tables;
})();

const ZERO4 = new Uint8Array(4);

// Unpacked once: destructuring inside oggCrc allocated an iterator per page until the function was optimized.
const [t0, t1, t2, t3, t4, t5, t6, t7] = crc32Tables as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];

function oggCrc(b: Uint8Array, from: number, to: number, start = 0): number {
  let crc = start;
  let k = from;
  for (; k + 8 <= to; k += 8) {
    const hi = (crc ^ (((b[k] as number) << 24) | ((b[k + 1] as number) << 16) | ((b[k + 2] as number) << 8) | (b[k + 3] as number))) >>> 0;
    crc = ((t7[hi >>> 24] as number) ^ (t6[(hi >>> 16) & 0xff] as number) ^ (t5[(hi >>> 8) & 0xff] as number) ^ (t4[hi & 0xff] as number) ^
      (t3[b[k + 4] as number] as number) ^ (t2[b[k + 5] as number] as number) ^ (t1[b[k + 6] as number] as number) ^ (t0[b[k + 7] as number] as number)) >>> 0;
  }
  for (; k < to; k++) crc = ((crc << 8) ^ (t0[((crc >>> 24) ^ (b[k] as number)) & 0xff] as number)) >>> 0;
  return crc;
}

/** Length of a whole, CRC-valid page at `i`, or 0. */
function oggPage(b: Buffer, i: number): number {
  if (i + 27 > b.length || b.toString('latin1', i, i + 4) !== 'OggS' || b[i + 4] !== 0) return 0;
  const segments = b[i + 26] ?? 0;
  if (i + 27 + segments > b.length) return 0;
  let body = 0;
  for (let s = 0; s < segments; s++) body += b[i + 27 + s] ?? 0;
  const length = 27 + segments + body;
  if (i + length > b.length) return 0;
  // The CRC covers the whole page with its own four bytes taken as zero.
  const crc = oggCrc(b, i + 26, i + length, oggCrc(ZERO4, 0, 4, oggCrc(b, i, i + 22)));
  return crc === b.readUInt32LE(i + 22) ? length : 0;
}

/** The first audio pages chain with valid CRCs; `lastGranule` is the last whole page's position. */
export function checkOgg(file: SyncFile, region: AudioRegion): Fail | { ok: true; lastGranule: number | null } {
  const { b: head, at, pages } = widening(region, 2 * FIRST_READ, 4 * SEARCH, (size) => {
    const b = file.readAt(region.start, size);
    let at = 0;
    let pages = 0;
    for (let length = oggPage(b, 0); length > 0 && pages < CHAIN - 1; length = oggPage(b, at)) {
      pages++;
      at += length;
    }
    return { ok: pages >= CHAIN - 1, b, at, pages };
  });
  // Fewer pages only when the file ends (possibly inside a page it was cut off in).
  const cutInPage = head.length === region.end - region.start && head.toString('latin1', at, at + 4) === 'OggS';
  if (pages === 0 && cutInPage) return { ok: false, reason: 'truncated file: cut off inside its first audio page' };
  if (pages === 0 || (pages < CHAIN - 1 && at < region.end - region.start && !cutInPage)) {
    return { ok: false, reason: 'damaged Ogg file: its audio pages are cut off or fail their checksums' };
  }
  const lastGranule = lastInTail(file, region, (tail) => {
    for (let i = tail.lastIndexOf('OggS', undefined, 'latin1'); i >= 0; i = i > 0 ? tail.lastIndexOf('OggS', i - 1, 'latin1') : -1) {
      if (oggPage(tail, i) === 0) continue;
      const granule = tail.readBigInt64LE(i + 6);
      if (granule > 0n) return Number(granule);
    }
    return null;
  });
  return { ok: true, lastGranule };
}
