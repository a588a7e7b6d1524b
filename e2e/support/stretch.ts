// Where a stretch of sound that fades in (a seek, a skip, a resume) begins in a recording, and
// whether it begins on the exact sample asked for — read around the platform's silences.
//
// The engine starts a stretch with a linear fade over `fade` samples: its first output sample is
// the performance sample `start` × 1/fade, the next `start + 1` × 2/fade, and so on. Two things
// pin that down in a recording: the performance itself (which sample plays where: the two tones
// never repeat within a few ms, and one sample of shift is an error of ~0.01) and the fade's
// envelope (where its first sample sits against the performance). A stretch that starts on the
// wrong sample (`start + d`) still matches the performance after the fade, only with the
// envelope `d` samples off; `offset` measures that, to a small fraction of a sample.
//
// Under load the platform (Chromium's audio service, PulseAudio) can play a run of exact zeros
// in the middle of it: in place of the fade's first samples (the run then joins the engine's own
// silence before the stretch), or inserted a little later (what follows is late). Samples in such
// a run are not compared, and the comparison stops at a run that begins after the sound has
// started (an insertion shifts what follows). The engine's own counters (zeroFrames, starvedFrames)
// tell whether such zeros could be the engine's: the tests require them to stay 0.
import { zeroRuns, type Signal } from './analysis.ts';

export interface StretchStart {
  /** Recording index of the fade's first sample (where performance sample `start` plays). */
  at: number;
  /** RMS error of the compared samples after the fade (the codec's own error when right). */
  err: number;
  /** Largest deviation of the compared fade samples from a linear fade-in of the performance from `start`. */
  fadeErr: number;
  /**
   * Samples by which the fade's envelope sits late against the performance (fitted over the
   * compared fade samples, whatever the level): 0 when the stretch starts on `start`; d when it
   * starts on `start + d`.
   */
  offset: number;
  /** Fade samples compared, and fade samples replaced by digital silence (not compared). */
  fadeSamples: number;
  masked: number;
  /** Samples compared after the fade (up to `tail`; fewer when a platform silence cut the window). */
  tailSamples: number;
}

/** How far into a stretch's sound its fade may be found to begin (samples: a start that many early). */
const EARLY = 64;

/**
 * Searches rec[from, to) for the place where performance sample `start` begins a stretch that fades
 * in over `fade` samples, compared over the fade and up to `tail` samples after it. A stretch
 * begins after digital silence (the engine's own, before a seek's or a skip's first sample), so the
 * places tried are the first sample of sound after each run of exact zeros — or earlier, inside the
 * run, for a stretch whose first samples the platform replaced with zeros (or that continues after
 * zeros it inserted), or up to 64 samples later (the performance from `start` found a little into
 * the sound: a start that many samples early). Each is compared from its sound up to the next
 * platform-length silence (32 zeros or more), over at least 256 samples. Null when the place that
 * fits best leaves less than half the fade, or less than 128 samples after it, to compare:
 * platform silences there, so it cannot tell. (One kept recording lost the first 1024 samples
 * after a resume, the whole fade-in: a stream that wakes from a suspended context can lose what
 * it is first given. The engine now renders ~29 ms of silence after a wake before a resume fades
 * in (output/mixer.ts `wake`), so such a loss takes silence, and listening-resume.spec.ts
 * requires every resume after a sleep to fade in; a platform silence at any other stretch's
 * start — a seek, a skip — can still hide it.)
 */
export function stretchStart(rec: Float32Array, signal: Signal, start: number, from: number, to: number, fade: number, tail = 1024): StretchStart | null {
  const n = fade + tail;
  const want = Float64Array.from({ length: n }, (_, i) => signal(start + i) * Math.min(1, (i + 1) / fade));
  // Any run of zeros can precede a stretch; only runs of 32 or more cut one short (a 16-bit
  // source's own samples can be exactly 0 now and then, never 32 in a row in these tones).
  const runs = zeroRuns(rec, Math.max(0, from - n), Math.min(rec.length, to + n), 1);
  const long = runs.filter((z) => z.length >= 32);
  let best: { r: number; lead: number; end: number; mean: number } | null = null;
  for (const run of runs) {
    const sound = run.at + run.length;
    const next = long.find((z) => z.at >= sound)?.at ?? Infinity;
    // lead < 0: the stretch's first sample would be after the sound began (a start a few samples
    // early, as far as the performance goes); what came before it must then be silent.
    for (let lead = -EARLY; lead <= Math.min(run.length, n - 256); lead++) {
      const r = sound - lead;
      if (r < from || r >= to) continue;
      // Compared: from the sound on, up to the next silence (an insertion shifts what follows).
      const end = Math.min(n, next - r);
      const count = end - lead;
      if (count < 256) continue;
      const limit = best ? best.mean * count : Infinity;
      let sum = 0;
      for (let i = lead; i < end && sum < limit; i++) sum += ((rec[r + i] ?? 0) - (i < 0 ? 0 : (want[i] ?? 0))) ** 2;
      if (sum < limit) best = { r, lead, end, mean: sum / count };
    }
  }
  if (!best || best.lead > fade / 2 || best.end - fade < 128) return null;
  const { r, end } = best;
  const lead = Math.max(0, best.lead);
  let tailSum = 0;
  for (let i = fade; i < end; i++) tailSum += ((rec[r + i] ?? 0) - (want[i] ?? 0)) ** 2;
  // The envelope over the compared fade samples: rec ≈ s·(c0 + c1·(i + 1)), least squares; it
  // reaches zero at i + 1 = −c0/c1, which is 0 when its first sample is `start`'s (any level).
  let fadeErr = 0;
  let [a11, a12, a22, b1, b2] = [0, 0, 0, 0, 0];
  for (let i = lead; i < fade; i++) {
    const s = signal(start + i);
    const v = rec[r + i] ?? 0;
    fadeErr = Math.max(fadeErr, Math.abs(v - (want[i] ?? 0)));
    const x = s * (i + 1);
    a11 += s * s;
    a12 += s * x;
    a22 += x * x;
    b1 += s * v;
    b2 += x * v;
  }
  const det = a11 * a22 - a12 * a12;
  const c0 = (b1 * a22 - b2 * a12) / det;
  const c1 = (a11 * b2 - a12 * b1) / det;
  return {
    at: r,
    err: Math.sqrt(tailSum / (end - fade)),
    fadeErr,
    offset: det > 0 && c1 > 0 ? -c0 / c1 : Infinity,
    fadeSamples: fade - lead,
    masked: lead,
    tailSamples: end - fade,
  };
}
