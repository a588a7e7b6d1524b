// The sync protocol between a desktop library (app/sync client) and the sync server
// (sync-server/). JSON over HTTPS, `Authorization: Bearer <device token>`.
// See README.md beside this file for the flow; keep both in step.
//
//   1. POST /api/sync/manifest   tracks the device has (metadata + fingerprint + renditions it can
//                                 make) → which objects the store lacks, and which tracks are
//                                 already published unchanged.
//   2. POST /api/sync/uploads    keys + sizes + types + SHA-256/MD5 → presigned PUT requests (short
//      TTL) bound to those bytes, create-only. The client PUTs each object straight to storage
//      (never through the server in S3 mode).
//   3. POST /api/sync/commit     tracks whose objects are uploaded → the server HEADs every new object
//                                 (size, type and content must match) before a track becomes visible.
//   4. POST /api/sync/remove     source ids gone from the device (and, after a full check, the keys
//                                 of every track it has) → the end of the run.
//   5. GET  /api/sync/changes?since=<cursor>   delta feed for other devices.
//   6. GET  /api/sync/listening/changes?since=&events=   (added) edits made on the server (remote
//                                 player, Subsonic) and remote play events → the desktop replays them.
//   7. POST /api/sync/listening/push   (added) the desktop's playlists, tombstones, track prefs and
//                                 play events → the server's copy (see app/library/SYNC.md).
// Objects are content-addressed and immutable: renditions/<fingerprint>/<rung>.<ext> and
// covers/<hash>.<ext>. A tag edit changes metadata only; identical audio uploads once.

// The shapes are declared once, as zod schemas, in the contract (app/contract/sync.ts and
// remote.ts): the sync server validates requests with them and this client is typed by them.
export type {
  AuditResult, Change, ChangesResponse, CommitRequest, CommitResponse, DeviceScope, DeviceToken,
  GcResult, ListeningChange, ListeningChangesResponse, ListeningPushRequest, ListeningPushResponse, ManifestRequest,
  ManifestResponse, ManifestTrack, MirrorRendition, MirrorTrackMeta, NewDevice, ObjectRef, PlaylistOp, Quality,
  RemoveRequest, RemoveResponse, StreamUrl, SyncPlayEvent, SyncPlaylist, SyncPlaylistEntry, SyncPlaylistTombstone,
  StorageReport, SyncPlaySource, SyncPref, UploadObject, UploadsRequest, UploadsResponse,
} from '../contract/index.ts';

/** A mirrored track's identity: its audio, and which copy of that audio in one library (README: "Track identity"). */
export function trackKey(fingerprint: string, copy = 0): string {
  return copy > 0 ? `${fingerprint}:${copy}` : fingerprint;
}

/** The result of one sync run: the same shape the library API reports to the Sync page. */
export type { SyncRunSummary as SyncSummary } from '../contract/index.ts';

export const syncApi = {
  manifest: () => '/api/sync/manifest',
  uploads: () => '/api/sync/uploads',
  commit: () => '/api/sync/commit',
  remove: () => '/api/sync/remove',
  changes: (since: number) => `/api/sync/changes?since=${since}`,
  devices: () => '/api/admin/devices',
  device: (id: number) => `/api/admin/devices/${id}`,
  objects: () => '/objects/',
  gc: () => '/api/admin/gc',
  listeningChanges: (since: number, events: number) => `/api/sync/listening/changes?since=${since}&events=${events}`,
  listeningPush: () => '/api/sync/listening/push',
  storage: (keepHighDays: number) => `/api/sync/storage?keepHighDays=${keepHighDays}`,
} as const;
