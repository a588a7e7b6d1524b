// Migration 1: the library catalog. Never edit a migration once it has landed; add a new one.
export const sql = /* sql */ `
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- Library roots and every folder below them that holds audio: the real folder tree.
CREATE TABLE folders (
  id        INTEGER PRIMARY KEY,
  path      TEXT NOT NULL UNIQUE,
  parent_id INTEGER REFERENCES folders(id) ON DELETE CASCADE,
  is_root   INTEGER NOT NULL DEFAULT 0,
  -- The folder's own cover image (cover/folder/front.jpg…), which wins over embedded art.
  image_path     TEXT,
  image_size     INTEGER,
  image_mtime_ms INTEGER,
  image_hash     TEXT
) STRICT;
CREATE INDEX folders_parent ON folders(parent_id);

CREATE TABLE artists (
  id        INTEGER PRIMARY KEY,
  name      TEXT NOT NULL,
  name_key  TEXT NOT NULL UNIQUE,   -- case/diacritic-folded name: one row per artist
  sort_name TEXT NOT NULL,
  mbid      TEXT
) STRICT;

-- Cover images, deduplicated by content hash. Files live in the cover cache directory.
CREATE TABLE covers (
  id      INTEGER PRIMARY KEY,
  hash    TEXT NOT NULL UNIQUE,
  mime    TEXT NOT NULL,
  width   INTEGER,
  height  INTEGER,
  bytes   INTEGER NOT NULL,
  source  TEXT NOT NULL CHECK (source IN ('folder', 'embedded'))
) STRICT;

CREATE TABLE albums (
  id              INTEGER PRIMARY KEY,
  group_key       TEXT NOT NULL UNIQUE,  -- album artist + title (+ MusicBrainz album id)
  title           TEXT NOT NULL,
  album_artist_id INTEGER NOT NULL REFERENCES artists(id),
  is_compilation  INTEGER NOT NULL DEFAULT 0,
  mb_album_id     TEXT,
  year            INTEGER,
  cover_id        INTEGER REFERENCES covers(id) ON DELETE SET NULL,
  track_count     INTEGER NOT NULL DEFAULT 0,
  duration_ms     INTEGER NOT NULL DEFAULT 0,
  added_at        INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX albums_artist ON albums(album_artist_id);

CREATE TABLE tracks (
  id               INTEGER PRIMARY KEY,
  path             TEXT NOT NULL UNIQUE,
  folder_id        INTEGER NOT NULL REFERENCES folders(id),
  size             INTEGER NOT NULL,
  mtime_ms         INTEGER NOT NULL,
  fingerprint      TEXT NOT NULL,        -- hash of the audio data, not the tags
  container        TEXT,
  codec            TEXT,
  lossless         INTEGER NOT NULL DEFAULT 0,
  bitrate          INTEGER,              -- bits per second
  sample_rate      INTEGER,
  bit_depth        INTEGER,
  channels         INTEGER,
  duration_ms      INTEGER NOT NULL DEFAULT 0,
  duration_estimated INTEGER NOT NULL DEFAULT 0,
  title            TEXT NOT NULL,
  track_no         INTEGER,
  track_total      INTEGER,
  disc_no          INTEGER,
  disc_total       INTEGER,
  year             INTEGER,
  date             TEXT,
  rg_track_gain    REAL,
  rg_track_peak    REAL,
  rg_album_gain    REAL,
  rg_album_peak    REAL,
  mb_track_id      TEXT,
  mb_recording_id  TEXT,
  mb_album_id      TEXT,
  mb_artist_id     TEXT,
  mb_album_artist_id TEXT,
  -- Raw album tags, kept so album grouping can be recomputed from the catalog alone.
  tag_album        TEXT,
  tag_album_artist TEXT,
  tag_compilation  INTEGER NOT NULL DEFAULT 0,
  artist_display   TEXT NOT NULL,        -- the artist string as tagged, for display
  album_id         INTEGER REFERENCES albums(id),
  cover_id         INTEGER REFERENCES covers(id) ON DELETE SET NULL,
  added_at         INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX tracks_folder ON tracks(folder_id);
CREATE INDEX tracks_album ON tracks(album_id, disc_no, track_no);
CREATE INDEX tracks_fingerprint ON tracks(fingerprint);
CREATE INDEX tracks_added ON tracks(added_at);

CREATE TABLE track_artists (
  track_id  INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
  artist_id INTEGER NOT NULL REFERENCES artists(id),
  role      TEXT NOT NULL CHECK (role IN ('artist', 'albumartist', 'composer')),
  position  INTEGER NOT NULL,
  PRIMARY KEY (track_id, role, artist_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX track_artists_artist ON track_artists(artist_id, role);

CREATE TABLE genres (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL,
  name_key TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE track_genres (
  track_id INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
  genre_id INTEGER NOT NULL REFERENCES genres(id),
  PRIMARY KEY (track_id, genre_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX track_genres_genre ON track_genres(genre_id);

-- Files that could not be indexed. Keyed by path; size+mtime let an unchanged bad file be skipped.
CREATE TABLE scan_errors (
  path     TEXT PRIMARY KEY,
  reason   TEXT NOT NULL,
  size     INTEGER,
  mtime_ms INTEGER,
  at       INTEGER NOT NULL
) STRICT;
`;
