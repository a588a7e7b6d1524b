// Migration 0005: the sync client's local state (app/sync). Never edit a migration once it has
// landed; add a new one. No foreign keys to tracks: a deleted track's row must outlive it until
// its tombstone has reached the server.
export const sql = /* sql */ `
-- One row per sync server this catalog has synced to (keyed by its normalised base URL).
CREATE TABLE sync_servers (
  server        TEXT PRIMARY KEY,
  last_sync_at  INTEGER NOT NULL,
  -- The last run's summary (JSON), shown in Settings.
  last_result   TEXT
) STRICT;

-- Tracks published on a server, at which revision. A track whose revision is unchanged is not sent
-- again; a source id here that is gone from the catalog gets a tombstone.
CREATE TABLE sync_published (
  server       TEXT NOT NULL,
  source_id    INTEGER NOT NULL,
  revision     TEXT NOT NULL,
  fingerprint  TEXT NOT NULL,
  published_at INTEGER NOT NULL,
  PRIMARY KEY (server, source_id)
) STRICT, WITHOUT ROWID;

-- Objects this device has made or uploaded (renditions, covers): their size and type, so a manifest
-- can name exact sizes without touching the rendition cache. Content-addressed keys never change.
CREATE TABLE sync_objects (
  key          TEXT PRIMARY KEY,
  bytes        INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  made_at      INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Objects uploaded (or whose upload started: the row is written before the PUT and removed when it
-- fails) to a server, committed or not: a run killed between upload and commit does not upload
-- them again; the commit HEADs them, and a track it rejects gets its objects uploaded after all.
CREATE TABLE sync_uploads (
  server      TEXT NOT NULL,
  key         TEXT NOT NULL,
  bytes       INTEGER NOT NULL,
  uploaded_at INTEGER NOT NULL,
  PRIMARY KEY (server, key)
) STRICT, WITHOUT ROWID;

-- Loudness lives in migration 0003 (track_loudness, owned by app/transcoder).
`;
