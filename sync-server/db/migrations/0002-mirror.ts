// Mirror migration 0002: what only the sync server keeps. Never edit a migration once it has landed.
//
// A mirrored track is keyed by its audio: the track key is the fingerprint (`<fp>:<n>` for the n-th
// copy of the same audio in one library), and its id is derived from that key once and kept forever
// (`mirror_ids`), so an id never names other audio — whichever desktop, catalog or order it came from.
// In `tracks`, `path` holds the track key and folders are `/mirror/<folder name>`.
export const sql = /* sql */ `
CREATE TABLE mirror_ids (
  key TEXT PRIMARY KEY,
  id  INTEGER NOT NULL UNIQUE
) STRICT, WITHOUT ROWID;

-- Devices (and Subsonic users' API keys). Only the SHA-256 of each token is kept. scope: 'sync' (the
-- desktop: upload, commit, remove) or 'listen' (read, stream, listening data).
CREATE TABLE mirror_devices (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  scope        TEXT NOT NULL DEFAULT 'listen' CHECK (scope IN ('sync', 'listen')),
  created_at   INTEGER NOT NULL,
  revoked_at   INTEGER,
  last_seen_at INTEGER
) STRICT;

-- Published tracks: one per track key, with the catalog row of the same id and what was committed.
CREATE TABLE mirror_tracks (
  track_id     INTEGER PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,
  key          TEXT NOT NULL UNIQUE,
  fingerprint  TEXT NOT NULL,
  meta         TEXT NOT NULL,              -- MirrorTrackMeta JSON as last committed
  cover_key    TEXT,
  published_at INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  -- The device whose sync let go of the last source of this track (its audio changed, or the file
  -- was deleted): removed at the end of that device's run unless a source claims it again.
  orphaned_by  INTEGER
) STRICT;
CREATE INDEX mirror_tracks_cover ON mirror_tracks(cover_key);
CREATE INDEX mirror_tracks_orphaned ON mirror_tracks(orphaned_by) WHERE orphaned_by IS NOT NULL;

-- Which track of which device (its catalog id, sourceId) publishes which mirror track, at which revision.
CREATE TABLE mirror_sources (
  device_id  INTEGER NOT NULL,
  source_id  INTEGER NOT NULL,
  track_id   INTEGER NOT NULL REFERENCES mirror_tracks(track_id) ON DELETE CASCADE,
  revision   TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (device_id, source_id)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX mirror_sources_track ON mirror_sources(track_id, device_id);

CREATE TABLE mirror_renditions (
  track_id     INTEGER NOT NULL REFERENCES mirror_tracks(track_id) ON DELETE CASCADE,
  rung         TEXT NOT NULL,
  key          TEXT NOT NULL,
  bytes        INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  codec        TEXT NOT NULL,
  bitrate      INTEGER NOT NULL,
  PRIMARY KEY (track_id, rung)
) STRICT, WITHOUT ROWID;
CREATE INDEX mirror_renditions_key ON mirror_renditions(key);

-- Objects a HEAD confirmed in storage (keys without the server's prefix), as verified.
CREATE TABLE mirror_objects (
  key          TEXT PRIMARY KEY,
  bytes        INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  etag         TEXT,
  sha256       TEXT,
  verified_at  INTEGER NOT NULL,
  -- When garbage collection first saw no published track referencing it (grace period start).
  released_at  INTEGER
) STRICT, WITHOUT ROWID;

-- Cover images of mirrored tracks: cover hash → object key.
CREATE TABLE mirror_covers (
  hash TEXT PRIMARY KEY,
  key  TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- The change log: seq only grows (AUTOINCREMENT never reuses a value), the cursor of the changes feed.
CREATE TABLE mirror_changes (
  seq      INTEGER PRIMARY KEY AUTOINCREMENT,
  kind     TEXT NOT NULL CHECK (kind IN ('upsert', 'remove')),
  track_id INTEGER NOT NULL,
  key      TEXT NOT NULL,
  at       INTEGER NOT NULL
) STRICT;

-- Listening edits made on the server (remote player, Subsonic) for the desktops to replay; tracks
-- are named by mirror track id and translated to each device's own ids when it pulls.
CREATE TABLE mirror_listening_changes (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  kind         TEXT NOT NULL CHECK (kind IN ('playlist', 'pref')),
  uid          TEXT NOT NULL,               -- playlist uid, or 'track:<trackId>'
  base_version INTEGER NOT NULL,
  op           TEXT NOT NULL,               -- JSON (PlaylistOp or SyncPref, with mirror track ids)
  at           INTEGER NOT NULL
) STRICT;

-- Play events a desktop pushed: not sent back to desktops in the listening changes feed.
CREATE TABLE mirror_pushed_events (
  client_event_id TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;

-- Subsonic users: the password AES-256-GCM-encrypted under <data>/subsonic.key; each is linked to a
-- device token (its API key).
CREATE TABLE subsonic_users (
  name       TEXT PRIMARY KEY COLLATE NOCASE,
  secret     BLOB NOT NULL,
  device_id  INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
`;
