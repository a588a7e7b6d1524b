// Migration 0012: lyrics (app/lyrics). Embedded lyrics are written with their track; `.lrc` sidecars
// are stamped (path, size, mtime) so a scan re-reads only the ones that changed. Every file is read
// once more by the next scan, for the embedded lyrics nothing stored before. Never edit a migration
// once it has landed; add a new one.
/** The lyrics tables (the sync server's mirror creates them too: its read queries use them). */
export const tables = /* sql */ `
CREATE TABLE track_lyrics (
  track_id  INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
  source    TEXT NOT NULL CHECK (source IN ('sidecar', 'embedded')),
  position  INTEGER NOT NULL,
  synced    INTEGER NOT NULL,
  lang      TEXT,
  offset_ms INTEGER NOT NULL DEFAULT 0,
  lines     TEXT NOT NULL,            -- JSON LyricLine[]
  PRIMARY KEY (track_id, source, position)
) STRICT, WITHOUT ROWID;

-- The .lrc file beside a track (same base name), as last read; error: why it could not be used.
CREATE TABLE lyrics_sidecars (
  track_id INTEGER PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,
  path     TEXT NOT NULL,
  size     INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  error    TEXT
) STRICT;
`;

export const sql = `${tables}
UPDATE tracks SET mtime_ms = -1;
`;
