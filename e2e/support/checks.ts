// The listening tests' shared checks: an album played to its end must continue its performance
// sample-exactly (each track at the level the listener should hear), with the engine's own
// accounting clean; the gain of each track must apply from its very first sample.
import { expect } from '@playwright/test';
import { align, codecErrorAtCuts, continuity, rms, type Alignment, type Continuity } from './analysis.ts';
import type { TrackGain } from '../../app/contract/index.ts';
import { expectNoEngineGaps, type Listening } from './listen.ts';
import { decodedParts, performance, SIGNAL_RMS, type ListeningAlbum } from './listening.ts';

const db = (x: number) => (20 * Math.log10(Math.max(1e-9, x) / SIGNAL_RMS)).toFixed(1);

export interface AlbumResult {
  rec: Float32Array;
  a: Alignment;
  c: Continuity;
  /** RMS level of each track in the recording, dB relative to the performance's. */
  levels: number[];
}

/**
 * Plays `album` to its end and checks every boundary. `heardDb[i]`: the level track i must be
 * heard at, relative to the performance (loudness normalization), default 0.
 */
export async function checkAlbum(listening: Listening, album: ListeningAlbum, heardDb: number[] = []): Promise<AlbumResult> {
  const { rec, engine, platformLost } = await listening.playAlbum(album.title);
  const signal = performance(album, heardDb);
  const end = album.cuts[album.cuts.length - 1] ?? 0;
  const a = align(rec, signal, end, 0.008);
  const c = continuity(rec, signal, a, album.cuts, SIGNAL_RMS * Math.min(...album.tracks.map((_, i) => 10 ** ((heardDb[i] ?? 0) / 20))));
  // The codecs' own error at each cut, as another decoder (ffmpeg) reproduces the tracks at the
  // levels they must be heard at.
  const parts = decodedParts(album, heardDb);
  const own = codecErrorAtCuts(parts, signal, album.cuts);
  const levels = album.tracks.map((_, i) => trackLevel(rec, a, album.cuts[i] ?? 0, album.cuts[i + 1] ?? 0));
  const names = album.tracks.map((t) => `${t.format}@${t.rate / 1000}k`);
  const joins = c.boundaries.map((b, i) => `${names[i]}→${names[i + 1]} gap ${b.gap}, error ${db(b.errAround)} dB (ffmpeg ${db(own[i]?.rms ?? 0)} dB)`);
  const holes = a.holes.map((h) => `${h.length} at ${h.at} (lost ${h.lost})`);
  console.log(`${album.title}: levels ${levels.map((l) => l.toFixed(2)).join(' / ')} dB; steady error ${db(c.steadyErr)} dB; ${joins.join('; ')}; ` +
    `quietest 10 ms ${(c.minLevel * 100).toFixed(0)} %; platform silences: ${holes.join(', ') || 'none'}; Chromium render underruns ${platformLost} samples; ` +
    `engine ${JSON.stringify(engine)}`);
  // The engine played every sample in order (its own accounting): silences in the recording
  // came after it (Chromium's audio service or PulseAudio missing a deadline under load).
  expectNoEngineGaps(engine);
  // ... and every boundary was a join inside the output (the next track's first sample right after
  // the last one's), never a stop and a fresh start, which would play silence the mixer does not
  // count: the album started once and advanced at every boundary.
  expect(engine.started, 'tracks started').toBe(album.tracks.length);
  expect(engine.advanced, 'tracks that followed the one before gaplessly').toBe(album.tracks.length - 1);
  c.boundaries.forEach((b, i) => {
    expect(b.gap, `gap at ${b.at}`).toBe(0);
    // Around the join, no more error than the codec makes: its steady error (with room for its
    // transient at a cut), or what ffmpeg's decode of the same files shows at the cut (+6 dB).
    expect(b.errAround, `error around ${b.at}`).toBeLessThan(Math.max(4 * c.steadyErr, 2 * (own[i]?.rms ?? 0), 0.003));
    // The gain changes on the boundary's very sample: each sample next to it at its own track's
    // level (a sample at the other track's gain would be off by a large part of the signal).
    const worst = worstSample(rec, signal, a, b.at - 32, b.at + 32);
    expect(worst, `largest sample error beside the cut at ${b.at}`).toBeLessThan(Math.max(0.03, 2 * (own[i]?.worst ?? 0)));
  });
  expect(c.minLevel, 'no silence anywhere').toBeGreaterThan(0.8);
  // The album ends on its last sample: nothing missing (e.g. Opus ending early), nothing after.
  const tail = rms(rec, signal, a.map, end - 512, end);
  const last = a.map(end - 1);
  const after = last < 0 ? Infinity : Math.max(...Array.from(rec.subarray(last + 1, last + 65), Math.abs));
  expect(tail, 'the last 512 samples are the performance').toBeLessThan(Math.max(4 * c.steadyErr, 0.003));
  expect(after, 'nothing plays after the last sample').toBeLessThan(1e-3);
  return { rec, a, c, levels };
}

/** RMS of track [from, to) in the recording (its first and last 100 ms left out), dB re the performance. */
function trackLevel(rec: Float32Array, a: Alignment, from: number, to: number): number {
  let s = 0;
  let n = 0;
  for (let i = from + 4410; i < to - 4410; i++) {
    const r = a.map(i);
    if (r < 0) continue;
    s += (rec[r] ?? 0) ** 2;
    n++;
  }
  return 20 * Math.log10(Math.sqrt(s / Math.max(1, n)) / SIGNAL_RMS);
}

function worstSample(rec: Float32Array, signal: (n: number) => number, a: Alignment, from: number, to: number): number {
  let worst = 0;
  for (let i = from; i < to; i++) {
    const r = a.map(i);
    if (r >= 0) worst = Math.max(worst, Math.abs((rec[r] ?? 0) - signal(i)));
  }
  return worst;
}

/**
 * The level (dB) normalization gives each track from its loudness data: album gain when `album`
 * (automatic mode while an album plays in order), else track gain; never above the peak.
 */
export function expectedLevels(gains: (TrackGain | null)[], album: boolean): number[] {
  return gains.map((g) => {
    if (!g) return 0;
    const useAlbum = album && g.albumGainDb !== null;
    const db = useAlbum ? g.albumGainDb : g.trackGainDb;
    if (db === null) return 0;
    const peak = useAlbum ? (g.albumPeak ?? g.trackPeak) : g.trackPeak;
    return peak !== null && peak > 0 ? Math.min(db, -20 * Math.log10(peak)) : db;
  });
}
