// Migration 0013: lyrics read fast. `track_lyrics` rows are large (a whole lyric in its primary key
// b-tree), so "does this track have lyrics" walked a deep tree per track: an index on track_id alone
// answers it from small pages (Track.hasLyrics in every list; the sync server's mirror gets the same
// index, its read queries ask the same). And a digest of each track's lyrics as stored, which the
// sync client's revision covers (app/sync/localTracks.ts), so a sync run reads a few bytes per
// track instead of every lyric: the lyrics store drops a track's digest whenever its lyrics change;
// a missing one is computed on the next read, in one transaction with the rows it hashes (desktop
// only, like every `sync_` table). Never edit a migration once it has landed; add a new one.

/** Shared with the mirror (sync-server/db/migrations). */
export const index = /* sql */ `
CREATE INDEX track_lyrics_track ON track_lyrics(track_id);
`;

export const sql = /* sql */ `${index}
CREATE TABLE sync_lyrics_digests (
  track_id INTEGER PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,
  digest   TEXT NOT NULL,           -- SHA-256 (hex, 32) of the track's lyrics rows in reading order
  chars    INTEGER NOT NULL          -- their length in characters (requests are sized by it)
) STRICT;
`;
