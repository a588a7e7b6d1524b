// Loudness per track (EBU R128), measured by app/transcoder and stored once per audio fingerprint,
// with its gating blocks (app/model/loudnessBlocks.ts) and the Ogg Opus header gain it was made with.
// What still needs measuring, and what could not be measured, for the background job (app/loudness).
import { createHash, type Hash } from 'node:crypto';
import { decode, encode, integratedLoudness, merge, type BlockHistogram } from '../model/loudnessBlocks.ts';
import type { Db } from './open.ts';

/** Same shape as app/transcoder's Loudness. -Infinity (silence) is stored as NULL. */
export interface TrackLoudness {
  integratedLufs: number;
  truePeakDb: number;
  rangeLu: number;
  blocks?: BlockHistogram | undefined;
}

/** A track the background job has to measure. */
export interface LoudnessWork {
  trackId: number;
  fingerprint: string;
  path: string;
  durationMs: number;
  /** Where the track is in the job's order (album, disc, track number, id): the next page starts after it. */
  albumId: number | null;
  discNo: number | null;
  trackNo: number | null;
}

/** A place in the job's order: the last track of a page. */
export type LoudnessCursor = Pick<LoudnessWork, 'albumId' | 'discNo' | 'trackNo' | 'trackId'>;

export interface LoudnessCounts {
  /** Tracks the job would measure (no gain tags, or in an album with such tracks). */
  wanted: number;
  /** Of those, measured (on their current audio, with gating blocks). */
  measured: number;
  /** Of those, that ffmpeg could not measure. */
  failed: number;
}

export interface LoudnessStore {
  /**
   * The measurement of a track, if it was made on the audio the track has now (its current
   * fingerprint, or `fingerprint` when given); null when never measured or the audio changed.
   */
  get(trackId: number, fingerprint?: string): TrackLoudness | null;
  /** Any measurement of this audio (the same file in two places is measured once). */
  byFingerprint(fingerprint: string): TrackLoudness | null;
  /** Stores a measurement of the track's audio (made on the file as it is now). */
  put(trackId: number, fingerprint: string, loudness: TrackLoudness, now?: number): void;
  /** Tracks without a current measurement (never measured, or the audio changed), oldest first. */
  missing(limit?: number): Array<{ trackId: number; fingerprint: string; path: string }>;
  /**
   * What the background job measures next: tracks without a ReplayGain track gain tag, and every track
   * of an album that has one (so the album is measured as a whole), lacking a current measurement with
   * gating blocks, not failed on this audio; album by album (tracks without an album first), by disc
   * and track number, then id. A page of at most `limit` tracks after `after` (from the start without
   * it): one index walk from the cursor, so paging through 100k tracks holds one page at a time.
   */
  work(page: { after?: LoudnessCursor | null; limit: number }): LoudnessWork[];
  counts(): LoudnessCounts;
  /** Records that this audio cannot be measured (not retried until the audio changes). */
  fail(trackId: number, fingerprint: string, reason: string, now?: number): void;
  /** Albums whose measured loudness is missing or stale and whose tracks are all measured; recomputes them. */
  refreshAlbums(now?: number): number;
}

interface Row {
  integrated_lufs: number | null;
  true_peak_db: number | null;
  range_lu: number;
  blocks: Uint8Array | null;
}

const fromDb = (v: number | null): number => (v === null ? -Infinity : v);
const toDb = (v: number): number | null => (Number.isFinite(v) ? v : v > 0 ? Number.MAX_VALUE : null);
function toLoudness(r: Row | undefined): TrackLoudness | null {
  if (r === undefined) return null;
  const out: TrackLoudness = { integratedLufs: fromDb(r.integrated_lufs), truePeakDb: fromDb(r.true_peak_db), rangeLu: r.range_lu };
  if (r.blocks) {
    try {
      out.blocks = decode(r.blocks);
    } catch {
      // A damaged histogram: the album is measured again from a fresh measurement.
    }
  }
  return out;
}

/** Tracks the job wants: no track gain tag, or in an album with a track lacking one. */
const wanted = /* sql */ `(t.rg_track_gain IS NULL OR t.album_id IN (SELECT album_id FROM tracks WHERE rg_track_gain IS NULL AND album_id IS NOT NULL))`;

export function createLoudnessStore(db: Db): LoudnessStore {
  const cols = 'l.integrated_lufs, l.true_peak_db, l.range_lu, l.blocks';
  const current = db.prepare<[number], Row>(
    `SELECT ${cols} FROM track_loudness l JOIN tracks t ON t.id = l.track_id AND t.fingerprint = l.fingerprint WHERE l.track_id = ?`);
  const exact = db.prepare<[number, string], Row>(`SELECT ${cols} FROM track_loudness l WHERE l.track_id = ? AND l.fingerprint = ?`);
  // One with blocks if there is one: the first such row of the index, not a sort of every copy (the
  // same audio in 7,000 places made each look read 7,000 rows; at 100k tracks the job crawled).
  const byFpBlocks = db.prepare<[string], Row>(`SELECT ${cols} FROM track_loudness l WHERE l.fingerprint = ? AND l.blocks IS NOT NULL LIMIT 1`);
  const byFpAny = db.prepare<[string], Row>(`SELECT ${cols} FROM track_loudness l WHERE l.fingerprint = ? LIMIT 1`);
  const upsert = db.prepare(`INSERT INTO track_loudness (track_id, fingerprint, integrated_lufs, true_peak_db, range_lu, measured_at, blocks, output_gain_db)
    VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT output_gain_db FROM tracks WHERE id = ?)) ON CONFLICT(track_id) DO UPDATE SET
    fingerprint = excluded.fingerprint, integrated_lufs = excluded.integrated_lufs, true_peak_db = excluded.true_peak_db,
    range_lu = excluded.range_lu, measured_at = excluded.measured_at, blocks = excluded.blocks, output_gain_db = excluded.output_gain_db`);
  const missing = db.prepare<[number], { trackId: number; fingerprint: string; path: string }>(
    `SELECT t.id AS trackId, t.fingerprint, t.path FROM tracks t LEFT JOIN track_loudness l ON l.track_id = t.id
     WHERE l.track_id IS NULL OR l.fingerprint <> t.fingerprint ORDER BY t.id LIMIT ?`);
  const measuredJoin = 'LEFT JOIN track_loudness l ON l.track_id = t.id AND l.fingerprint = t.fingerprint AND l.blocks IS NOT NULL';
  const failedJoin = 'LEFT JOIN loudness_failures f ON f.track_id = t.id AND f.fingerprint = t.fingerprint';
  // The job's order is the tracks_album index's (album, disc, track, rowid; NULL first): a page is an
  // index walk from the cursor. Inside an album the cursor compares NULL numbers as lowest, as the index does.
  const low = '-9223372036854775807';
  const key = `(coalesce(t.disc_no, ${low}), coalesce(t.track_no, ${low}), t.id) > (coalesce(@discNo, ${low}), coalesce(@trackNo, ${low}), @trackId)`;
  const pending = `l.track_id IS NULL AND f.track_id IS NULL
    AND (t.rg_track_gain IS NULL OR EXISTS (SELECT 1 FROM tracks u WHERE u.album_id = t.album_id AND u.rg_track_gain IS NULL))`;
  const workCols = `t.id AS trackId, t.fingerprint, t.path, t.duration_ms AS durationMs, t.album_id AS albumId, t.disc_no AS discNo, t.track_no AS trackNo
    FROM tracks t ${measuredJoin} ${failedJoin}`;
  type Place = { discNo: number | null; trackNo: number | null; trackId: number; limit: number };
  const workNoAlbum = db.prepare<[Place], LoudnessWork>(`SELECT ${workCols}
    WHERE t.album_id IS NULL AND ${key} AND ${pending} ORDER BY t.album_id, t.disc_no, t.track_no, t.id LIMIT @limit`);
  const workAlbums = db.prepare<[Place & { albumId: number }], LoudnessWork>(`SELECT ${workCols}
    WHERE t.album_id >= @albumId AND (t.album_id > @albumId OR ${key}) AND ${pending} ORDER BY t.album_id, t.disc_no, t.track_no, t.id LIMIT @limit`);
  const start = { discNo: null, trackNo: null, trackId: Number.MIN_SAFE_INTEGER };
  const work = (after: LoudnessCursor | null, limit: number): LoudnessWork[] => {
    const place = (c: LoudnessCursor) => ({ discNo: c.discNo, trackNo: c.trackNo, trackId: c.trackId, limit });
    if (after && after.albumId !== null) return workAlbums.all({ ...place(after), albumId: after.albumId });
    const noAlbum = workNoAlbum.all({ ...(after ? place(after) : { ...start, limit }) });
    // Past the tracks without an album: the albums, from the first.
    return noAlbum.length > 0 ? noAlbum : workAlbums.all({ ...start, albumId: Number.MIN_SAFE_INTEGER, limit });
  };
  const counts = db.prepare<[], LoudnessCounts>(`SELECT count(*) AS wanted, count(l.track_id) AS measured, count(f.track_id) AS failed
    FROM tracks t ${measuredJoin} ${failedJoin} WHERE ${wanted}`);
  const fail = db.prepare(`INSERT INTO loudness_failures (track_id, fingerprint, reason, at) VALUES (?, ?, ?, ?)
    ON CONFLICT(track_id) DO UPDATE SET fingerprint = excluded.fingerprint, reason = excluded.reason, at = excluded.at`);
  const albums = createAlbumLoudness(db);
  return {
    get: (trackId, fingerprint) => toLoudness(fingerprint === undefined ? current.get(trackId) : exact.get(trackId, fingerprint)),
    byFingerprint: (fingerprint) => toLoudness(byFpBlocks.get(fingerprint) ?? byFpAny.get(fingerprint)),
    put(trackId, fingerprint, l, now = Date.now()) {
      if (!Number.isFinite(l.rangeLu)) throw new Error(`loudness range must be a number, got ${l.rangeLu}`);
      upsert.run(trackId, fingerprint, toDb(l.integratedLufs), toDb(l.truePeakDb), l.rangeLu, Math.trunc(now), l.blocks ? encode(l.blocks) : null, trackId);
    },
    missing: (limit = -1) => missing.all(limit),
    work: ({ after = null, limit }) => work(after, limit),
    counts: () => counts.get() ?? { wanted: 0, measured: 0, failed: 0 },
    fail: (trackId, fingerprint, reason, now = Date.now()) => void fail.run(trackId, fingerprint, reason.slice(0, 500), Math.trunc(now)),
    refreshAlbums: (now = Date.now()) => albums(now),
  };
}

interface MemberRow {
  albumId: number;
  trackId: number;
  fingerprint: string;
  gain: number | null;
  measured: number;
  failed: number;
  stored: string | null;
}

/** An album's members as they are read: their signature so far, and whether every playable one is measured. */
interface AlbumRead {
  id: number;
  stored: string | null;
  hash: Hash;
  rows: number;
  playable: number;
  complete: boolean;
}

interface BlocksRow {
  blocks: Uint8Array;
  peak: number | null;
  shift: number | null;
}

/**
 * Album loudness: the gated loudness of all the album's blocks together (each track's histogram
 * shifted by any change of its Opus header gain since it was measured), and the loudest true peak.
 * Computed for albums whose every track has a current measurement with blocks (tracks ffmpeg cannot
 * decode left out); recomputed when the members (ids, fingerprints, header gains, failures) change.
 * The members are read album by album as they come (one album's rows held at a time, no histograms);
 * only the albums to compute read their blocks, after.
 */
function createAlbumLoudness(db: Db): (now: number) => number {
  const members = db.prepare<[], MemberRow>(`SELECT t.album_id AS albumId, t.id AS trackId, t.fingerprint, t.output_gain_db AS gain,
      l.track_id IS NOT NULL AND l.blocks IS NOT NULL AS measured, f.track_id IS NOT NULL AS failed, al.signature AS stored
    FROM tracks t LEFT JOIN track_loudness l ON l.track_id = t.id AND l.fingerprint = t.fingerprint
    LEFT JOIN loudness_failures f ON f.track_id = t.id AND f.fingerprint = t.fingerprint
    LEFT JOIN album_loudness al ON al.album_id = t.album_id
    WHERE t.album_id IN (SELECT album_id FROM tracks WHERE rg_track_gain IS NULL AND album_id IS NOT NULL)
    ORDER BY t.album_id, t.id`);
  const blocksOf = db.prepare<[number], BlocksRow>(`SELECT l.blocks, l.true_peak_db AS peak, coalesce(t.output_gain_db - l.output_gain_db, 0) AS shift
    FROM tracks t JOIN track_loudness l ON l.track_id = t.id AND l.fingerprint = t.fingerprint
    LEFT JOIN loudness_failures f ON f.track_id = t.id AND f.fingerprint = t.fingerprint
    WHERE t.album_id = ? AND f.track_id IS NULL ORDER BY t.id`);
  const put = db.prepare(`INSERT INTO album_loudness (album_id, signature, integrated_lufs, true_peak_db, computed_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT(album_id) DO UPDATE SET signature = excluded.signature, integrated_lufs = excluded.integrated_lufs,
    true_peak_db = excluded.true_peak_db, computed_at = excluded.computed_at`);
  const drop = db.prepare('DELETE FROM album_loudness WHERE album_id = ?');
  return db.transaction((now: number): number => {
    /** Albums whose members changed: computed (`signature`) or dropped (null), once the read is over. */
    const changes: Array<{ albumId: number; signature: string | null }> = [];
    const close = (album: AlbumRead | null): void => {
      if (!album) return;
      const signature = album.hash.digest('hex').slice(0, 32);
      if (album.stored === signature) return;
      // Tracks that cannot be decoded cannot be played either: the album is the rest of it.
      if (album.playable > 0 && album.complete) changes.push({ albumId: album.id, signature });
      else if (album.stored !== null) changes.push({ albumId: album.id, signature: null });
    };
    let album: AlbumRead | null = null;
    for (const m of members.iterate()) {
      if (album === null || album.id !== m.albumId) {
        close(album);
        album = { id: m.albumId, stored: m.stored, hash: createHash('sha256'), rows: 0, playable: 0, complete: true };
      }
      album.hash.update(`${album.rows++ > 0 ? '\n' : ''}${m.trackId}:${m.fingerprint}:${m.gain ?? ''}:${m.failed}`);
      if (m.failed) continue;
      album.playable++;
      if (!m.measured) album.complete = false;
    }
    close(album);
    for (const { albumId, signature } of changes) {
      if (signature === null) {
        drop.run(albumId);
        continue;
      }
      const histograms: BlockHistogram[] = [];
      let peak = -Infinity;
      for (const m of blocksOf.iterate(albumId)) {
        const h = decode(m.blocks);
        const shift = m.shift ?? 0;
        histograms.push({ min: h.min + Math.round(shift * 10), counts: h.counts });
        if (m.peak !== null) peak = Math.max(peak, m.peak + shift);
      }
      put.run(albumId, signature, toDb(integratedOf(histograms)), toDb(peak), Math.trunc(now));
    }
    return changes.filter((c) => c.signature !== null).length;
  });
}

const integratedOf = (hs: BlockHistogram[]): number => integratedLoudness(merge(hs));
