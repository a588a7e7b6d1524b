// Migration 0003: EBU R128 loudness per track, measured once by app/transcoder (ffmpeg ebur128).
// Keyed by track id (survives moves) and stamped with the audio fingerprint it was measured on:
// a tag edit keeps the fingerprint, so nothing is re-measured; new audio makes the row stale.
export const sql = /* sql */ `
CREATE TABLE track_loudness (
  track_id        INTEGER PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,
  fingerprint     TEXT NOT NULL,
  integrated_lufs REAL,                 -- LUFS; NULL = -inf (digital silence)
  true_peak_db    REAL,                 -- dBTP; NULL = -inf
  range_lu        REAL NOT NULL,        -- LU
  measured_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX track_loudness_fingerprint ON track_loudness(fingerprint);
`;
