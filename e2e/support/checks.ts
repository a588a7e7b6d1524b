// The listening tests' shared checks: an album played to its end must continue its performance
// sample-exactly (each track at the level the listener should hear), with the engine's own
// accounting clean; the gain of each track must apply from its very first sample.
import { expect } from '@playwright/test';
import { codecErrorAtCuts, continuity, rms, type Continuity } from './analysis.ts';
import type { TrackGain } from '../../app/contract/index.ts';
import { expectNoEngineGaps, type EngineReport, type Listening } from './listen.ts';
import { decodedParts, partsPerformance, performance, SIGNAL_RMS, type ListeningAlbum } from './listening.ts';
import { align, platformAccount, type Alignment, type PlatformAccount, type PlatformReport } from './platform.ts';
import { stretchStart, type StretchStart } from './stretch.ts';

const db = (x: number) => (20 * Math.log10(Math.max(1e-9, x) / SIGNAL_RMS)).toFixed(1);

/** The engine's fade-in from silence: 12 ms. */
const FADE = Math.round(0.012 * 44100);

export interface AlbumReading {
  a: Alignment;
  c: Continuity;
  /** The codecs' own error at each cut (ffmpeg's decode of the same files). */
  own: { rms: number; worst: number }[];
  /** The album's start read from its fade-in (support/stretch.ts), when the platform replaced its first samples; null otherwise or when it cannot tell. */
  start: StretchStart | null;
  /**
   * When the album's first samples are missing: the level of the first 64 samples of sound, relative
   * to the performance's there — ~1 when the silence cut into a playing stream, ~0.06 when the
   * engine's fade-in began there (it started late). For the log: it tells the two apart.
   */
  firstSound: number | null;
  /** The platform's silences held against Chromium's report. */
  account: PlatformAccount;
  /** RMS level of each track in the recording, dB relative to the performance's. */
  levels: number[];
}

export interface AlbumResult extends AlbumReading {
  rec: Float32Array;
}

/**
 * Plays `album` to its end and checks every boundary. `heardDb[i]`: the level track i must be
 * heard at, relative to the performance (loudness normalization), default 0.
 */
export async function checkAlbum(listening: Listening, album: ListeningAlbum, heardDb: number[] = []): Promise<AlbumResult> {
  const played = await listening.playAlbum(album.title);
  // The codecs' own error at each cut, as another decoder (ffmpeg) reproduces the tracks at the
  // levels they must be heard at.
  const parts = decodedParts(album, heardDb);
  let report = played.platform;
  let r = readAlbum(played.rec, album, heardDb, parts, report);
  if (r.account.unaccounted > 0) {
    // playbackStats is refreshed once a second: an underrun in the album's last second can be
    // counted after the album ended. Read it again until it is (or fail below).
    await expect.poll(async () => platformAccount(r.a.holes, (report = await played.platformNow()), r.start).unaccounted, { timeout: 3000 }).toBe(0).catch(() => undefined);
    r = { ...r, account: platformAccount(r.a.holes, report, r.start) };
  }
  console.log(describeAlbum(album, r, report, played.engine));
  expectAlbum(played.rec, album, heardDb, r, played.engine);
  return { rec: played.rec, ...r };
}

/** Reads a recording of `album` (each track at `heardDb[i]`; `parts`: its tracks decoded by ffmpeg, decodedParts) against its performance. */
export function readAlbum(rec: Float32Array, album: ListeningAlbum, heardDb: number[], parts: Float32Array[], report: PlatformReport): AlbumReading {
  const signal = performance(album, heardDb);
  const end = album.cuts[album.cuts.length - 1] ?? 0;
  const a = align(rec, signal, end, 0.008);
  const c = continuity(rec, signal, a, album.cuts, SIGNAL_RMS * Math.min(...album.tracks.map((_, i) => 10 ** ((heardDb[i] ?? 0) / 20))));
  const own = codecErrorAtCuts(parts, signal, album.cuts);
  // The platform replaced the album's first samples: the fade-in's envelope tells whether the
  // engine began on sample 0 (as a seek's start is read, against ffmpeg's decode).
  const start = a.holes.some((h) => h.at === 0) ? stretchStart(rec, partsPerformance(album, parts), 0, a.start - 2, a.start + 3, FADE) : null;
  const lead = a.holes.find((h) => h.at === 0)?.lost;
  const firstSound = lead === undefined ? null : rmsOf((i) => rec[a.start + lead + i] ?? 0) / rmsOf((i) => signal(lead + i));
  const account = platformAccount(a.holes, report, start);
  const levels = album.tracks.map((_, i) => trackLevel(rec, a, album.cuts[i] ?? 0, album.cuts[i + 1] ?? 0));
  return { a, c, own, start, firstSound, account, levels };
}

const rmsOf = (v: (i: number) => number) => Math.sqrt(Array.from({ length: 64 }, (_, i) => v(i) ** 2).reduce((x, y) => x + y, 0) / 64);

function describeAlbum(album: ListeningAlbum, r: AlbumReading, report: PlatformReport, engine: EngineReport): string {
  const { a, c, own, account } = r;
  const names = album.tracks.map((t) => `${t.format}@${t.rate / 1000}k`);
  const joins = c.boundaries.map((b, i) => `${names[i]}→${names[i + 1]} gap ${b.gap}, error ${db(b.errAround)} dB (ffmpeg ${db(own[i]?.rms ?? 0)} dB)`);
  const holes = a.holes.map((h) => `${h.length} at ${h.at} (lost ${h.lost}${h.late > 0 ? `, late ${h.late}` : ''})`);
  const start = r.start ? `; album start read from its fade: envelope offset ${r.start.offset.toFixed(3)}, first ${r.start.masked} samples zeros` :
    r.firstSound !== null ? `; album start missing, its first sound at ${(r.firstSound * 100).toFixed(0)} % of the performance's level (100: cut by a silence, ~6: a fade-in)` : '';
  return `${album.title}: levels ${r.levels.map((l) => l.toFixed(2)).join(' / ')} dB; steady error ${db(c.steadyErr)} dB; ${joins.join('; ')}; ` +
    `quietest 10 ms ${(c.minLevel * 100).toFixed(0)} %; platform silences: ${holes.join(', ') || 'none'}${start}; ` +
    `replaced in place ${account.inPlace}, Chromium render underruns ${report.samples} samples (${report.events} events); engine ${JSON.stringify(engine)}`;
}

/** The checks on a reading of `album` (readAlbum) with the engine's counters for it. */
export function expectAlbum(rec: Float32Array, album: ListeningAlbum, heardDb: number[], r: AlbumReading, engine: EngineReport): void {
  const { a, c, own, account } = r;
  const signal = performance(album, heardDb);
  const end = album.cuts[album.cuts.length - 1] ?? 0;
  // The engine played every sample in order (its own accounting): silences in the recording
  // came after it (Chromium's audio service or PulseAudio missing a deadline under load).
  expectNoEngineGaps(engine);
  // ... and every boundary was a join inside the output (the next track's first sample right after
  // the last one's), never a stop and a fresh start, which would play silence the mixer does not
  // count: the album started once and advanced at every boundary.
  expect(engine.started, 'tracks started').toBe(album.tracks.length);
  expect(engine.advanced, 'tracks that followed the one before gaplessly').toBe(album.tracks.length - 1);
  // Samples replaced by silence with what follows on time are Chromium's render underruns, which
  // it counts: no more than it counted (support/platform.ts).
  expect(account.unaccounted, `samples replaced by silence in place beyond Chromium's reported render underruns (${account.inPlace} replaced)`).toBe(0);
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
