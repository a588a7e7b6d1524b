// Test scaffolding: writes valid native FLAC streams (RFC 9639) with VERBATIM subframes — every
// field as the spec defines it, the CRCs real — so the reader can be tested on tricky shapes a
// normal encoder rarely makes: random samples full of false sync codes, odd block sizes, a short
// last frame, trailing tags. (Files from a real encoder are covered by the listening e2e tests.)
import { crc16, crc8 } from '../flac.ts';

export interface FlacSpec {
  sampleRate: number;
  channels: 1 | 2;
  /** Samples per frame (the last frame may be shorter). */
  blockSize: number;
  totalSamples: number;
  /** Bytes appended after the audio (e.g. an ID3v1 tag). */
  trailer?: Uint8Array;
  /** Deterministic sample values. */
  seed?: number;
  /** Frames starting before this sample hold silence (CONSTANT subframes: a few bytes each). */
  silentUntil?: number;
  /** A SEEKTABLE with a point every this many samples (at the frame holding it). */
  seekEvery?: number;
}

/** A frame number as FLAC codes it: UTF-8-like, up to 7 bytes. */
function utf8Number(n: number): number[] {
  if (n < 0x80) return [n];
  let k = 1; // continuation bytes
  while (n >= 2 ** (6 * k + (6 - k))) k++;
  const lead = ((0xff << (7 - k)) & 0xff) | Math.floor(n / 2 ** (6 * k));
  const rest = Array.from({ length: k }, (_, i) => 0x80 | (Math.floor(n / 2 ** (6 * (k - 1 - i))) & 0x3f));
  return [lead, ...rest];
}

export function writeFlac(spec: FlacSpec): Uint8Array {
  const bytes: number[] = [...'fLaC'].map((c) => c.charCodeAt(0));
  const bps = 16;
  const si = new Uint8Array(34);
  si[0] = spec.blockSize >> 8;
  si[1] = spec.blockSize & 0xff;
  si[2] = spec.blockSize >> 8;
  si[3] = spec.blockSize & 0xff;
  si[10] = (spec.sampleRate >> 12) & 0xff;
  si[11] = (spec.sampleRate >> 4) & 0xff;
  si[12] = ((spec.sampleRate & 0x0f) << 4) | ((spec.channels - 1) << 1) | ((bps - 1) >> 4);
  si[13] = (((bps - 1) & 0x0f) << 4) | Math.floor(spec.totalSamples / 2 ** 32);
  const low = spec.totalSamples % 2 ** 32;
  si[14] = (low >>> 24) & 0xff;
  si[15] = (low >>> 16) & 0xff;
  si[16] = (low >>> 8) & 0xff;
  si[17] = low & 0xff;
  let x = spec.seed ?? 1;
  const next = () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 8) & 0xffff;
  const frames: number[] = [];
  const points: { sample: number; offset: number; samples: number }[] = [];
  for (let start = 0, frame = 0; start < spec.totalSamples; start += spec.blockSize, frame++) {
    const n = Math.min(spec.blockSize, spec.totalSamples - start);
    if (spec.seekEvery && Math.floor((start + n - 1) / spec.seekEvery) > Math.floor((start - 1) / spec.seekEvery)) points.push({ sample: start, offset: frames.length, samples: n });
    const head = [0xff, 0xf8, 0x70, ((spec.channels - 1) << 4) | 0, ...utf8Number(frame), (n - 1) >> 8, (n - 1) & 0xff];
    head.push(crc8(Uint8Array.from(head), 0, head.length));
    const body: number[] = [];
    for (let c = 0; c < spec.channels; c++) {
      if (start < (spec.silentUntil ?? 0)) {
        body.push(0x00, 0, 0); // CONSTANT subframe: 0
        continue;
      }
      body.push(0x02); // VERBATIM subframe
      for (let i = 0; i < n; i++) {
        const v = next();
        body.push(v >> 8, v & 0xff);
      }
    }
    const frameBytes = Uint8Array.from([...head, ...body]);
    const crc = crc16(frameBytes, 0, frameBytes.length);
    frames.push(...frameBytes, crc >> 8, crc & 0xff);
  }
  bytes.push(points.length > 0 ? 0 : 0x80, 0, 0, 34, ...si);
  if (points.length > 0) {
    const u64 = (v: number) => Array.from({ length: 8 }, (_, i) => Math.floor(v / 2 ** (8 * (7 - i))) & 0xff);
    const size = points.length * 18;
    bytes.push(0x80 | 3, (size >> 16) & 0xff, (size >> 8) & 0xff, size & 0xff);
    for (const p of points) bytes.push(...u64(p.sample), ...u64(p.offset), p.samples >> 8, p.samples & 0xff);
  }
  for (const b of frames) bytes.push(b);
  if (spec.trailer) bytes.push(...spec.trailer);
  return Uint8Array.from(bytes);
}
