// How a resume sounds in a recording: the pause's silence (the engine's fade-out, then digital
// silence while the AudioContext sleeps), then the first samples after it. A resume must continue
// on the sample after the last one the pause's fade-out played, fading in over the mixer's 12 ms —
// never starting mid-waveform at full level (a click), which is what a resume sounds like when the
// platform drops the first samples rendered after the context wakes and the fade-in was in them.
import { fitStart, zeroRuns, type Signal } from './analysis.ts';
import { stretchStart, type StretchStart } from './stretch.ts';

export interface Resume {
  /** Recording index of the pause's silence and its length. */
  at: number;
  length: number;
  /** Performance sample the pause stopped before: the one the resume must begin with. */
  continues: number;
  /** Recording index of the first sample of sound after the silence. */
  sound: number;
  /** Its size: the step from silence into the resume (a fade-in's first sample is tiny). */
  step: number;
  /** Largest sample in the first 2 ms of sound, relative to the steady level after it. */
  early: number;
  /**
   * Performance sample heard at `sound` minus `continues`, from the samples after the fade: 0 when
   * the resume's first sample was heard; n > 0 when the first n were lost (no fade is then heard
   * when n ≥ the fade's length).
   */
  lost: number;
  /**
   * RMS error of the steady playing before the pause and after the fade against the performance
   * at those places: the codec's own error when the recording holds the samples as played (FLAC:
   * ~4e-8); far more when the platform changed them there (a run of its zeros in the window, or —
   * seen under load after a wake — a stream that came back fractionally delayed, i.e. resampled),
   * and then `continues` and `lost` cannot be read to the sample.
   */
  fitErr: number;
  /** The fade-in read against the performance from `continues` (support/stretch.ts); null: it is not there. */
  stretch: StretchStart | null;
}

/**
 * Every silence of at least `minPause` samples after `start` (the recording index of performance
 * sample 0, where the stretch before the first pause began) that a fade-out leads into, read as a
 * pause followed by a resume. `fade`: the mixer's fade length (samples). Between pauses the
 * recording is followed by fitting (within 4000 samples of where it should be: the platform can
 * insert or drop a few samples while playing).
 */
export function resumes(rec: Float32Array, signal: Signal, start: number, to: number, fade: number, minPause: number): Resume[] {
  const out: Resume[] = [];
  const peak = (a: number, b: number) => Math.max(...Array.from(rec.subarray(a, b), Math.abs));
  const twoMs = Math.round(0.002 * 44100);
  // Recording index minus performance index of what plays now.
  let shift = start;
  for (const run of zeroRuns(rec, start + fade, to, minPause)) {
    const sound = run.at + run.length;
    if (sound + fade + 2048 > to || peak(run.at - 64, run.at) > 0.06) continue;
    // The performance behind the steady playing before the pause's fade-out: the pause stopped on
    // the sample after the fade-out's last one.
    const back = fade + 1200;
    const before = fitStart(rec, signal, run.at - back, 1024, run.at - back - shift, 4000);
    const continues = before.start + back;
    // Which performance sample plays where well after the fade (found even when the fade was lost).
    const probe = sound + fade + 256;
    const after = fitStart(rec, signal, probe, 1024, continues + fade + 256, 4000);
    const lost = after.start - (fade + 256) - continues;
    shift = sound - continues - lost;
    out.push({
      at: run.at,
      length: run.length,
      continues,
      sound,
      step: Math.abs(rec[sound] ?? 0),
      early: peak(sound, sound + twoMs) / Math.max(1e-9, peak(sound + fade, sound + fade + 1024)),
      lost,
      fitErr: Math.max(before.err, after.err),
      stretch: stretchStart(rec, signal, continues, run.at, sound + 2, fade),
    });
  }
  return out;
}
