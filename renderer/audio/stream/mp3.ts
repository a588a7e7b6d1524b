// MPEG audio Layer III framing, the Xing/Info + LAME header (frame count, seek TOC, encoder delay
// and padding) and VBRI, and byte positions for a seek. Pure functions over bytes; the streaming
// reader in mp3Demux.ts uses them. (mediabunny's MP3 demuxer ignores the LAME delay/padding and finds
// a position by reading every frame from the file's start, which costs a whole file to seek.)

export interface FrameHeader {
  /** 1, 2 or 2.5 */
  version: number;
  bitrate: number;
  sampleRate: number;
  channels: number;
  /** Samples per frame (1152 for MPEG-1, 576 for MPEG-2/2.5). */
  samples: number;
  /** Bytes of the whole frame, header included. */
  bytes: number;
  /** Offset of the Xing/Info tag within the frame. */
  xingOffset: number;
}

const BITRATES_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const RATES: Record<number, number[]> = { 1: [44100, 48000, 32000], 2: [22050, 24000, 16000], 2.5: [11025, 12000, 8000] };
/** The decoder's own delay (MDCT + polyphase filterbank), which the LAME delay does not include. */
export const DECODER_DELAY = 529;

/** A Layer III frame header at `o`, or null. Free-format and reserved values are rejected. */
export function parseFrameHeader(b: Uint8Array, o: number): FrameHeader | null {
  if (o + 4 > b.length) return null;
  const b1 = b[o + 1] ?? 0;
  const b2 = b[o + 2] ?? 0;
  const b3 = b[o + 3] ?? 0;
  if (b[o] !== 0xff || (b1 & 0xe0) !== 0xe0) return null;
  const v = (b1 >> 3) & 3;
  const layer = (b1 >> 1) & 3;
  if (v === 1 || layer !== 1) return null; // reserved version; Layer III only
  const version = v === 3 ? 1 : v === 2 ? 2 : 2.5;
  const bi = b2 >> 4;
  const si = (b2 >> 2) & 3;
  if (bi === 0 || bi === 15 || si === 3) return null;
  const bitrate = (version === 1 ? BITRATES_V1 : BITRATES_V2)[bi] ?? 0;
  const sampleRate = RATES[version]?.[si] ?? 0;
  const padding = (b2 >> 1) & 1;
  const mono = b3 >> 6 === 3;
  const samples = version === 1 ? 1152 : 576;
  const bytes = Math.floor(((samples / 8) * bitrate * 1000) / sampleRate) + padding;
  const side = version === 1 ? (mono ? 17 : 32) : mono ? 9 : 17;
  return { version, bitrate, sampleRate, channels: mono ? 1 : 2, samples, bytes, xingOffset: 4 + side };
}

export interface XingInfo {
  /** 'Info' is written for constant bitrate streams, 'Xing'/'VBRI' for variable. */
  cbr: boolean;
  /** Audio frames in the stream (the tag's own frame excluded). */
  frames: number | null;
  /** Bytes of the stream from the tag's frame on. */
  bytes: number | null;
  toc: Uint8Array | null;
  /** LAME encoder delay and end padding (samples), when a LAME tag follows. */
  delay: number | null;
  padding: number | null;
}

const ascii = (b: Uint8Array, o: number, n: number) => String.fromCharCode(...b.subarray(o, o + n));
const u32 = (b: Uint8Array, o: number) => (((b[o] ?? 0) << 24) | ((b[o + 1] ?? 0) << 16) | ((b[o + 2] ?? 0) << 8) | (b[o + 3] ?? 0)) >>> 0;

/** The Xing/Info (+ LAME) or VBRI tag in the frame at `o`, or null when the frame is audio. */
export function parseXing(b: Uint8Array, o: number, h: FrameHeader): XingInfo | null {
  const x = o + h.xingOffset;
  const id = ascii(b, x, 4);
  if (id === 'Xing' || id === 'Info') {
    const flags = u32(b, x + 4);
    let p = x + 8;
    const frames = flags & 1 ? u32(b, p) : null;
    if (flags & 1) p += 4;
    const bytes = flags & 2 ? u32(b, p) : null;
    if (flags & 2) p += 4;
    const toc = flags & 4 ? b.slice(p, p + 100) : null;
    if (flags & 4) p += 100;
    if (flags & 8) p += 4;
    // LAME tag: 9 bytes of encoder version, then 12 bytes, then delay (12 bits) and padding (12 bits).
    let delay: number | null = null;
    let padding: number | null = null;
    const enc = ascii(b, p, 4);
    if ((enc === 'LAME' || enc === 'Lavc' || enc === 'Lavf' || enc === 'L3.9') && p + 24 <= b.length) {
      const d = p + 21;
      delay = ((b[d] ?? 0) << 4) | ((b[d + 1] ?? 0) >> 4);
      padding = (((b[d + 1] ?? 0) & 0x0f) << 8) | (b[d + 2] ?? 0);
    }
    return { cbr: id === 'Info', frames, bytes, toc, delay, padding };
  }
  const vbri = o + 36;
  if (ascii(b, vbri, 4) === 'VBRI') {
    return { cbr: false, frames: u32(b, vbri + 14), bytes: u32(b, vbri + 10), toc: null, delay: null, padding: null };
  }
  return null;
}

/** Size of the ID3v2 tag at the start (header + footer included), 0 without one. */
export function id3v2Size(b: Uint8Array): number {
  if (ascii(b, 0, 3) !== 'ID3' || b.length < 10) return 0;
  const size = (((b[6] ?? 0) & 0x7f) << 21) | (((b[7] ?? 0) & 0x7f) << 14) | (((b[8] ?? 0) & 0x7f) << 7) | ((b[9] ?? 0) & 0x7f);
  const footer = (b[5] ?? 0) & 0x10 ? 10 : 0;
  return 10 + size + footer;
}

/** A frame at `o` whose successor is also a frame with the same rate and version: a real sync. */
export function isSync(b: Uint8Array, o: number): FrameHeader | null {
  const h = parseFrameHeader(b, o);
  if (!h) return null;
  const n = parseFrameHeader(b, o + h.bytes);
  if (o + h.bytes + 4 > b.length) return h; // end of data: trust one header
  if (!n || n.sampleRate !== h.sampleRate || n.version !== h.version) return null;
  return h;
}

export interface Mp3Layout {
  /** Byte offset of the first audio frame. */
  audioStart: number;
  /** Byte offset where audio ends (file end, before an ID3v1 tag). */
  audioEnd: number;
  /** Audio frames (exact from the Xing tag, else estimated from the size). */
  frames: number;
  exactFrames: boolean;
  samplesPerFrame: number;
  toc: Uint8Array | null;
  /** Bytes the TOC scales (from the tag frame on), and where that frame starts. */
  tocBytes: number;
  tocStart: number;
}

/**
 * Byte offset to start reading at for audio frame `index` (approximate for VBR: the Xing TOC has a
 * 1 % resolution; exact for CBR), before resyncing to the next real frame.
 */
export function seekByte(l: Mp3Layout, index: number): number {
  if (index <= 0) return l.audioStart;
  if (l.toc && l.frames > 0) {
    const pct = Math.min(99.999, (index / l.frames) * 100);
    const i = Math.floor(pct);
    const a = l.toc[i] ?? 0;
    const b = i < 99 ? (l.toc[i + 1] ?? 256) : 256;
    const frac = a + (b - a) * (pct - i);
    return Math.min(l.audioEnd - 1, Math.max(l.audioStart, Math.floor(l.tocStart + (frac / 256) * l.tocBytes)));
  }
  const per = (l.audioEnd - l.audioStart) / Math.max(1, l.frames);
  return Math.min(l.audioEnd - 1, Math.floor(l.audioStart + index * per));
}
