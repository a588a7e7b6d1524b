// The deterministic revision of a mirrored track: SHA-256 over a canonical serialisation (sorted
// keys) of its metadata, its renditions and its cover. Object sizes are left out on purpose: keys
// are content-addressed (fingerprint + rung), so a size adds nothing and is not always known
// before a rendition is made; the revision must be the same at manifest time and at commit time.
import { createHash } from 'node:crypto';
import type { MirrorRendition, MirrorTrackMeta, ObjectRef } from './protocol.ts';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** JSON with object keys sorted at every level; `undefined` members are dropped like JSON does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface RevisionInput {
  meta: MirrorTrackMeta;
  renditions: readonly MirrorRendition[];
  cover: ObjectRef | null;
  folder?: string | undefined;
}

/** Every property name a revision covers, sorted: JSON.stringify with this list is canonical for our shapes. */
const metaKeys: ReadonlyArray<keyof MirrorTrackMeta> = [
  'title', 'artist', 'artists', 'album', 'albumArtist', 'albumArtists', 'compilation', 'composers', 'genres', 'trackNo',
  'trackTotal', 'discNo', 'discTotal', 'year', 'date', 'durationMs', 'codec', 'container', 'lossless', 'bitrate', 'sampleRate',
  'bitDepth', 'channels', 'rgTrackGain', 'rgTrackPeak', 'rgAlbumGain', 'rgAlbumPeak', 'loudnessLufs', 'truePeakDb', 'mbTrackId',
  'mbRecordingId', 'mbAlbumId', 'addedAt',
];
const revisionKeys = [...new Set<string>([...metaKeys, 'v', 'meta', 'renditions', 'cover', 'folder', 'key', 'rung', 'codec', 'bitrate', 'contentType'])].sort();

export function revisionOf(input: RevisionInput): string {
  const renditions = input.renditions
    .map(({ key, rung, codec, bitrate, contentType }) => ({ key, rung, codec, bitrate, contentType }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const cover = input.cover ? { key: input.cover.key, contentType: input.cover.contentType } : null;
  // Same text as canonicalJson() for these shapes (tested), at a fraction of the cost: 10,000 tracks are hashed per sync.
  const text = JSON.stringify({ v: 1, meta: input.meta, renditions, cover, folder: input.folder }, revisionKeys);
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
