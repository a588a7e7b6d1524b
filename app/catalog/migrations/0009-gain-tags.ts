// Migration 0009: loudness tags from every container (R128 in Opus, APEv2 album gain, any-case keys;
// app/scanner/gain.ts) and the Ogg Opus header's output gain. Files that may carry tags the scanner
// used to miss are read again by the next scan (their stamp no longer matches). Never edit a
// migration once it has landed; add a new one.
export const sql = /* sql */ `
ALTER TABLE tracks ADD COLUMN output_gain_db REAL;   -- Ogg Opus header output gain (dB), applied by decoders
UPDATE tracks SET mtime_ms = -1 WHERE rg_track_gain IS NULL OR rg_album_gain IS NULL OR codec = 'Opus';
`;
