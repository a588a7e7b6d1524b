// Streaming band-limited resampler (Kaiser-windowed sinc, 32 taps at unity ratio), so tracks whose
// rate differs from the AudioContext's join the output stream without a seam. Each output sample
// sits at an exact rational position of the input (k · in / out, integer math up to 2^53), so long
// tracks never drift. The ratio in/out reduces to M/L: output k uses phase (k·M) mod L, whose taps
// are computed once (a polyphase bank: 147 phases for 48 ↔ 44.1 kHz), so a sample costs one dot
// product — cheap enough for the main thread of a loaded machine (measured: resample.bench.ts). The filter's history before the first sample and its
// look-ahead after the last one are an odd reflection of the signal itself (x[-k] = 2x[0] − x[k]),
// which continues a smooth signal instead of stepping to silence: no transient at a track start
// or end, so a cross-rate boundary joins as cleanly as a same-rate one. DOM-free.

const HALF = 16; // half-width in input samples at unity ratio
const BETA = 8.6;

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}

/** The windowed-sinc kernel at distance x (input samples) from the output position. */
function kernel(x: number, cutoff: number, width: number, i0b: number): number {
  const ax = Math.abs(x);
  if (ax >= width) return 0;
  const r = ax / width;
  const w = besselI0(BETA * Math.sqrt(1 - r * r)) / i0b;
  const a = Math.PI * ax * cutoff;
  return (ax === 0 ? 1 : Math.sin(a) / a) * cutoff * w;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Most phases a bank may have (beyond: odd rate pairs, taps computed per sample instead). */
const MAX_PHASES = 2048;

export class Resampler {
  readonly inRate: number;
  readonly outRate: number;
  private readonly channels: number;
  private readonly cutoff: number;
  private readonly width: number;
  private readonly i0b = besselI0(BETA);
  /** Taps per output sample (2·W) and the reduced ratio in/out = M/L. */
  private readonly taps: number;
  private readonly half: number;
  private readonly M: number;
  private readonly L: number;
  /** Phase p's taps at bank[p·taps …]; null when the ratio has too many phases. */
  private readonly bank: Float32Array | null;
  /** Input kept for the filter: samples [base, base + len). */
  private buf: Float64Array[];
  private base = 0;
  private len = 0;
  private started = false;
  /** Next output sample index. */
  private k = 0;

  /**
   * `origin`: where a stream picked up mid-track starts — the absolute index of its first output
   * sample and of its first input sample (floor(out · in/out rate)) — so its output lands on the
   * same sample grid as the whole track's would (a seek, a rung switch), not a fraction off.
   */
  constructor(inRate: number, outRate: number, channels: number, origin: { out: number; in: number } = { out: 0, in: 0 }) {
    this.k = origin.out;
    this.base = origin.in;
    this.inRate = inRate;
    this.outRate = outRate;
    this.channels = channels;
    this.cutoff = Math.min(1, outRate / inRate) * 0.97;
    this.width = HALF / this.cutoff;
    this.half = Math.ceil(this.width);
    this.taps = 2 * this.half;
    const g = gcd(inRate, outRate);
    this.M = inRate / g;
    this.L = outRate / g;
    this.bank = this.L <= MAX_PHASES ? this.makeBank() : null;
    this.buf = Array.from({ length: channels }, () => new Float64Array(0));
  }

  /** Taps of every phase: output at input position ti + p/L uses inputs ti − W + 1 … ti + W. */
  private makeBank(): Float32Array {
    const bank = new Float32Array(this.L * this.taps);
    for (let p = 0; p < this.L; p++) {
      for (let j = 0; j < this.taps; j++) bank[p * this.taps + j] = this.tap(p / this.L, j);
    }
    return bank;
  }

  /** Coefficient of tap j for an output at fraction `frac` past an input sample. */
  private tap(frac: number, j: number): number {
    return kernel(frac + this.half - 1 - j, this.cutoff, this.width, this.i0b);
  }

  /** Resamples the next input block; returns what can be produced so far (planar). */
  push(input: Float32Array[]): Float32Array[] {
    this.append(input, 0, input[0]?.length ?? 0);
    if (!this.started) {
      // The head reflection needs as much signal as the filter reaches back.
      if (this.len < this.reach() + 1) return Array.from({ length: this.channels }, () => new Float32Array(0));
      this.prependReflection();
    }
    return this.produce(false);
  }

  /** The rest of the output, with the signal's reflection as the look-ahead after its end. */
  finish(): Float32Array[] {
    if (this.len === 0 && !this.started) return Array.from({ length: this.channels }, () => new Float32Array(0));
    if (!this.started) this.prependReflection();
    this.appendReflection();
    return this.produce(true);
  }

  private reach(): number {
    return this.half + 2;
  }

  private append(input: Float32Array[], from: number, frames: number): void {
    this.ensure(this.len + frames);
    for (let c = 0; c < this.channels; c++) {
      const src = input[Math.min(c, input.length - 1)];
      const dst = this.buf[c];
      if (!src || !dst) continue;
      for (let i = 0; i < frames; i++) dst[this.len + i] = src[from + i] ?? 0;
    }
    this.len += frames;
  }

  /** Before the first sample: an odd reflection of the signal (x[-k] = 2·x[0] − x[k]). */
  private prependReflection(): void {
    this.started = true;
    const n = this.reach();
    const real = this.len;
    this.ensure(real + n);
    for (const dst of this.buf) {
      dst.copyWithin(n, 0, real);
      const x0 = dst[n] ?? 0;
      for (let k = 1; k <= n; k++) dst[n - k] = 2 * x0 - (dst[n + Math.min(k, real - 1)] ?? x0);
    }
    this.len = real + n;
    this.base -= n;
  }

  /** After the last sample: x[N-1+k] = 2·x[N-1] − x[N-1-k]. */
  private appendReflection(): void {
    const n = this.reach();
    this.ensure(this.len + n);
    this.endAt = this.base + this.len; // real samples end here (the reflection is look-ahead only)
    const last = this.len - 1;
    for (const dst of this.buf) {
      const xl = dst[last] ?? 0;
      for (let i = 1; i <= n; i++) dst[last + i] = 2 * xl - (dst[Math.max(0, last - i)] ?? xl);
    }
    this.len += n;
  }

  private endAt = Infinity;

  private ensure(size: number): void {
    if ((this.buf[0]?.length ?? 0) >= size) return;
    const cap = Math.max(size, (this.buf[0]?.length ?? 0) * 2, 4096);
    this.buf = this.buf.map((b) => {
      const n = new Float64Array(cap);
      n.set(b.subarray(0, this.len));
      return n;
    });
  }

  private produce(final: boolean): Float32Array[] {
    const { M, L, taps, half, bank } = this;
    const lastInput = this.base + this.len - 1;
    // Output k sits at input position k·M/L; it needs inputs up to floor(k·M/L) + W.
    const maxK = final ? Math.ceil(((this.endAt === Infinity ? lastInput + 1 : this.endAt) * L) / M) : Infinity;
    const lastK = Math.floor(((lastInput - half + 1) * L) / M);
    const count = Math.max(0, Math.min(maxK, lastK + 1) - this.k);
    const out = Array.from({ length: this.channels }, () => new Float32Array(count));
    const coeffs = bank ? null : new Float32Array(taps);
    for (let j = 0; j < count; j++, this.k++) {
      const num = this.k * M;
      const ti = Math.floor(num / L);
      const p = num - ti * L;
      const from = ti - half + 1 - this.base;
      let c: Float32Array;
      let o0 = 0;
      if (bank) {
        c = bank;
        o0 = p * taps;
      } else {
        c = coeffs as Float32Array;
        for (let t = 0; t < taps; t++) c[t] = this.tap(p / L, t);
      }
      for (let ch = 0; ch < this.channels; ch++) {
        const b = this.buf[ch] as Float64Array;
        let acc = 0;
        for (let t = 0; t < taps; t++) acc += (b[from + t] as number) * (c[o0 + t] as number);
        (out[ch] as Float32Array)[j] = acc;
      }
    }
    // Drop input no output will need again.
    const keepFrom = Math.floor((this.k * M) / L) - half - 1;
    const drop = Math.max(0, keepFrom - this.base);
    if (drop > 0 && drop < this.len) {
      for (const b of this.buf) b.copyWithin(0, drop, this.len);
      this.base += drop;
      this.len -= drop;
    }
    return out;
  }
}
