// Track.gain from catalog columns: ReplayGain tags (already at the RG2 reference, R128 converted by
// the scanner) win; else the measured EBU R128 loudness of the current audio (track_loudness),
// converted to the RG2 reference (-18 LUFS). A database that stores Track.gain as published by a
// desktop (the sync server's mirror) reads it through its own `GainSource` (`publishedGain`).
// A leaf: no imports but the contract's types.
import type { TrackGain } from '../contract/index.ts';

/** ReplayGain 2.0 reference loudness (LUFS). */
export const RG2_REFERENCE_LUFS = -18;

/** The columns `gainSelect` adds to a track row (aliases chosen not to clash with Track's fields). */
export interface GainColumns {
  gTagTrack: number | null;
  gTagTrackPeak: number | null;
  gTagAlbum: number | null;
  gTagAlbumPeak: number | null;
  /** 1 when a measurement of the current audio exists. */
  gMeasured: number | null;
  /** Integrated loudness (LUFS; NULL = silence), adjusted for a changed Opus header gain. */
  gLufs: number | null;
  gPeakDb: number | null;
  /** 1 when the album's loudness was measured as a whole (album_loudness). */
  gAlbumMeasured: number | null;
  gAlbumLufs: number | null;
  gAlbumPeakDb: number | null;
  /** A TrackGain as published (JSON; a mirror's), which wins; NULL in a desktop catalog. */
  gPublished: string | null;
}

/** A measured value shifted by any change of the Opus header gain since the measurement. */
const shifted = (column: string) => `gl.${column} + coalesce(t.output_gain_db - gl.output_gain_db, 0)`;

/** SELECT list fragment; needs `gainJoin` (and `t`, tracks) in FROM. */
export const gainSelect = /* sql */ `t.rg_track_gain AS gTagTrack, t.rg_track_peak AS gTagTrackPeak,
  t.rg_album_gain AS gTagAlbum, t.rg_album_peak AS gTagAlbumPeak, gl.track_id IS NOT NULL AS gMeasured,
  ${shifted('integrated_lufs')} AS gLufs, ${shifted('true_peak_db')} AS gPeakDb,
  ga.album_id IS NOT NULL AS gAlbumMeasured, ga.integrated_lufs AS gAlbumLufs, ga.true_peak_db AS gAlbumPeakDb,
  NULL AS gPublished`;

/** FROM fragment joining the measurement of the track's current audio and its album's. */
export const gainJoin = /* sql */ `LEFT JOIN track_loudness gl ON gl.track_id = t.id AND gl.fingerprint = t.fingerprint
  LEFT JOIN album_loudness ga ON ga.album_id = t.album_id`;

/** Where a database keeps its tracks' gain: a SELECT fragment giving every `GainColumns` alias, and its joins. */
export interface GainSource {
  select: string;
  join: string;
}

/** A desktop catalog: tags and measurements (the default of the read queries). */
export const catalogGain: GainSource = { select: gainSelect, join: gainJoin };

/** A database that stores each track's TrackGain as published (JSON in `column`, reached by `join`). */
export function publishedGain(join: string, column: string): GainSource {
  const none = ['gTagTrack', 'gTagTrackPeak', 'gTagAlbum', 'gTagAlbumPeak', 'gMeasured', 'gLufs', 'gPeakDb', 'gAlbumMeasured', 'gAlbumLufs', 'gAlbumPeakDb'];
  return { select: `${none.map((a) => `NULL AS ${a}`).join(', ')}, ${column} AS gPublished`, join };
}

const round = (v: number): number => Math.round(v * 100) / 100;
const linear = (db: number | null): number => (db === null ? 0 : Math.round(10 ** (db / 20) * 1e6) / 1e6);

export function toTrackGain(c: GainColumns): TrackGain | null {
  if (c.gPublished !== null) return JSON.parse(c.gPublished) as TrackGain;
  if (c.gTagTrack !== null || c.gTagAlbum !== null) {
    return { trackGainDb: c.gTagTrack, trackPeak: c.gTagTrackPeak, albumGainDb: c.gTagAlbum, albumPeak: c.gTagAlbumPeak, source: 'tags' };
  }
  if (!c.gMeasured) return null;
  // Digital silence has no loudness: no gain to apply; its peak is 0.
  const album = Boolean(c.gAlbumMeasured);
  return {
    trackGainDb: c.gLufs === null ? null : round(RG2_REFERENCE_LUFS - c.gLufs),
    trackPeak: linear(c.gPeakDb),
    albumGainDb: album && c.gAlbumLufs !== null ? round(RG2_REFERENCE_LUFS - c.gAlbumLufs) : null,
    albumPeak: album ? linear(c.gAlbumPeakDb) : null,
    source: 'measured',
  };
}

/** Splits a row into the track fields and its gain. */
export function withGain<R extends GainColumns>(row: R): Omit<R, keyof GainColumns> & { gain: TrackGain | null } {
  const { gTagTrack, gTagTrackPeak, gTagAlbum, gTagAlbumPeak, gMeasured, gLufs, gPeakDb, gAlbumMeasured, gAlbumLufs, gAlbumPeakDb, gPublished, ...rest } = row;
  return { ...rest, gain: toTrackGain({ gTagTrack, gTagTrackPeak, gTagAlbum, gTagAlbumPeak, gMeasured, gLufs, gPeakDb, gAlbumMeasured, gAlbumLufs, gAlbumPeakDb, gPublished }) };
}
