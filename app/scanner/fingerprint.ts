// Audio fingerprint: a hash of the audio data only, never the tags. Each container's tag regions
// are located and excluded, then the audio region's length and a few samples of it are hashed.
// Tag edits (which rewrite ID3/Vorbis comments/MP4 metadata) therefore keep the fingerprint, and
// a moved file is recognised by it. Cost: at most 5 small reads per file.
import { hash } from 'node:crypto';
import type { SyncFile } from './syncFile.ts';

const SAMPLE = 8 * 1024;
const HEAD = 4 * 1024;

export type AudioKind = 'flac' | 'ogg' | 'mp4' | 'riff' | 'aiff' | 'asf' | 'stream';

/** Where a file's audio data lies, by its container's structure. */
export interface AudioRegion {
  kind: AudioKind;
  start: number;
  /** Clamped to the file's size. */
  end: number;
  /** Where the container says the audio ends (past `end` when the file was cut off). */
  declaredEnd: number;
  /** False when the container has no audio data part (no mdat, data/SSND chunk). */
  found: boolean;
  /** Ogg: hash page payloads only (page headers carry sequence numbers that shift with tag size). */
  ogg?: boolean;
}

export interface Fingerprint {
  fingerprint: string;
  /** Bytes of audio data found after excluding the tags (0 for a file cut off inside its headers). */
  audioBytes: number;
  region: AudioRegion;
}

export function audioFingerprint(file: SyncFile): Fingerprint {
  const size = file.size;
  const head = file.readAt(0, Math.min(HEAD, size));
  const region = locateAudio(file, size, head);
  const length = Math.max(0, region.end - region.start);
  const parts: Buffer[] = [Buffer.from(`v1:${length}:`)];
  if (length <= SAMPLE * 4) {
    const all = file.readAt(region.start, length);
    parts.push(region.ogg ? oggPayloads(all) : all);
  } else {
    const offsets = [0, Math.floor(length / 3), Math.floor((2 * length) / 3), length - SAMPLE];
    for (const off of offsets) {
      const chunk = file.readAt(region.start + off, SAMPLE);
      parts.push(region.ogg ? oggPayloads(chunk) : chunk);
    }
  }
  // One-shot hashing of the concatenated samples: the same digest as hashing them in turn.
  return { fingerprint: hash('sha256', Buffer.concat(parts), 'hex').slice(0, 32), audioBytes: length, region };
}

type Region = Omit<AudioRegion, 'kind' | 'declaredEnd' | 'found'> & Partial<AudioRegion>;

function locateAudio(file: SyncFile, size: number, head: Buffer): AudioRegion {
  const r = locate(file, size, head);
  return { kind: r.kind ?? 'stream', declaredEnd: r.declaredEnd ?? r.end, found: r.found ?? true, ...r } as AudioRegion;
}

function locate(file: SyncFile, size: number, head: Buffer): Region {
  let start = 0;
  // Leading ID3v2 tags (mp3, aac, sometimes flac/wav): skip them, possibly several.
  for (;;) {
    const h = start === 0 ? head : file.readAt(start, 10);
    if (h.length < 10 || h.toString('latin1', 0, 3) !== 'ID3') break;
    const tagSize = synchsafe(h, 6) + 10 + ((h[5] ?? 0) & 0x10 ? 10 : 0);
    start += tagSize;
    if (start >= size) return { start: size, end: size, found: false };
  }
  const magic = start === 0 ? head.subarray(0, 32) : file.readAt(start, 32);
  if (magic.length < 12) return { start, end: size };
  const tag4 = magic.toString('latin1', 0, 4);
  if (tag4 === 'fLaC') return { kind: 'flac', start: flacAudioStart(file, start + 4, size), end: size };
  if (tag4 === 'OggS') return { kind: 'ogg', start: oggAudioStart(file, start, size), end: size, ogg: true };
  if (magic.toString('latin1', 4, 8) === 'ftyp') return { kind: 'mp4', ...mp4Audio(file, start, size) };
  if (tag4 === 'RIFF' && magic.toString('latin1', 8, 12) === 'WAVE') return { kind: 'riff', ...chunkAudio(file, start + 12, size, 'data', 'le') };
  if (tag4 === 'FORM') return { kind: 'aiff', ...chunkAudio(file, start + 12, size, 'SSND', 'be') };
  if (magic.length >= 24 && magic.readUInt32BE(0) === 0x3026b275) return asfAudio(file, start, size, magic);
  return { start, end: trailingTagsStart(file, size, start) };
}

function synchsafe(b: Buffer, at: number): number {
  return (((b[at] ?? 0) & 0x7f) << 21) | (((b[at + 1] ?? 0) & 0x7f) << 14) | (((b[at + 2] ?? 0) & 0x7f) << 7) | ((b[at + 3] ?? 0) & 0x7f);
}

function flacAudioStart(file: SyncFile, pos: number, size: number): number {
  for (let guard = 0; pos < size && guard < 1024; guard++) {
    const h = file.readAt(pos, 4);
    if (h.length < 4) break;
    const last = ((h[0] ?? 0) & 0x80) !== 0;
    pos += 4 + h.readUIntBE(1, 3);
    if (last) break;
  }
  return Math.min(pos, size);
}

/** First Ogg page after the header packets: the first page with a positive granule position. */
function oggAudioStart(file: SyncFile, pos: number, size: number): number {
  for (let guard = 0; pos < size && guard < 4096; guard++) {
    const h = file.readAt(pos, 27);
    if (h.length < 27 || h.toString('latin1', 0, 4) !== 'OggS') break;
    const granule = h.readBigInt64LE(6);
    if (granule > 0n) return pos;
    const segments = h[26] ?? 0;
    const table = file.readAt(pos + 27, segments);
    let body = 0;
    for (const s of table) body += s;
    pos += 27 + segments + body;
  }
  return Math.min(pos, size);
}

/** Keeps only page payloads from a chunk of Ogg data (drops headers with sequence numbers and CRCs). */
function oggPayloads(chunk: Buffer): Buffer {
  const parts: Buffer[] = [];
  let i = chunk.indexOf('OggS', 0, 'latin1');
  while (i >= 0 && i + 27 <= chunk.length) {
    const segments = chunk[i + 26] ?? 0;
    let body = 0;
    for (let s = 0; s < segments; s++) body += chunk[i + 27 + s] ?? 0;
    const payloadStart = i + 27 + segments;
    parts.push(chunk.subarray(payloadStart, Math.min(chunk.length, payloadStart + body)));
    i = chunk.indexOf('OggS', payloadStart + body, 'latin1');
  }
  return parts.length > 0 ? Buffer.concat(parts) : chunk;
}

/** MP4/M4A: the `mdat` box holds the audio; tags live in `moov`. */
function mp4Audio(file: SyncFile, pos: number, size: number): Region {
  for (let guard = 0; pos + 8 <= size && guard < 1024; guard++) {
    const h = file.readAt(pos, 16);
    if (h.length < 8) break;
    let boxSize = h.readUInt32BE(0);
    let headerSize = 8;
    if (boxSize === 1 && h.length >= 16) {
      boxSize = Number(h.readBigUInt64BE(8));
      headerSize = 16;
    } else if (boxSize === 0) {
      boxSize = size - pos;
    }
    if (boxSize < headerSize) break;
    if (h.toString('latin1', 4, 8) === 'mdat') return { start: pos + headerSize, end: Math.min(size, pos + boxSize), declaredEnd: pos + boxSize };
    pos += boxSize;
  }
  return { start: 0, end: size, found: false };
}

/** ASF (wma): the data object follows the header object; its size says where the audio ends. */
function asfAudio(file: SyncFile, start: number, size: number, magic: Buffer): Region {
  const dataAt = start + Number(magic.readBigUInt64LE(16));
  const data = file.readAt(dataAt, 24);
  const declared = data.length >= 24 ? dataAt + Number(data.readBigUInt64LE(16)) : size;
  // The hashed region runs to the end of the file (index objects included), as it always has.
  return { kind: 'asf', start: dataAt, end: size, declaredEnd: declared, found: data.length >= 24 };
}

/** RIFF/AIFF: find the audio chunk (`data` or `SSND`). */
function chunkAudio(file: SyncFile, pos: number, size: number, id: string, endian: 'le' | 'be'): Region {
  for (let guard = 0; pos + 8 <= size && guard < 4096; guard++) {
    const h = file.readAt(pos, 8);
    if (h.length < 8) break;
    const len = endian === 'le' ? h.readUInt32LE(4) : h.readUInt32BE(4);
    if (h.toString('latin1', 0, 4) === id) return { start: pos + 8, end: Math.min(size, pos + 8 + len), declaredEnd: pos + 8 + len };
    pos += 8 + len + (len % 2);
  }
  return { start: 0, end: size, found: false };
}

/** Raw streams (mp3, aac, …): exclude trailing ID3v1, APEv2 and Lyrics3 tags. */
function trailingTagsStart(file: SyncFile, size: number, start: number): number {
  let end = size;
  for (let guard = 0; guard < 4 && end - start > 128; guard++) {
    const id3v1 = file.readAt(end - 128, 3);
    if (id3v1.toString('latin1') === 'TAG') {
      end -= 128;
      continue;
    }
    const ape = file.readAt(end - 32, 32);
    if (ape.toString('latin1', 0, 8) === 'APETAGEX') {
      const tagSize = ape.readUInt32LE(12);
      const hasHeader = (ape.readUInt32LE(20) & 0x80000000) !== 0;
      end -= tagSize + (hasHeader ? 32 : 0);
      continue;
    }
    const lyrics = file.readAt(end - 9, 9);
    if (lyrics.toString('latin1') === 'LYRICS200') {
      const len = Number((file.readAt(end - 15, 6)).toString('latin1'));
      if (Number.isFinite(len) && len > 0) {
        end -= 15 + len;
        continue;
      }
    }
    break;
  }
  return Math.max(start, end);
}
