// Migration 0006: playlists, listening history, favorites/ratings and smart playlists (app/library).
// Never edit a migration once it has landed; add a new one.
//
// History is append-only (`play_events`, guarded by a trigger); `track_plays` is its aggregate,
// maintained in the same transaction as each insert (see app/library/README.md for why).
// No foreign keys from history or prefs to tracks: history outlives a file that is removed and
// comes back, and the rows must be able to reach the sync server before anything forgets them.
export const sql = /* sql */ `
CREATE TABLE playlists (
  id          INTEGER PRIMARY KEY,
  uid         TEXT NOT NULL UNIQUE,        -- stable id across devices (sync)
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  version     INTEGER NOT NULL DEFAULT 1,  -- bumped by every edit (optimistic concurrency)
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE playlist_entries (
  id          INTEGER PRIMARY KEY,
  uid         TEXT NOT NULL UNIQUE,
  playlist_id INTEGER NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,            -- dense 0..n-1 after every edit (a removed file leaves a gap until the next edit)
  track_id    INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
  added_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX playlist_entries_order ON playlist_entries(playlist_id, position);
CREATE INDEX playlist_entries_track ON playlist_entries(track_id);

-- Idempotency keys of adds, with their result: a retried add answers the stored result.
CREATE TABLE playlist_add_keys (
  playlist_id  INTEGER NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
  key          TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  entry_ids    TEXT NOT NULL,              -- JSON array of the entry ids the add created
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (playlist_id, key)
) STRICT, WITHOUT ROWID;

-- Deleted playlists (for sync: a tombstone must reach the other side).
CREATE TABLE playlist_tombstones (
  uid        TEXT PRIMARY KEY,
  version    INTEGER NOT NULL,
  deleted_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- One row per play, append-only. client_event_id dedupes retries and queued offline reports.
CREATE TABLE play_events (
  id              INTEGER PRIMARY KEY,
  client_event_id TEXT NOT NULL UNIQUE,
  track_id        INTEGER NOT NULL,
  started_at      INTEGER NOT NULL,
  ended_at        INTEGER NOT NULL,
  ms_listened     INTEGER NOT NULL,
  completed       INTEGER NOT NULL,
  skipped         INTEGER NOT NULL,
  counted         INTEGER NOT NULL,
  source          TEXT NOT NULL,
  source_id       TEXT,
  client_id       TEXT,
  received_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX play_events_started ON play_events(started_at);
CREATE INDEX play_events_track ON play_events(track_id, started_at);
CREATE TRIGGER play_events_append_only BEFORE UPDATE ON play_events
BEGIN SELECT RAISE(ABORT, 'play_events is append-only'); END;

-- The aggregate of play_events per track, maintained in the insert's transaction.
CREATE TABLE track_plays (
  track_id       INTEGER PRIMARY KEY,
  play_count     INTEGER NOT NULL DEFAULT 0,
  skip_count     INTEGER NOT NULL DEFAULT 0,
  ms_listened    INTEGER NOT NULL DEFAULT 0,
  last_played_at INTEGER,                  -- start of the latest counted play
  last_event_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX track_plays_last ON track_plays(last_played_at);
CREATE INDEX track_plays_count ON track_plays(play_count);

-- Plays in progress (progress reports): closed into play_events by the final report, or by the
-- server when they go quiet (a crashed or reloaded renderer).
CREATE TABLE open_plays (
  client_event_id TEXT PRIMARY KEY,
  track_id        INTEGER NOT NULL,
  started_at      INTEGER NOT NULL,
  ms_listened     INTEGER NOT NULL,
  source          TEXT NOT NULL,
  source_id       TEXT,
  client_id       TEXT,
  updated_at      INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Favorites and ratings on tracks, albums and artists.
CREATE TABLE item_prefs (
  kind         TEXT NOT NULL CHECK (kind IN ('track', 'album', 'artist')),
  item_id      INTEGER NOT NULL,
  favorite     INTEGER NOT NULL DEFAULT 0,
  rating       INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),
  favorited_at INTEGER,
  version      INTEGER NOT NULL DEFAULT 1,
  updated_at   INTEGER NOT NULL,
  PRIMARY KEY (kind, item_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX item_prefs_favorites ON item_prefs(kind, favorite, favorited_at);

CREATE TABLE smart_playlists (
  id          INTEGER PRIMARY KEY,
  uid         TEXT NOT NULL UNIQUE,
  built_in    TEXT UNIQUE,                 -- 'forgotten-favorites' | 'never-played' | 'heavy-rotation'
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  definition  TEXT NOT NULL,               -- SmartDefinition JSON, validated before it is stored
  version     INTEGER NOT NULL DEFAULT 1,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;
`;
