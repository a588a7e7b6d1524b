// The platform's silences in a recording, and whether the platform accounted for them.
//
// Under CPU load the platform plays runs of digital silence (exact 0.0, which the performance never
// holds for 32 samples) of two kinds, told apart by what follows them:
// - Chromium's render underruns: the audio service plays silence IN PLACE of the context's
//   samples (those samples are lost, what follows is on time). Chromium counts them
//   (AudioContext.playbackStats: underrunDuration, underrunEvents); every one recorded so far
//   replaced a whole 1024-frame output buffer (1024, 2048, 3072 samples), which playbackStats
//   reported within 5 samples (it keeps time to 0.1 ms).
// - Recording holes (PulseAudio's stream running dry): silence INSERTED, what follows is late.
//   Over 530 such holes in kept logs, each began on one of Chromium's 1024-frame buffer
//   boundaries and, besides the inserted silence, replaced 0–218 samples (5 ms) at its start;
//   playbackStats counted none of them. The hole itself is the platform's account: the samples
//   it replaced are at most HOLE_LOSS, and other than its zeros (what follows is late, or now and
//   then a little early).
// `align` finds every such run and what it replaced, also a run that replaced the album's first
// samples (it merges with the silence before the album); `platformAccount` then holds the samples
// replaced in place against what Chromium reported: more is a silence nobody accounted for, and
// fails the checks. The engine's own counters (underruns, starved and zero frames) stay the
// tests' business: a run of zeros is only the platform's when they are clean.
import { fitStart, rms, zeroRuns, type Signal } from './analysis.ts';
import type { StretchStart } from './stretch.ts';

export interface Hole {
  /** Performance sample where the run began. */
  at: number;
  /** Samples of silence in the recording. */
  length: number;
  /** Performance samples it replaced (0: inserted, nothing lost). */
  lost: number;
  /**
   * Samples by which what follows is late (length − lost; early when negative): 0 for samples
   * replaced in place (Chromium's render underruns). For a run that replaced the album's first samples, 0: its
   * zeros merge with the silence before the album, so nothing shows it late.
   */
  late: number;
}

export interface Alignment {
  /** Recording index of the performance's sample 0. */
  start: number;
  holes: Hole[];
  /** Recording index of performance sample n, or -1 where a hole replaced it. */
  map(n: number): number;
}

/** How many samples into the performance the recording's first sound may begin (the platform replaced those before it): 186 ms. */
const LEAD = 8192;
/** Samples a recording hole may replace at its start besides the silence it inserts (seen: up to 218). */
export const HOLE_LOSS = 256;

/**
 * Aligns the recording with a performance of `length` samples. `tolerance`: RMS error under which a
 * stretch of recording counts as the performance continuing (well above the codec's own error).
 */
export function align(rec: Float32Array, signal: Signal, length: number, tolerance: number): Alignment {
  const onset = rec.findIndex((v) => Math.abs(v) > 0.05);
  if (onset < 0) throw new Error('the recording is silent');
  // The engine fades in over its first ~12 ms: align on the first clean 8192 samples after it, or
  // up to a platform silence (at least 2048; a silence right at the start is stepped over).
  let from = onset + 600;
  let skipped = 0;
  let n = 8192;
  for (const r of zeroRuns(rec, onset, onset + 200_000)) {
    if (r.at >= from + n) break;
    if (r.at >= from + 2048) {
      n = r.at - from; // up to the silence: the holes are read below
      break;
    }
    if (r.at + r.length > from) {
      skipped += r.length;
      from = r.at + r.length + 16;
    }
  }
  // The performance sample at `from`: at least from − onset − skipped − 600 (the onset late in the
  // fade), or up to LEAD later when the platform replaced the album's first samples in place.
  const [lo, hi] = [from - onset - skipped - 600, from - onset + LEAD];
  // (Fitted over up to 8192 samples: over that many the codec's error averages out, and no near
  // return of the two tones within the search fits better.)
  const first = fitStart(rec, signal, from, n, Math.floor((lo + hi) / 2), Math.ceil((hi - lo) / 2));
  const start = from - first.start;
  // The album's first sound: after the last run of silence before the onset. Performance samples
  // before it were replaced in place (the run holds them and the silence before the album).
  // (A performance sample that is itself 0.0, as the two tones' first is, is not missing.)
  const sound = zeroRuns(rec, 0, onset).at(-1);
  let lead = Math.max(0, (sound ? sound.at + sound.length : 0) - start);
  if (Array.from({ length: lead }, (_, n) => signal(n)).every((v) => Math.abs(v) < 1e-6)) lead = 0;
  const holes: Hole[] = lead > 0 ? [{ at: 0, length: lead, lost: lead, late: 0 }] : [];
  // Piecewise map: from performance sample `from` on, recording index = n + shift.
  const pieces: { from: number; lostTo: number; shift: number }[] = [{ from: 0, lostTo: lead, shift: start }];
  let shift = start;
  const runs = zeroRuns(rec, start + lead, rec.length);
  for (const [k, run] of runs.entries()) {
    const at = run.at - shift;
    if (at >= length) break;
    if (at < 0) continue;
    const after = run.at + run.length;
    // What follows, up to the next silence (silences can come close together under load).
    const window = Math.min(2048, length - at - 1, (runs[k + 1]?.at ?? Infinity) - after);
    if (window < 16) continue;
    // Which performance sample does the recording continue with after the run? at + lost: the run
    // replaced all it holds (Chromium's underrun), or a few samples at its start (a recording hole;
    // now and then more than its zeros: 79 zeros stood for 116 samples, what follows is early).
    // Not anything in between: within a run of seconds the two tones come back near enough to a
    // codec's error now and then (a 2 s hole under load was read as 41,004 samples lost; 111 fits).
    let best = { lost: -1, err: Infinity };
    for (const lost of [...Array.from({ length: HOLE_LOSS + 1 }, (_, i) => i), run.length]) {
      const err = rms(rec, signal, (i) => i - (at + lost) + after, at + lost, at + lost + window);
      if (err < best.err) best = { lost, err };
    }
    if (best.err > tolerance) continue; // not the platform's: left in place for the checks to catch
    holes.push({ at, length: run.length, lost: best.lost, late: run.length - best.lost });
    shift = after - (at + best.lost);
    pieces.push({ from: at, lostTo: at + best.lost, shift });
  }
  return {
    start,
    holes,
    map(n: number): number {
      for (let k = pieces.length - 1; k >= 0; k--) {
        const p = pieces[k];
        if (!p || n < p.from) continue;
        return n < p.lostTo ? -1 : n + p.shift;
      }
      return n + start;
    },
  };
}

/** Chromium's own count of its render underruns while the recording was made (AudioContext.playbackStats). */
export interface PlatformReport {
  /** Samples it played as silence in place of the context's (underrunDuration × rate). */
  samples: number;
  events: number;
}

export interface PlatformAccount {
  /** Samples replaced in place (what followed on time): Chromium's render underruns. */
  inPlace: number;
  /** Samples of silence the recording holes inserted, and samples they replaced at their start. */
  inserted: number;
  replacedInHoles: number;
  /** Samples replaced in place beyond what Chromium reported: a silence the platform did not account for. */
  unaccounted: number;
}

/** playbackStats keeps time to 0.1 ms: each reported underrun may be this many samples short (seen: 5). */
export const REPORT_PRECISION = 8;

/**
 * Holds the alignment's silences against Chromium's report. `start`: the album's start read by
 * `stretchStart` (the fade-in's envelope); when it places the engine's first sample on performance
 * sample 0 and only the samples it could not compare were replaced, the run that replaced them
 * is the platform's without a report (a recording hole, whose inserted part merged with the silence
 * before the album) — the seek analysis's standard. Otherwise that run counts as in place.
 */
export function platformAccount(holes: Hole[], report: PlatformReport, start: StretchStart | null = null): PlatformAccount {
  let inPlace = 0;
  let inserted = 0;
  let replacedInHoles = 0;
  for (const h of holes) {
    const startRead = h.at === 0 && start !== null && start.masked === h.lost && Math.abs(start.offset) < 0.5;
    if (h.late !== 0 || startRead) {
      inserted += h.late;
      replacedInHoles += h.lost;
    } else inPlace += h.lost;
  }
  const covered = report.samples + REPORT_PRECISION * report.events;
  return { inPlace, inserted, replacedInHoles, unaccounted: Math.max(0, inPlace - covered) };
}
