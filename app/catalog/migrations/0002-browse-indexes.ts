// Migration 2: indexes for the browse views (sorted, paged lists over 100k tracks) and a table for
// the player state. Never edit a migration once it has landed; add a new one.
export const sql = /* sql */ `
CREATE INDEX tracks_title_nocase ON tracks(title COLLATE NOCASE);
CREATE INDEX tracks_artist_nocase ON tracks(artist_display COLLATE NOCASE);
CREATE INDEX tracks_year ON tracks(year);
CREATE INDEX tracks_duration ON tracks(duration_ms);
CREATE INDEX tracks_bitrate ON tracks(bitrate);
CREATE INDEX tracks_codec ON tracks(codec);
CREATE INDEX tracks_track_no ON tracks(track_no);
CREATE INDEX albums_title_nocase ON albums(title COLLATE NOCASE);
CREATE INDEX albums_year ON albums(year);
CREATE INDEX albums_added ON albums(added_at);
CREATE INDEX albums_artist_title ON albums(album_artist_id, title COLLATE NOCASE);
CREATE INDEX artists_sort ON artists(sort_name);

-- The player (queue, position, volume, modes): one row, so a restart resumes where it was.
CREATE TABLE player_state (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  state      TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
`;
