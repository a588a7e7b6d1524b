// Loudness normalization and crossfade decisions (pure): which ReplayGain value applies to a track,
// the pre-amp, clipping prevention from the peak, and whether two consecutive tracks crossfade.

/** Loudness data on a track (contract `TrackGain`; null until known). ReplayGain 2 reference. */
export interface TrackGain {
  trackGainDb: number | null;
  trackPeak: number | null;
  albumGainDb: number | null;
  albumPeak: number | null;
  source: 'tags' | 'measured';
}

export type LoudnessMode = 'off' | 'track' | 'album' | 'auto';

export interface GainTrack {
  id: number;
  albumId: number | null;
  discNo: number | null;
  trackNo: number | null;
  gain?: TrackGain | null;
}

export interface GainSettings {
  mode: LoudnessMode;
  /** Added to every normalized gain (ReplayGain's "pre-amp"). */
  preampDb: number;
  /** Gain for tracks without loudness data (relative to unity, pre-amp not added). */
  untaggedDb: number;
  /** Lower the gain so that peak × gain ≤ 1. */
  preventClipping: boolean;
}

export const defaultGainSettings: GainSettings = { mode: 'auto', preampDb: 0, untaggedDb: 0, preventClipping: true };

/** b directly follows a on the same album (same disc and next track number, or the next disc's first). */
export function followsOnAlbum(a: GainTrack | undefined, b: GainTrack | undefined): boolean {
  if (!a || !b || a.albumId === null || a.albumId !== b.albumId) return false;
  if (a.trackNo === null || b.trackNo === null) return false;
  const da = a.discNo ?? 1;
  const db = b.discNo ?? 1;
  return (db === da && b.trackNo === a.trackNo + 1) || (db === da + 1 && b.trackNo === 1);
}

/** "An album plays in order": the track continues its predecessor or leads into its successor. */
export function albumInOrder(prev: GainTrack | undefined, cur: GainTrack, next: GainTrack | undefined, shuffle: boolean): boolean {
  if (shuffle) return false;
  return followsOnAlbum(prev, cur) || followsOnAlbum(cur, next);
}

export interface GainDecision {
  db: number;
  linear: number;
  used: 'album' | 'track' | 'none' | 'off';
}

export function gainFor(track: GainTrack, s: GainSettings, inAlbum: boolean): GainDecision {
  if (s.mode === 'off') return { db: 0, linear: 1, used: 'off' };
  const g = track.gain ?? null;
  const wantAlbum = s.mode === 'album' || (s.mode === 'auto' && inAlbum);
  let db: number | null = null;
  let peak: number | null = null;
  let used: GainDecision['used'] = 'none';
  if (g && wantAlbum && g.albumGainDb !== null) {
    db = g.albumGainDb;
    peak = g.albumPeak ?? g.trackPeak;
    used = 'album';
  } else if (g && g.trackGainDb !== null) {
    db = g.trackGainDb;
    peak = g.trackPeak;
    used = 'track';
  }
  let total = db === null ? s.untaggedDb : db + s.preampDb;
  if (s.preventClipping && peak !== null && peak > 0) total = Math.min(total, -20 * Math.log10(peak));
  return { db: total, linear: 10 ** (total / 20), used };
}

/** Crossfade length between two consecutive tracks: none inside an album played in order. */
export function crossfadeMs(a: GainTrack | undefined, b: GainTrack | undefined, seconds: number, shuffle: boolean): number {
  if (!(seconds > 0) || !a || !b) return 0;
  if (!shuffle && followsOnAlbum(a, b)) return 0;
  return Math.round(Math.min(12, seconds) * 1000);
}
