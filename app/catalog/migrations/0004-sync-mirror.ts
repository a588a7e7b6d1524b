// Migration 0004: the sync server's mirror (sync-server/). Mirrored tracks live in the normal
// tracks/albums/artists tables (path `mirror://<sourceId>`), so the library read queries work
// unchanged; these `mirror_*` tables hold what only the server side of sync needs (the client's
// tables, `sync_*`, are migration 0005). Never edit a migration once it has landed.
export const sql = /* sql */ `
-- Objects in storage that a HEAD confirmed (key, size): the manifest reports every other object as missing.
CREATE TABLE mirror_objects (
  key          TEXT PRIMARY KEY,
  bytes        INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  verified_at  INTEGER NOT NULL,
  -- When garbage collection first saw no published track referencing it (grace period start).
  released_at  INTEGER
) STRICT;

-- Published tracks: the device's track id (sourceId) → the mirror's tracks row, at a revision.
CREATE TABLE mirror_tracks (
  source_id    INTEGER PRIMARY KEY,
  track_id     INTEGER NOT NULL UNIQUE REFERENCES tracks(id) ON DELETE CASCADE,
  fingerprint  TEXT NOT NULL,
  revision     TEXT NOT NULL,
  meta         TEXT NOT NULL,            -- MirrorTrackMeta JSON as committed
  cover_key    TEXT,
  published_at INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
) STRICT;

CREATE TABLE mirror_renditions (
  source_id    INTEGER NOT NULL REFERENCES mirror_tracks(source_id) ON DELETE CASCADE,
  rung         TEXT NOT NULL,
  key          TEXT NOT NULL,
  bytes        INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  codec        TEXT NOT NULL,
  bitrate      INTEGER NOT NULL,
  PRIMARY KEY (source_id, rung)
) STRICT;
CREATE INDEX mirror_renditions_key ON mirror_renditions(key);
CREATE INDEX mirror_tracks_cover ON mirror_tracks(cover_key);

-- Cover images of mirrored tracks: catalog cover hash → object key.
CREATE TABLE mirror_covers (
  hash TEXT PRIMARY KEY,
  key  TEXT NOT NULL
) STRICT;

-- Devices allowed to talk to the server; only the SHA-256 of each token is kept.
CREATE TABLE mirror_devices (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   INTEGER NOT NULL,
  revoked_at   INTEGER,
  last_seen_at INTEGER
) STRICT;

-- The change log: seq only grows (AUTOINCREMENT never reuses a value), the cursor of the changes feed.
CREATE TABLE mirror_changes (
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  kind      TEXT NOT NULL CHECK (kind IN ('upsert', 'remove')),
  source_id INTEGER NOT NULL,
  track_id  INTEGER NOT NULL,
  revision  TEXT,
  at        INTEGER NOT NULL
) STRICT;

-- Source ids removed from the mirror, and when.
CREATE TABLE mirror_tombstones (
  source_id  INTEGER PRIMARY KEY,
  track_id   INTEGER NOT NULL,
  revision   TEXT NOT NULL,
  removed_at INTEGER NOT NULL
) STRICT;
`;
