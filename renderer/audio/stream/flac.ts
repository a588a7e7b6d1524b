// Native FLAC framing (RFC 9639): the STREAMINFO block, frame headers (checked by their CRC-8) and
// whole frames (checked by their CRC-16), so a reader can start at any byte, find the next real
// frame, and know from its header exactly which sample it starts at. Pure functions over bytes;
// flacDemux.ts streams with them. (mediabunny's FLAC demuxer indexes every frame from the file's
// start: opening or seeking a 60-minute file read all of it.)

export interface StreamInfo {
  minBlockSize: number;
  maxBlockSize: number;
  minFrameSize: number;
  maxFrameSize: number;
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** 0 when unknown. */
  totalSamples: number;
  /** "fLaC" + the STREAMINFO block: the WebCodecs decoder description. */
  description: Uint8Array;
  /** SEEKTABLE points (sample, byte offset from the first frame), placeholders left out. */
  seekPoints: { sample: number; offset: number }[];
}

export interface FrameHeader {
  /** First sample of the frame in the stream. */
  sample: number;
  blockSize: number;
  /** Header length in bytes. */
  length: number;
}

function crcTable(poly: number, bits: number): Uint16Array {
  const top = 1 << (bits - 1);
  const mask = (1 << bits) - 1;
  return Uint16Array.from({ length: 256 }, (_, i) => {
    let c = i << (bits - 8);
    for (let k = 0; k < 8; k++) c = c & top ? ((c << 1) ^ poly) & mask : (c << 1) & mask;
    return c;
  });
}
const CRC8 = crcTable(0x07, 8);
const CRC16 = crcTable(0x8005, 16);

export function crc8(b: Uint8Array, from: number, to: number): number {
  let c = 0;
  for (let i = from; i < to; i++) c = CRC8[(c ^ (b[i] ?? 0)) & 0xff] ?? 0;
  return c;
}

export function crc16(b: Uint8Array, from: number, to: number): number {
  let c = 0;
  for (let i = from; i < to; i++) c = ((c << 8) & 0xffff) ^ (CRC16[((c >> 8) ^ (b[i] ?? 0)) & 0xff] ?? 0);
  return c;
}

/** Offset of the first audio frame and the STREAMINFO, from the file's head (all metadata blocks). */
export function parseHead(b: Uint8Array): { info: StreamInfo; audioStart: number } | { need: number } | null {
  if (String.fromCharCode(...b.subarray(0, 4)) !== 'fLaC') return null;
  let p = 4;
  let info: StreamInfo | null = null;
  for (;;) {
    if (p + 4 > b.length) return { need: p + 4 };
    const type = (b[p] ?? 0) & 0x7f;
    const last = ((b[p] ?? 0) & 0x80) !== 0;
    const size = ((b[p + 1] ?? 0) << 16) | ((b[p + 2] ?? 0) << 8) | (b[p + 3] ?? 0);
    if (type === 0) {
      if (p + 4 + 34 > b.length) return { need: p + 4 + 34 };
      const s = b.subarray(p + 4, p + 4 + 34);
      const u = (i: number) => s[i] ?? 0;
      const description = new Uint8Array(42);
      description.set([0x66, 0x4c, 0x61, 0x43, 0x80, 0, 0, 34]);
      description.set(s, 8);
      info = {
        minBlockSize: (u(0) << 8) | u(1),
        maxBlockSize: (u(2) << 8) | u(3),
        minFrameSize: (u(4) << 16) | (u(5) << 8) | u(6),
        maxFrameSize: (u(7) << 16) | (u(8) << 8) | u(9),
        sampleRate: (u(10) << 12) | (u(11) << 4) | (u(12) >> 4),
        channels: ((u(12) >> 1) & 7) + 1,
        bitsPerSample: (((u(12) & 1) << 4) | (u(13) >> 4)) + 1,
        totalSamples: (u(13) & 0x0f) * 2 ** 32 + ((u(14) << 24) >>> 0) + ((u(15) << 16) | (u(16) << 8) | u(17)),
        description,
        seekPoints: [],
      };
    } else if (type === 3 && info) {
      if (p + 4 + size > b.length) return { need: p + 4 + size };
      const u64 = (o: number) => {
        let v = 0;
        for (let k = 0; k < 8; k++) v = v * 256 + (b[o + k] ?? 0);
        return v;
      };
      for (let o = p + 4; o + 18 <= p + 4 + size; o += 18) {
        if ((b[o] ?? 0) === 0xff && (b[o + 1] ?? 0) === 0xff) continue; // placeholder
        info.seekPoints.push({ sample: u64(o), offset: u64(o + 8) });
      }
    }
    p += 4 + size;
    if (last) break;
  }
  return info ? { info, audioStart: p } : null;
}

const BLOCK: Record<number, number> = { 1: 192, 2: 576, 3: 1152, 4: 2304, 5: 4608, 8: 256, 9: 512, 10: 1024, 11: 2048, 12: 4096, 13: 8192, 14: 16384, 15: 32768 };

/** A frame header at `o` (sync, fields, CRC-8 all valid), or null. */
export function parseFrameHeader(b: Uint8Array, o: number, info: StreamInfo): FrameHeader | null {
  if (b[o] !== 0xff || ((b[o + 1] ?? 0) & 0xfe) !== 0xf8 || o + 5 > b.length) return null;
  const variable = ((b[o + 1] ?? 0) & 1) === 1;
  const bs = (b[o + 2] ?? 0) >> 4;
  const sr = (b[o + 2] ?? 0) & 0x0f;
  const ch = (b[o + 3] ?? 0) >> 4;
  if (bs === 0 || sr === 15 || ch > 10 || ((b[o + 3] ?? 0) & 1) !== 0) return null;
  // The coded frame / sample number (UTF-8-like, up to 7 bytes).
  let p = o + 4;
  const first = b[p] ?? 0xff;
  let extra = 0;
  let n: number;
  if (first < 0x80) n = first;
  else if (first >= 0xc0 && first <= 0xfe) {
    extra = first === 0xfe ? 6 : first >= 0xfc ? 5 : first >= 0xf8 ? 4 : first >= 0xf0 ? 3 : first >= 0xe0 ? 2 : 1;
    n = first & (0x3f >> extra);
    for (let k = 1; k <= extra; k++) {
      const c = b[p + k] ?? 0;
      if ((c & 0xc0) !== 0x80) return null;
      n = n * 64 + (c & 0x3f);
    }
  } else return null;
  p += 1 + extra;
  let blockSize = BLOCK[bs] ?? 0;
  if (bs === 6) blockSize = (b[p++] ?? 0) + 1;
  else if (bs === 7) blockSize = (((b[p++] ?? 0) << 8) | (b[p++] ?? 0)) + 1;
  if (sr === 12) p += 1;
  else if (sr === 13 || sr === 14) p += 2;
  if (p >= b.length || crc8(b, o, p) !== b[p]) return null;
  const sample = variable ? n : n * info.minBlockSize;
  return { sample, blockSize, length: p + 1 - o };
}

/**
 * The first frame starting at or after `from` within `b`, and its length (up to the next frame
 * header, or — when `b` reaches the end of the file (`atEnd`) — up to any point, so trailing tags
 * are left out), with its CRC-16 checked; null when `b` does not hold a whole one.
 */
export function nextFrame(b: Uint8Array, from: number, info: StreamInfo, atEnd: boolean): { at: number; bytes: number; header: FrameHeader } | null {
  for (let at = from; at + 5 < b.length; at++) {
    if (b[at] !== 0xff) continue;
    const header = parseFrameHeader(b, at, info);
    if (!header) continue;
    // c = CRC-16 of b[at, end − 2), kept as `end` moves on; at the file's end, remembered for
    // every `end`, so the last frame can be the longest one whose CRC holds (trailing tags left out).
    let c = 0;
    for (let i = at; i < at + header.length; i++) c = ((c << 8) & 0xffff) ^ (CRC16[((c >> 8) ^ (b[i] ?? 0)) & 0xff] ?? 0);
    const first = at + header.length + 2;
    const crcs = atEnd ? new Uint16Array(b.length + 1 - first) : null;
    for (let end = first; end <= b.length; end++) {
      if (crcs) crcs[end - first] = c;
      else if (b[end] === 0xff && c === (((b[end - 2] ?? 0) << 8) | (b[end - 1] ?? 0)) && parseFrameHeader(b, end, info)) return { at, bytes: end - at, header };
      c = ((c << 8) & 0xffff) ^ (CRC16[((c >> 8) ^ (b[end - 2] ?? 0)) & 0xff] ?? 0);
    }
    if (crcs) {
      // A next frame's header ends this one; else it is the last, up to where its CRC holds.
      for (let end = first; end < b.length; end++) {
        if (b[end] === 0xff && crcs[end - first] === (((b[end - 2] ?? 0) << 8) | (b[end - 1] ?? 0)) && parseFrameHeader(b, end, info)) return { at, bytes: end - at, header };
      }
      for (let end = b.length; end >= first; end--) {
        if (crcs[end - first] === (((b[end - 2] ?? 0) << 8) | (b[end - 1] ?? 0))) return { at, bytes: end - at, header };
      }
    }
    // No end yet: more bytes may hold it, unless more than a frame's worth is here (a false sync).
    if (!atEnd && b.length - at <= maxFrame(info)) return null;
  }
  return null;
}

/** Largest a frame can be (STREAMINFO's maximum, else a generous bound). */
export function maxFrame(info: StreamInfo): number {
  return info.maxFrameSize > 0 ? info.maxFrameSize + 16 : 1 << 20;
}
