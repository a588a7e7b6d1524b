// The sync protocol between a desktop library (app/sync client) and the sync server
// (sync-server/). Types only. JSON over HTTPS, `Authorization: Bearer <device token>`.
// See README.md beside this file for the flow; keep both in step.
//
//   1. POST /api/sync/manifest   tracks the device has (metadata + fingerprint + renditions it can
//                                 make) → which objects the store lacks, and which tracks are
//                                 already published unchanged.
//   2. POST /api/sync/uploads    keys + sizes + types → presigned PUT requests (short TTL).
//      The client PUTs each object straight to storage (never through the server in S3 mode).
//   3. POST /api/sync/commit     tracks whose objects are uploaded → the server HEADs every object
//                                 (size must match) before a track becomes visible.
//   4. POST /api/sync/remove     source ids gone from the device → tombstones.
//   5. GET  /api/sync/changes?since=<cursor>   delta feed for other devices.
// Objects are content-addressed and immutable: renditions/<fingerprint>/<rung>.<ext> and
// covers/<hash>.<ext>. A tag edit changes metadata only; identical audio uploads once.

export type Quality = 'high' | 'medium' | 'low' | 'auto';

/** Track metadata as mirrored: everything the read API shows, nothing about local paths. */
export interface MirrorTrackMeta {
  title: string;
  artist: string;
  artists: string[];
  album: string | null;
  albumArtist: string | null;
  albumArtists: string[];
  compilation: boolean;
  composers: string[];
  genres: string[];
  trackNo: number | null;
  trackTotal: number | null;
  discNo: number | null;
  discTotal: number | null;
  year: number | null;
  date: string | null;
  durationMs: number;
  /** Of the source file: shown in the UI ("FLAC 16/44.1"). */
  codec: string | null;
  container: string | null;
  lossless: boolean;
  bitrate: number | null;
  sampleRate: number | null;
  bitDepth: number | null;
  channels: number | null;
  rgTrackGain: number | null;
  rgTrackPeak: number | null;
  rgAlbumGain: number | null;
  rgAlbumPeak: number | null;
  loudnessLufs: number | null;
  truePeakDb: number | null;
  mbTrackId: string | null;
  mbRecordingId: string | null;
  mbAlbumId: string | null;
  addedAt: number;
}

/** One object a track needs in storage. */
export interface ObjectRef {
  key: string;
  bytes: number;
  contentType: string;
}

export interface MirrorRendition extends ObjectRef {
  rung: string;
  codec: string;
  bitrate: number;
}

export interface ManifestTrack {
  /** The track's id in the device's catalog (stable across moves and tag edits). */
  sourceId: number;
  fingerprint: string;
  meta: MirrorTrackMeta;
  renditions: MirrorRendition[];
  cover: ObjectRef | null;
  /** Hash of meta + renditions + cover as the client serialised them: unchanged → nothing to do. */
  revision: string;
  /**
   * Optional (added by the server side): the name of the track's folder on the device, last segment
   * only. The mirror groups albums per folder as the device's catalog does (untagged tracks take it
   * as album title); default: the album title.
   */
  folder?: string;
}

export interface ManifestRequest {
  tracks: ManifestTrack[];
}

export interface ManifestResponse {
  /** Objects not (yet) in storage; upload these, then commit. Deduplicated across tracks. */
  missing: ObjectRef[];
  /** Source ids already published at this exact revision: nothing to do for them. */
  upToDate: number[];
}

export interface UploadsRequest {
  objects: ObjectRef[];
}

export interface UploadsResponse {
  uploads: Array<ObjectRef & { url: string; method: 'PUT'; headers: Record<string, string>; expiresAt: number }>;
}

export interface CommitRequest {
  tracks: ManifestTrack[];
}

export interface CommitResponse {
  published: number[];
  /** Tracks held back, e.g. an object is missing or has the wrong size. Never published. */
  rejected: Array<{ sourceId: number; reason: string }>;
}

export interface RemoveRequest {
  sourceIds: number[];
}

export interface RemoveResponse {
  removed: number;
}

export type Change =
  | { seq: number; kind: 'upsert'; sourceId: number; trackId: number; revision: string; at: number }
  | { seq: number; kind: 'remove'; sourceId: number; trackId: number; at: number };

export interface ChangesResponse {
  changes: Change[];
  /** Pass as `since` next time. */
  cursor: number;
  /** More changes are waiting beyond this page. */
  more: boolean;
}

/** `GET /api/tracks/:id/stream?quality=` on the sync server. */
export interface StreamUrl {
  url: string;
  expiresAt: number;
  rung: string;
  bitrate: number;
  codec: string;
}

export interface DeviceToken {
  id: number;
  name: string;
  createdAt: number;
  revokedAt: number | null;
  lastSeenAt: number | null;
}

/** Returned once, when the admin creates a device: the token is never shown again. */
export interface NewDevice extends DeviceToken {
  token: string;
}

export interface SyncSummary {
  tracks: number;
  uploaded: number;
  skipped: number;
  bytes: number;
  failed: number;
  elapsedMs: number;
}

/**
 * POST /api/sync/uploads/multipart (added): one large object (e.g. above 64 MB) → presigned part
 * PUTs. Send each byte range [start, end) to its URL with its headers, keep each response's ETag,
 * then POST /api/sync/uploads/multipart/complete. An fs store answers with a single part.
 */
export interface MultipartUploadRequest extends ObjectRef {
  /** Bytes per part; default 64 MiB, at least 5 MiB. */
  partSize?: number;
}

export interface MultipartUploadResponse {
  key: string;
  uploadId: string;
  partSize: number;
  parts: Array<{ partNumber: number; start: number; end: number; url: string; method: 'PUT'; headers: Record<string, string>; expiresAt: number }>;
}

/** POST /api/sync/uploads/multipart/complete (added); answers 204. */
export interface CompleteMultipartRequest {
  key: string;
  uploadId: string;
  parts: Array<{ partNumber: number; etag: string }>;
}

/** POST /api/sync/uploads/multipart/abort (added) with { key, uploadId }; answers 204. */
export interface AbortMultipartRequest {
  key: string;
  uploadId: string;
}

/** POST /api/admin/gc (added) with optional { graceMs }: what garbage collection deleted. */
export interface GcResult {
  /** Objects in storage looked at. */
  scanned: number;
  deleted: string[];
  deletedBytes: number;
  /** Unreferenced objects still inside their grace period. */
  pending: number;
}

export const syncApi = {
  manifest: () => '/api/sync/manifest',
  uploads: () => '/api/sync/uploads',
  commit: () => '/api/sync/commit',
  remove: () => '/api/sync/remove',
  changes: (since: number) => `/api/sync/changes?since=${since}`,
  devices: () => '/api/admin/devices',
  device: (id: number) => `/api/admin/devices/${id}`,
  objects: () => '/objects/',
  multipart: () => '/api/sync/uploads/multipart',
  multipartComplete: () => '/api/sync/uploads/multipart/complete',
  multipartAbort: () => '/api/sync/uploads/multipart/abort',
  gc: () => '/api/admin/gc',
} as const;
