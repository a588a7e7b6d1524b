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
//   6. GET  /api/sync/listening/changes?since=&events=   (added) edits made on the server (remote
//                                 player, Subsonic) and remote play events → the desktop replays them.
//   7. POST /api/sync/listening/push   (added) the desktop's playlists, tombstones, track prefs and
//                                 play events → the server's copy (see app/library/SYNC.md).
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

/** The result of one sync run: the same shape the library API reports to the Sync page. */
export type { SyncRunSummary as SyncSummary } from '../contract/index.ts';

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

// ── Listening data (added): playlists, favorites/ratings, play events. app/library/SYNC.md ──────

/** Tracks are named by the desktop's track id (`sourceId`); the mirror maps it to its own id. */
export interface SyncPlaylistEntry {
  uid: string;
  sourceId: number;
  addedAt: number;
}

export interface SyncPlaylist {
  uid: string;
  version: number;
  name: string;
  description: string;
  entries: SyncPlaylistEntry[];
  createdAt: number;
  updatedAt: number;
}

export interface SyncPlaylistTombstone {
  uid: string;
  version: number;
  deletedAt: number;
}

/** Favorite and rating of a track (albums and artists are not synced yet). */
export interface SyncPref {
  kind: 'track';
  sourceId: number;
  favorite: boolean;
  rating: number;
  updatedAt: number;
}

export type SyncPlaySource = 'album' | 'artist' | 'playlist' | 'smart-playlist' | 'search' | 'queue' | 'folder' | 'recommendation' | 'library' | 'other';

/** One play, immutable, deduplicated by `clientEventId` on both ends. */
export interface SyncPlayEvent {
  clientEventId: string;
  sourceId: number;
  startedAt: number;
  endedAt: number;
  msListened: number;
  completed: boolean;
  source: SyncPlaySource;
  /** The report's `sourceId` (which album/playlist it was played from), renamed: not a track. */
  sourceRef: string | null;
  clientId: string | null;
}

/** POST /api/sync/listening/push: what changed on the desktop since its last acknowledged push. */
export interface ListeningPushRequest {
  playlists: SyncPlaylist[];
  tombstones: SyncPlaylistTombstone[];
  prefs: SyncPref[];
  events: SyncPlayEvent[];
}

export interface ListeningPushResponse {
  /** Uids whose copy was replaced (pushed version ≥ the server's). */
  playlists: string[];
  /** Uids the server kept because its version is higher (remote edits the desktop has not pulled yet). */
  stale: string[];
  tombstones: number;
  prefs: number;
  events: { accepted: number; duplicates: number; unknownTracks: number };
}

/** An edit made on the server, as the desktop replays it (with the same rules as a local edit). */
export type PlaylistOp =
  | { type: 'create'; name: string; description: string; entries: SyncPlaylistEntry[] }
  /** `fromName`/`fromDescription`: the values it replaced (a rename rebases when the desktop kept them). */
  | { type: 'update'; name?: string; description?: string; fromName: string; fromDescription: string }
  /** `key`: the add's idempotency key (a replay never duplicates); `entryUids`: the entries it made. */
  | { type: 'add'; key: string; sourceIds: number[]; entryUids: string[]; position: number | null }
  | { type: 'remove'; entryUids: string[] }
  /** The new order of the entries the server has (entries of unpublished tracks keep their place after them). */
  | { type: 'order'; entryUids: string[] }
  | { type: 'delete' };

export type ListeningChange =
  | { seq: number; kind: 'playlist'; uid: string; baseVersion: number; op: PlaylistOp; at: number }
  | { seq: number; kind: 'pref'; pref: SyncPref; at: number };

/** GET /api/sync/listening/changes?since=<cursor>&events=<eventCursor>&limit=<n ≤ 5000>. */
export interface ListeningChangesResponse {
  changes: ListeningChange[];
  cursor: number;
  /** Play events made on the server (remote player, Subsonic scrobbles); never the desktop's own. */
  events: SyncPlayEvent[];
  eventCursor: number;
  /** More changes or events are waiting. */
  more: boolean;
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
  listeningChanges: (since: number, events: number) => `/api/sync/listening/changes?since=${since}&events=${events}`,
  listeningPush: () => '/api/sync/listening/push',
} as const;
