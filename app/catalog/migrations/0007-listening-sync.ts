// Migration 0007: two-way sync of listening data (app/library/SYNC.md). Never edit a migration once
// it has landed; add a new one. Both tables are used on the sync server's mirror only (every catalog
// runs every migration, as with 0004).
export const sql = /* sql */ `
-- Edits made on the server (remote player, Subsonic) the desktop has to replay: one row per accepted
-- edit, written in the edit's transaction. seq only grows (AUTOINCREMENT: never reused).
CREATE TABLE mirror_listening_changes (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  kind         TEXT NOT NULL CHECK (kind IN ('playlist', 'pref')),
  uid          TEXT NOT NULL,               -- playlist uid, or 'track:<sourceId>'
  base_version INTEGER NOT NULL,            -- the playlist version the edit was based on (0: create; prefs: 0)
  op           TEXT NOT NULL,               -- JSON (PlaylistOp or SyncPref, app/sync/protocol.ts)
  at           INTEGER NOT NULL
) STRICT;

-- Play events the desktop pushed: not sent back to it in the listening changes feed.
CREATE TABLE mirror_pushed_events (
  client_event_id TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;
`;
