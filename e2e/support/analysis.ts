// Reading a recording of the sound card against the performance that was meant to come out.
//
// The recording is what a listener hears, including what the platform does to it under CPU load:
// runs of digital silence, found and accounted for by `align` (support/platform.ts) so the checks
// here compare every other sample exactly — a hole the engine made is caught by the engine's own
// underrun accounting and by the checks the tests make.
export type Signal = (n: number) => number;

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

export interface Continuity {
  /** Per boundary: samples of gap (+) or overlap (−) after it, and the error around it. */
  boundaries: { at: number; gap: number; errAround: number }[];
  /** Error (RMS) of the steady parts: the codecs' own. */
  steadyErr: number;
  /** Quietest 10 ms window over the performance, relative to its RMS (silence → 0). */
  minLevel: number;
}

/** Checks a performance cut at `cuts` ([0, b1, …, end]) for gaps, errors and silence. */
export function continuity(rec: Float32Array, signal: Signal, a: { map(n: number): number }, cuts: number[], signalRms: number): Continuity {
  const end = cuts[cuts.length - 1] ?? 0;
  const boundaries = cuts.slice(1, -1).map((at) => {
    // The shift, beyond the alignment (which steps over the platform's silences, also one right
    // after the cut), that fits what follows the cut best: the samples the join adds or drops.
    let best = { gap: 0, err: Infinity };
    for (let d = -400; d <= 400; d++) {
      const err = rms(rec, signal, (i) => {
        const r = a.map(i);
        return r < 0 ? -1 : r + d;
      }, at + 64, at + 64 + 2048);
      if (err < best.err) best = { gap: d, err };
    }
    return { at, gap: best.gap, errAround: rms(rec, signal, a.map, at - 1024, at + 1024) };
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
 * (ffmpeg) at 44.1 kHz and aligned by their own start; RMS error within ±1024 samples of each cut,
 * and the largest single-sample error within ±32.
 */
export function codecErrorAtCuts(parts: Float32Array[], signal: Signal, cuts: number[]): { rms: number; worst: number }[] {
  return cuts.slice(1, -1).map((cut, k) => {
    const before = parts[k];
    const after = parts[k + 1];
    const start = cuts[k] ?? 0;
    let e = 0;
    let n = 0;
    let worst = 0;
    for (let i = cut - 1024; i < cut + 1024; i++) {
      const v = i < cut ? before?.[i - start] : after?.[i - cut];
      if (v === undefined) continue;
      const d = v - signal(i);
      e += d * d;
      n++;
      if (Math.abs(i - cut) <= 32) worst = Math.max(worst, Math.abs(d));
    }
    return { rms: n === 0 ? Infinity : Math.sqrt(e / n), worst };
  });
}

/** Amplitudes of tones `freqs` (Hz) over rec[from, from + n): a least-squares fit of a sine and a cosine each. */
export function toneAmplitudes(rec: Float32Array, freqs: number[], from: number, n: number, rate = 44100): number[] {
  const k = freqs.length * 2;
  const basis = (i: number, j: number) => {
    const w = (2 * Math.PI * (freqs[j >> 1] ?? 0) * i) / rate;
    return j % 2 === 0 ? Math.sin(w) : Math.cos(w);
  };
  // Normal equations M·c = v, solved by Gauss–Jordan elimination (k ≤ 6).
  const m = Array.from({ length: k }, () => new Float64Array(k + 1));
  for (let i = 0; i < n; i++) {
    const x = rec[from + i] ?? 0;
    const row = Array.from({ length: k }, (_, j) => basis(from + i, j));
    for (let r = 0; r < k; r++) {
      const mr = m[r] as Float64Array;
      for (let c = 0; c < k; c++) mr[c] = (mr[c] ?? 0) + (row[r] ?? 0) * (row[c] ?? 0);
      mr[k] = (mr[k] ?? 0) + (row[r] ?? 0) * x;
    }
  }
  for (let c = 0; c < k; c++) {
    const pivot = m[c] as Float64Array;
    const p = pivot[c] ?? 1;
    for (let j = c; j <= k; j++) pivot[j] = (pivot[j] ?? 0) / p;
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const mr = m[r] as Float64Array;
      const f = mr[c] ?? 0;
      for (let j = c; j <= k; j++) mr[j] = (mr[j] ?? 0) - f * (pivot[j] ?? 0);
    }
  }
  return freqs.map((_, t) => Math.hypot(m[2 * t]?.[k] ?? 0, m[2 * t + 1]?.[k] ?? 0));
}

export interface CrossfadeShape {
  /** Windows (10 ms) inside the crossfade. */
  windows: number;
  /** Worst power of the two tones relative to one tone's, dB (equal power: 0). */
  worstPowerDb: number;
  /** Length of the crossfade, seconds, from the angle's progress. */
  seconds: number;
  /** Worst deviation of the angle atan2(in, out) from a straight line in time, radians. */
  worstAngle: number;
}

/**
 * Reads a crossfade from tone `fOut` (fading out) to `fIn` (fading in): in each 10 ms window the
 * two amplitudes, each relative to its track's own level where it plays alone, their summed power,
 * and the angle atan2(in, out), which an equal-power crossfade (out = cos θ, in = sin θ) moves
 * linearly from 0 to π/2. Runs of digital silence (platform) are skipped and taken out of the time line.
 */
export function crossfadeShape(rec: Float32Array, fOut: number, fIn: number, rate = 44100): CrossfadeShape {
  const W = 441;
  // Silences (the tracks' own start and end, the platform's) cut the time line into segments; a
  // window touching one is left out (a fade or a step leaks into every frequency).
  const runs = zeroRuns(rec, 0, rec.length);
  const windows: { t: number; seg: number; o: number; i: number }[] = [];
  for (let w = 0; w + W <= rec.length; w += W) {
    if (runs.some((z) => z.at < w + 2 * W && z.at + z.length > w - W)) continue;
    const seg = runs.filter((z) => z.at < w).length;
    const [o = 0, i = 0] = toneAmplitudes(rec, [fOut, fIn], w, W, rate);
    windows.push({ t: w + W / 2, seg, o, i });
  }
  // Each track plays at its own (normalized) level: read it where it plays alone.
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const peakOut = Math.max(...windows.map((w) => w.o));
  const peakIn = Math.max(...windows.map((w) => w.i));
  const ampOut = median(windows.filter((w) => w.o > 0.5 * peakOut && w.i < 0.01 * peakIn).map((w) => w.o));
  const ampIn = median(windows.filter((w) => w.i > 0.5 * peakIn && w.o < 0.01 * peakOut).map((w) => w.i));
  const points = windows
    .filter((w) => w.o > 0.03 * ampOut && w.i > 0.03 * ampIn)
    .map((w) => ({ t: w.t, seg: w.seg, theta: Math.atan2(w.i / ampIn, w.o / ampOut), power: (w.o / ampOut) ** 2 + (w.i / ampIn) ** 2 }));
  // θ against time: one slope, one intercept per segment (a platform silence may shift time).
  const segs = new Map<number, { t: number; theta: number; n: number }>();
  for (const p of points) {
    const m = segs.get(p.seg) ?? { t: 0, theta: 0, n: 0 };
    segs.set(p.seg, { t: m.t + p.t, theta: m.theta + p.theta, n: m.n + 1 });
  }
  const mean = (p: { seg: number }) => {
    const m = segs.get(p.seg) ?? { t: 0, theta: 0, n: 1 };
    return { t: m.t / m.n, theta: m.theta / m.n };
  };
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    const m = mean(p);
    sxy += (p.t - m.t) * (p.theta - m.theta);
    sxx += (p.t - m.t) ** 2;
  }
  const slope = sxy / Math.max(1e-9, sxx);
  let worstAngle = 0;
  let worstPowerDb = 0;
  for (const p of points) {
    const m = mean(p);
    worstAngle = Math.max(worstAngle, Math.abs(p.theta - (m.theta + slope * (p.t - m.t))));
    const pdb = 10 * Math.log10(p.power);
    if (Math.abs(pdb) > Math.abs(worstPowerDb)) worstPowerDb = pdb;
  }
  return { windows: points.length, worstPowerDb, seconds: Math.PI / 2 / slope / rate, worstAngle };
}

/** The performance index `d` behind recording index `recFrom` (rec[recFrom + i] ≈ signal(d + i)), searched within `radius` of `around`. */
export function fitStart(rec: Float32Array, signal: Signal, recFrom: number, n: number, around: number, radius: number): { start: number; err: number } {
  const lo = around - radius;
  const want = Float64Array.from({ length: 2 * radius + n }, (_, i) => signal(lo + i));
  let best = { start: around, err: Infinity };
  let bestSum = Infinity;
  for (let d = lo; d <= around + radius; d++) {
    let sum = 0;
    for (let i = 0; i < n && sum < bestSum; i++) sum += ((rec[recFrom + i] ?? NaN) - (want[d - lo + i] ?? 0)) ** 2;
    if (sum < bestSum) {
      bestSum = sum;
      best = { start: d, err: Math.sqrt(sum / n) };
    }
  }
  return best;
}

export interface Transition {
  /** Recording index of the run of silence. */
  at: number;
  length: number;
  /** Both edges ramp (a fade out into it, a fade in out of it) — or a hard step on either side. */
  smooth: boolean;
}

/**
 * The silences of a recording and how the sound meets them: a fade ramps over ~12 ms, so the 64
 * samples before a fade-out's silence (and after a fade-in's) stay under `quiet`; a hard cut does
 * not. `steps`: samples where the waveform jumps by more than `maxStep` (more than the signal's
 * own slope), each of which must sit at a hard edge of some silence to be the platform's.
 */
export function transitions(rec: Float32Array, from: number, to: number, quiet: number, maxStep: number): { runs: Transition[]; straySteps: number[] } {
  const runs = zeroRuns(rec, from, to).map((z) => {
    let before = 0;
    let after = 0;
    for (let i = Math.max(0, z.at - 64); i < z.at; i++) before = Math.max(before, Math.abs(rec[i] ?? 0));
    for (let i = z.at + z.length; i < Math.min(rec.length, z.at + z.length + 64); i++) after = Math.max(after, Math.abs(rec[i] ?? 0));
    return { at: z.at, length: z.length, smooth: before <= quiet && after <= quiet };
  });
  const hardEdges = new Set<number>();
  for (const r of runs) if (!r.smooth) [r.at - 1, r.at, r.at + r.length, r.at + r.length + 1].forEach((e) => hardEdges.add(e));
  const straySteps: number[] = [];
  for (let i = from + 1; i < to; i++) {
    if (Math.abs((rec[i] ?? 0) - (rec[i - 1] ?? 0)) > maxStep && !hardEdges.has(i)) straySteps.push(i);
  }
  return { runs, straySteps };
}

/**
 * Where in the recording the performance sample `start` begins a stretch of sound that fades in
 * over `fade` samples: searched in [from, to), matched on the fade-in itself and the 1024 samples
 * after it (the fade makes the place unique: the two tones nearly repeat now and then, and a
 * stretch of steady playing that happens to pass near sample `start` has no fade). `err`: the RMS
 * error of the 1024 samples after the fade at the place found.
 */
export function findStart(rec: Float32Array, signal: Signal, start: number, from: number, to: number, fade: number): { at: number; err: number } {
  const n = fade + 1024;
  const want = Float64Array.from({ length: n }, (_, i) => signal(start + i) * Math.min(1, (i + 1) / fade));
  let at = -1;
  let bestSum = Infinity;
  for (let r = from; r < to; r++) {
    let sum = 0;
    for (let i = 0; i < n && sum < bestSum; i++) sum += ((rec[r + i] ?? 0) - (want[i] ?? 0)) ** 2;
    if (sum < bestSum) {
      bestSum = sum;
      at = r;
    }
  }
  let tail = 0;
  for (let i = fade; i < n; i++) tail += ((rec[at + i] ?? 0) - (want[i] ?? 0)) ** 2;
  return { at, err: Math.sqrt(tail / 1024) };
}

/** Largest deviation of rec[at …] from a linear fade-in of the performance from `start` over `fade` samples. */
export function fadeInError(rec: Float32Array, signal: Signal, at: number, start: number, fade: number): number {
  let worst = 0;
  for (let i = 0; i < fade; i++) worst = Math.max(worst, Math.abs((rec[at + i] ?? 0) - signal(start + i) * Math.min(1, (i + 1) / fade)));
  return worst;
}
