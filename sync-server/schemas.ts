// zod schemas for the sync protocol's request bodies (app/sync/protocol.ts).
import { z } from 'zod';

/** Content-addressed keys only: renditions/<fingerprint>/<rung>.<ext> and covers/<hash>.<ext>. */
export const renditionKeyPattern = /^renditions\/[0-9a-f]{16,64}\/[a-z0-9-]{1,32}\.[a-z0-9]{1,8}$/;
export const coverKeyPattern = /^covers\/[0-9A-Za-z_-]{8,128}\.[a-z0-9]{1,8}$/;
const maxObjectBytes = 8 * 1024 ** 3;

const contentType = z.string().regex(/^[a-z]+\/[a-z0-9.+-]+(;[ -~]{1,100})?$/i, 'must be a MIME type').max(200);
const objectKey = z.string().max(300).refine((k) => renditionKeyPattern.test(k) || coverKeyPattern.test(k),
  'must be renditions/<fingerprint>/<rung>.<ext> or covers/<hash>.<ext>');
/** 0 is allowed in a manifest: the client may not know a rendition's size before making it. */
const bytes = z.number().int().min(0).max(maxObjectBytes);

export const objectRef = z.object({ key: objectKey, bytes, contentType });

const renditionRef = objectRef.extend({
  key: z.string().regex(renditionKeyPattern, 'must be renditions/<fingerprint>/<rung>.<ext>'),
  rung: z.string().regex(/^[a-z0-9-]{1,32}$/),
  codec: z.string().min(1).max(40),
  bitrate: z.number().int().min(0).max(100_000_000),
});
const coverRef = objectRef.extend({ key: z.string().regex(coverKeyPattern, 'must be covers/<hash>.<ext>') });

const text = (max = 1000) => z.string().max(max);
const nullableInt = z.number().int().min(-1e9).max(1e12).nullable();
const nullableNumber = z.number().finite().nullable();

export const mirrorTrackMeta = z.object({
  title: text(),
  artist: text(),
  artists: z.array(text()).max(100),
  album: text().nullable(),
  albumArtist: text().nullable(),
  albumArtists: z.array(text()).max(100),
  compilation: z.boolean(),
  composers: z.array(text()).max(100),
  genres: z.array(text(200)).max(50),
  trackNo: nullableInt,
  trackTotal: nullableInt,
  discNo: nullableInt,
  discTotal: nullableInt,
  year: nullableInt,
  date: text(40).nullable(),
  durationMs: z.number().finite().min(0).max(1e10),
  codec: text(100).nullable(),
  container: text(100).nullable(),
  lossless: z.boolean(),
  bitrate: nullableNumber,
  sampleRate: nullableNumber,
  bitDepth: nullableNumber,
  channels: nullableNumber,
  rgTrackGain: nullableNumber,
  rgTrackPeak: nullableNumber,
  rgAlbumGain: nullableNumber,
  rgAlbumPeak: nullableNumber,
  loudnessLufs: nullableNumber,
  truePeakDb: nullableNumber,
  mbTrackId: text(100).nullable(),
  mbRecordingId: text(100).nullable(),
  mbAlbumId: text(100).nullable(),
  addedAt: z.number().int().min(0).max(1e14),
});

export const manifestTrack = z.object({
  sourceId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  fingerprint: z.string().regex(/^[0-9a-f]{16,64}$/, 'must be a hex fingerprint'),
  meta: mirrorTrackMeta,
  renditions: z.array(renditionRef).min(1, 'a track needs at least one rendition').max(16)
    .refine((r) => new Set(r.map((x) => x.rung)).size === r.length, 'rungs must be distinct'),
  cover: coverRef.nullable(),
  revision: z.string().min(1).max(128),
  folder: z.string().min(1).max(255).optional(),
});

const maxTracks = 1000;
export const manifestRequest = z.object({ tracks: z.array(manifestTrack).max(maxTracks) });
export const commitRequest = manifestRequest;
export const uploadsRequest = z.object({ objects: z.array(objectRef).max(maxTracks * 4) });
export const removeRequest = z.object({ sourceIds: z.array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)).max(10_000) });
export const changesQuery = z.object({
  since: z.string().regex(/^[0-9]{1,15}$/, 'must be a cursor from a previous answer (0 at first)').transform(Number),
  limit: z.string().regex(/^[0-9]{1,4}$/).transform(Number).pipe(z.number().int().min(1).max(5000)).default(1000),
});
export const multipartRequest = objectRef.extend({ partSize: z.number().int().min(5 * 1024 * 1024).max(5 * 1024 ** 3).optional() });
export const completeMultipartRequest = z.object({
  key: objectKey,
  uploadId: z.string().min(1).max(1024),
  parts: z.array(z.object({ partNumber: z.number().int().min(1).max(10_000), etag: z.string().min(1).max(200) })).min(1).max(10_000),
});
export const abortMultipartRequest = z.object({ key: objectKey, uploadId: z.string().min(1).max(1024) });
export const newDeviceRequest = z.object({ name: z.string().trim().min(1, 'must not be empty').max(100) });
export const gcRequest = z.object({ graceMs: z.number().int().min(0).max(365 * 24 * 3600 * 1000).optional() });
export const streamQuery = z.object({
  quality: z.enum(['high', 'medium', 'low', 'auto']).default('auto'),
  redirect: z.enum(['0', '1']).default('0'),
});

// Listening data (app/library/SYNC.md).
const uid = z.string().min(1).max(100);
const epoch = z.number().int().min(0).max(8.64e15);
const sourceId = z.number().int().positive();
export const listeningChangesQuery = z.object({
  since: z.string().regex(/^[0-9]{1,15}$/, 'must be a cursor from a previous answer (0 at first)').transform(Number),
  events: z.string().regex(/^[0-9]{1,15}$/, 'must be an event cursor from a previous answer (0 at first)').transform(Number).default(0),
  limit: z.string().regex(/^[0-9]{1,4}$/).transform(Number).pipe(z.number().int().min(1).max(5000)).default(1000),
});
const syncPlaylist = z.object({
  uid, version: z.number().int().min(1), name: z.string().min(1).max(200), description: z.string().max(2000),
  entries: z.array(z.object({ uid, sourceId, addedAt: epoch })).max(100_000), createdAt: epoch, updatedAt: epoch,
});
export const listeningPushRequest = z.object({
  playlists: z.array(syncPlaylist).max(10_000),
  tombstones: z.array(z.object({ uid, version: z.number().int().min(1), deletedAt: epoch })).max(10_000),
  prefs: z.array(z.object({ kind: z.literal('track'), sourceId, favorite: z.boolean(), rating: z.number().int().min(0).max(5), updatedAt: epoch })).max(100_000),
  events: z.array(z.object({
    clientEventId: z.string().min(1).max(200), sourceId, startedAt: epoch, endedAt: epoch, msListened: z.number().min(0).max(86_400_000),
    completed: z.boolean(),
    source: z.enum(['album', 'artist', 'playlist', 'smart-playlist', 'search', 'queue', 'folder', 'recommendation', 'library', 'other']),
    sourceRef: z.string().max(200).nullable(), clientId: z.string().max(200).nullable(),
  })).max(5000),
});
