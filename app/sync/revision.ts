// The deterministic revision of a mirrored track: SHA-256 over a canonical serialisation (sorted
// keys) of its metadata (gain included), a digest of its lyrics (app/sync/localTracks.ts: the
// lyrics themselves are loaded only for the tracks a request sends), its renditions and its cover.
// Object sizes are left out on purpose: keys
// are content-addressed (fingerprint + rung), so a size adds nothing and is not always known
// before a rendition is made; the revision must be the same at manifest time and at commit time.
import { createHash } from 'node:crypto';
import type { TrackGain } from '../contract/index.ts';
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
  /** Its `lyrics` are not hashed: `lyricsDigest` stands for them. */
  meta: MirrorTrackMeta;
  /** Hash of the track's lyrics as stored; null when it has none. */
  lyricsDigest: string | null;
  renditions: readonly MirrorRendition[];
  cover: ObjectRef | null;
  folder?: string | undefined;
}

/**
 * Every property name a revision covers, sorted: JSON.stringify with this list is canonical for our
 * shapes. `lyrics` is not in it (at any level: `lyricsDigest` stands for them).
 */
const metaKeys: ReadonlyArray<Exclude<keyof MirrorTrackMeta, 'lyrics'>> = [
  'title', 'artist', 'artists', 'album', 'albumArtist', 'albumArtists', 'compilation', 'composers', 'genres', 'trackNo',
  'trackTotal', 'discNo', 'discTotal', 'year', 'date', 'durationMs', 'codec', 'container', 'lossless', 'bitrate', 'sampleRate',
  'bitDepth', 'channels', 'gain', 'mbTrackId', 'mbRecordingId', 'mbAlbumId', 'addedAt',
];
const gainKeys: ReadonlyArray<keyof TrackGain> = ['trackGainDb', 'trackPeak', 'albumGainDb', 'albumPeak', 'source'];
const revisionKeys = [...new Set<string>([
  ...metaKeys, ...gainKeys, 'v', 'meta', 'lyricsDigest', 'renditions', 'cover', 'folder', 'key', 'rung', 'codec', 'bitrate', 'contentType',
])].sort();

export function revisionOf(input: RevisionInput): string {
  const renditions = input.renditions
    .map(({ key, rung, codec, bitrate, contentType }) => ({ key, rung, codec, bitrate, contentType }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const cover = input.cover ? { key: input.cover.key, contentType: input.cover.contentType } : null;
  // Same text as canonicalJson() for these shapes (tested), at a fraction of the cost: 10,000 tracks are hashed per sync.
  const text = JSON.stringify({ v: 2, meta: input.meta, lyricsDigest: input.lyricsDigest, renditions, cover, folder: input.folder }, revisionKeys);
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
