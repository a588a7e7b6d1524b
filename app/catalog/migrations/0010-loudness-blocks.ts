// Migration 0010: background loudness measurement (app/loudness). Each measurement keeps its gating
// blocks (a histogram, app/loudness/blocks.ts) so an album's loudness is computed over all its
// blocks, and the Ogg Opus header gain it was made with (a header edit keeps the fingerprint, so the
// value is shifted instead of measured again). Albums get their measured loudness, stamped with the
// members it was computed from. Files ffmpeg cannot decode are remembered per audio fingerprint.
// Never edit a migration once it has landed; add a new one.
export const sql = /* sql */ `
ALTER TABLE track_loudness ADD COLUMN blocks BLOB;
ALTER TABLE track_loudness ADD COLUMN output_gain_db REAL;

CREATE TABLE album_loudness (
  album_id        INTEGER PRIMARY KEY REFERENCES albums(id) ON DELETE CASCADE,
  signature       TEXT NOT NULL,     -- hash of the member tracks' ids, fingerprints and header gains
  integrated_lufs REAL,              -- gated loudness of the album as a whole; NULL = silence
  true_peak_db    REAL,              -- the loudest member's true peak; NULL = -inf
  computed_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE loudness_failures (
  track_id    INTEGER PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,
  fingerprint TEXT NOT NULL,         -- not retried while the audio is the same
  reason      TEXT NOT NULL,
  at          INTEGER NOT NULL
) STRICT;
`;
