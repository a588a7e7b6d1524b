// Loudness per track (EBU R128), measured by app/transcoder and stored once per audio fingerprint.
import type { Db } from './open.ts';

/** Same shape as app/transcoder's Loudness. -Infinity (silence) is stored as NULL. */
export interface TrackLoudness {
  integratedLufs: number;
  truePeakDb: number;
  rangeLu: number;
}

export interface LoudnessStore {
  /**
   * The measurement of a track, if it was made on the audio the track has now (its current
   * fingerprint, or `fingerprint` when given); null when never measured or the audio changed.
   */
  get(trackId: number, fingerprint?: string): TrackLoudness | null;
  /** Any measurement of this audio (the same file in two places is measured once). */
  byFingerprint(fingerprint: string): TrackLoudness | null;
  put(trackId: number, fingerprint: string, loudness: TrackLoudness, now?: number): void;
  /** Tracks without a current measurement (never measured, or the audio changed), oldest first. */
  missing(limit?: number): Array<{ trackId: number; fingerprint: string; path: string }>;
}

interface Row {
  integrated_lufs: number | null;
  true_peak_db: number | null;
  range_lu: number;
}

const fromDb = (v: number | null): number => (v === null ? -Infinity : v);
const toDb = (v: number): number | null => (Number.isFinite(v) ? v : v > 0 ? Number.MAX_VALUE : null);
const toLoudness = (r: Row | undefined): TrackLoudness | null =>
  r === undefined ? null : { integratedLufs: fromDb(r.integrated_lufs), truePeakDb: fromDb(r.true_peak_db), rangeLu: r.range_lu };

export function createLoudnessStore(db: Db): LoudnessStore {
  const cols = 'l.integrated_lufs, l.true_peak_db, l.range_lu';
  const current = db.prepare<[number], Row>(
    `SELECT ${cols} FROM track_loudness l JOIN tracks t ON t.id = l.track_id AND t.fingerprint = l.fingerprint WHERE l.track_id = ?`);
  const exact = db.prepare<[number, string], Row>(`SELECT ${cols} FROM track_loudness l WHERE l.track_id = ? AND l.fingerprint = ?`);
  const byFp = db.prepare<[string], Row>(`SELECT ${cols} FROM track_loudness l WHERE l.fingerprint = ? LIMIT 1`);
  const upsert = db.prepare(`INSERT INTO track_loudness (track_id, fingerprint, integrated_lufs, true_peak_db, range_lu, measured_at)
    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(track_id) DO UPDATE SET fingerprint = excluded.fingerprint,
    integrated_lufs = excluded.integrated_lufs, true_peak_db = excluded.true_peak_db, range_lu = excluded.range_lu, measured_at = excluded.measured_at`);
  const missing = db.prepare<[number], { trackId: number; fingerprint: string; path: string }>(
    `SELECT t.id AS trackId, t.fingerprint, t.path FROM tracks t LEFT JOIN track_loudness l ON l.track_id = t.id
     WHERE l.track_id IS NULL OR l.fingerprint <> t.fingerprint ORDER BY t.id LIMIT ?`);
  return {
    get: (trackId, fingerprint) => toLoudness(fingerprint === undefined ? current.get(trackId) : exact.get(trackId, fingerprint)),
    byFingerprint: (fingerprint) => toLoudness(byFp.get(fingerprint)),
    put(trackId, fingerprint, l, now = Date.now()) {
      if (!Number.isFinite(l.rangeLu)) throw new Error(`loudness range must be a number, got ${l.rangeLu}`);
      upsert.run(trackId, fingerprint, toDb(l.integratedLufs), toDb(l.truePeakDb), l.rangeLu, Math.trunc(now));
    },
    missing: (limit = -1) => missing.all(limit),
  };
}
