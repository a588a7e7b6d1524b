// Reading a recording of the sound card against the performance that was meant to come out.
//
// The recording is what a listener hears, including what the platform does to it: under CPU load
// Chromium's audio service or PulseAudio can miss a deadline and play a run of digital silence (an
// exact 0.0, which the performance never holds for more than a sample), either inserted (nothing
// lost, what follows is late) or in place of samples (Chromium's own render underruns, which it
// counts in AudioContext.playbackStats). `align` finds every such run and how much of the
// performance it replaced, so the checks after it compare every other sample exactly — a hole the
// engine made is caught by the engine's own underrun accounting and by the checks the tests make.
export type Signal = (n: number) => number;

export interface Hole {
  /** Performance sample where the run began. */
  at: number;
  /** Samples of silence in the recording. */
  length: number;
  /** Performance samples it replaced (0: inserted, nothing lost). */
  lost: number;
}

export interface Alignment {
  /** Recording index of the performance's sample 0. */
  start: number;
  holes: Hole[];
  /** Recording index of performance sample n, or -1 where a hole replaced it. */
  map(n: number): number;
}

export function rms(rec: Float32Array, signal: Signal, map: (n: number) => number, from: number, to: number): number {
  let e = 0;
  let n = 0;
  for (let i = from; i < to; i++) {
    const r = map(i);
    if (r < 0) continue;
    const v = rec[r];
    if (v === undefined) return Infinity;
    e += (v - signal(i)) ** 2;
    n++;
  }
  return n === 0 ? Infinity : Math.sqrt(e / n);
}

const shifted = (d: number) => (i: number) => i + d;

/** The shift within `radius` of `around` that fits the signal best over performance [from, to). */
export function bestShift(rec: Float32Array, signal: Signal, around: number, radius: number, from: number, to: number): { shift: number; err: number } {
  let best = { shift: around, err: Infinity };
  for (let d = around - radius; d <= around + radius; d++) {
    const err = rms(rec, signal, shifted(d), from, to);
    if (err < best.err) best = { shift: d, err };
  }
  return best;
}

/** Runs of exact digital silence at least `min` samples long within [from, to) of the recording. */
export function zeroRuns(rec: Float32Array, from: number, to: number, min = 32): { at: number; length: number }[] {
  const runs: { at: number; length: number }[] = [];
  let s = -1;
  for (let i = from; i <= to; i++) {
    const zero = i < to && rec[i] === 0;
    if (zero && s < 0) s = i;
    if (!zero && s >= 0) {
      if (i - s >= min) runs.push({ at: s, length: i - s });
      s = -1;
    }
  }
  return runs;
}

/**
 * Aligns the recording with a performance of `length` samples. `tolerance`: RMS error under which a
 * stretch of recording counts as the performance continuing (well above the codec's own error).
 */
export function align(rec: Float32Array, signal: Signal, length: number, tolerance: number): Alignment {
  let onset = rec.findIndex((v) => Math.abs(v) > 0.05);
  if (onset < 0) throw new Error('the recording is silent');
  onset = Math.max(0, onset - 200);
  // The engine fades in over its first ~12 ms: align on what follows.
  const { shift: start } = bestShift(rec, signal, onset, 600, 2000, 6000);
  const holes: Hole[] = [];
  // Piecewise map: from performance sample `from` on, recording index = n + shift.
  const pieces: { from: number; lostTo: number; shift: number }[] = [{ from: 0, lostTo: 0, shift: start }];
  let shift = start;
  for (const run of zeroRuns(rec, start, start + length + 4096 * 8)) {
    const at = run.at - shift;
    if (at >= length) break;
    if (at < 0) continue;
    const after = run.at + run.length;
    const window = Math.min(512, length - at - 1);
    if (window < 16) break;
    // Which performance sample does the recording continue with after the run? at + lost.
    let best = { lost: -1, err: Infinity };
    for (let lost = 0; lost <= run.length; lost++) {
      const err = rms(rec, signal, (i) => i - (at + lost) + after, at + lost, at + lost + window);
      if (err < best.err) best = { lost, err };
    }
    if (best.err > tolerance) continue; // not the platform's: left in place for the checks to catch
    holes.push({ at, length: run.length, lost: best.lost });
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

export interface Continuity {
  /** Per boundary: samples of gap (+) or overlap (−) after it, and the error around it. */
  boundaries: { at: number; gap: number; errAround: number }[];
  /** Error (RMS) of the steady parts: the codecs' own. */
  steadyErr: number;
  /** Quietest 10 ms window over the performance, relative to its RMS (silence → 0). */
  minLevel: number;
}

/** Checks a performance cut at `cuts` ([0, b1, …, end]) for gaps, errors and silence. */
export function continuity(rec: Float32Array, signal: Signal, a: Alignment, cuts: number[], signalRms: number): Continuity {
  const end = cuts[cuts.length - 1] ?? 0;
  const boundaries = cuts.slice(1, -1).map((at) => {
    const expectedAt = a.map(at + 64);
    const base = expectedAt < 0 ? a.map(at + 4096) - (at + 4096) : expectedAt - (at + 64);
    const local = bestShift(rec, signal, base, 400, at + 64, at + 64 + 2048);
    return { at, gap: local.shift - base, errAround: rms(rec, signal, a.map, at - 1024, at + 1024) };
  });
  const steady: number[] = [];
  for (let w = 4096; w + 1024 < end - 1024; w += 1024) {
    if (cuts.some((c) => Math.abs(c - w) < 3072)) continue;
    steady.push(rms(rec, signal, a.map, w, w + 1024));
  }
  steady.sort((x, y) => x - y);
  let minLevel = Infinity;
  for (let w = 2000; w + 441 < end - 441; w += 441) {
    let s = 0;
    let n = 0;
    for (let i = w; i < w + 441; i++) {
      const r = a.map(i);
      if (r < 0) continue;
      s += (rec[r] ?? 0) ** 2;
      n++;
    }
    // Only whole windows: a few samples beside a platform silence can sit in a waveform's trough.
    if (n === 441) minLevel = Math.min(minLevel, Math.sqrt(s / n) / signalRms);
  }
  return { boundaries, steadyErr: steady[Math.floor(steady.length / 2)] ?? 0, minLevel };
}

/**
 * The codec's own error around each cut: `parts` are the tracks decoded by another decoder
 * (ffmpeg) at 44.1 kHz and aligned by their own start; RMS error within ±1024 samples of each cut.
 */
export function codecErrorAtCuts(parts: Float32Array[], signal: Signal, cuts: number[]): number[] {
  return cuts.slice(1, -1).map((cut, k) => {
    const before = parts[k];
    const after = parts[k + 1];
    const start = cuts[k] ?? 0;
    let e = 0;
    let n = 0;
    for (let i = cut - 1024; i < cut + 1024; i++) {
      const v = i < cut ? before?.[i - start] : after?.[i - cut];
      if (v === undefined) continue;
      e += (v - signal(i)) ** 2;
      n++;
    }
    return n === 0 ? Infinity : Math.sqrt(e / n);
  });
}
