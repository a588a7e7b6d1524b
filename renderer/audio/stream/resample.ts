// Streaming band-limited resampler (Kaiser-windowed sinc, 32 taps at unity ratio, table-driven),
// so tracks whose rate differs from the AudioContext's join the output stream without a seam.
// Each output sample sits at an exact rational position of the input (k · in / out, integer math
// up to 2^53), so long tracks never drift. The filter's history before the first sample and its
// look-ahead after the last one are an odd reflection of the signal itself (x[-k] = 2x[0] − x[k]),
// which continues a smooth signal instead of stepping to silence: no transient at a track start
// or end, so a cross-rate boundary joins as cleanly as a same-rate one. DOM-free.

const HALF = 16; // half-width in input samples at unity ratio
const PHASES = 256; // table resolution per input sample
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

/** Kernel table over [0, width] in steps of 1/PHASES (width = HALF / cutoff). */
function kernelTable(cutoff: number): { table: Float64Array; width: number } {
  const width = HALF / cutoff;
  const n = Math.ceil(width * PHASES) + 2;
  const table = new Float64Array(n);
  const i0b = besselI0(BETA);
  for (let i = 0; i < n; i++) {
    const x = i / PHASES;
    if (x >= width) break;
    const r = x / width;
    const w = besselI0(BETA * Math.sqrt(1 - r * r)) / i0b;
    const a = Math.PI * x * cutoff;
    table[i] = (x === 0 ? 1 : Math.sin(a) / a) * cutoff * w;
  }
  return { table, width };
}

export class Resampler {
  readonly inRate: number;
  readonly outRate: number;
  private readonly channels: number;
  private readonly table: Float64Array;
  private readonly width: number;
  /** Input kept for the filter: samples [base, base + len). */
  private buf: Float64Array[];
  private base = 0;
  private len = 0;
  private started = false;
  /** Next output sample index. */
  private k = 0;

  constructor(inRate: number, outRate: number, channels: number) {
    this.inRate = inRate;
    this.outRate = outRate;
    this.channels = channels;
    const cutoff = Math.min(1, outRate / inRate) * 0.97;
    ({ table: this.table, width: this.width } = kernelTable(cutoff));
    this.buf = Array.from({ length: channels }, () => new Float64Array(0));
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
    return Math.ceil(this.width) + 2;
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
    this.base = -n;
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
    const ratioNum = this.inRate;
    const ratioDen = this.outRate;
    const w = this.width;
    const lastInput = this.base + this.len - 1;
    // Output k sits at input position t = k·in/out; it needs inputs up to floor(t + w).
    let count = 0;
    const maxK = final ? Math.ceil(((this.endAt === Infinity ? lastInput + 1 : this.endAt) * ratioDen) / ratioNum) : Infinity;
    for (let k = this.k; k < maxK; k++) {
      const t = (k * ratioNum) / ratioDen;
      if (Math.floor(t + w) > lastInput) break;
      count++;
    }
    const out = Array.from({ length: this.channels }, () => new Float32Array(count));
    for (let j = 0; j < count; j++, this.k++) {
      const num = this.k * ratioNum;
      const ti = Math.floor(num / ratioDen);
      const frac = (num - ti * ratioDen) / ratioDen;
      const lo = Math.ceil(ti + frac - w);
      const hi = Math.floor(ti + frac + w);
      for (let c = 0; c < this.channels; c++) {
        const b = this.buf[c];
        const o = out[c];
        if (!b || !o) continue;
        let acc = 0;
        for (let i = lo; i <= hi; i++) {
          const d = Math.abs(ti + frac - i) * PHASES;
          const di = Math.floor(d);
          const f = d - di;
          const kv = (this.table[di] ?? 0) * (1 - f) + (this.table[di + 1] ?? 0) * f;
          acc += (b[i - this.base] ?? 0) * kv;
        }
        o[j] = acc;
      }
    }
    // Drop input no output will need again.
    const keepFrom = Math.floor((this.k * ratioNum) / ratioDen - w) - 1;
    const drop = Math.max(0, keepFrom - this.base);
    if (drop > 0 && drop < this.len) {
      for (const b of this.buf) b.copyWithin(0, drop, this.len);
      this.base += drop;
      this.len -= drop;
    }
    return out;
  }
}
