import { describe, expect, it } from 'vitest';
import { Resampler } from './resample.ts';

function sine(rate: number, freq: number, from: number, n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * freq * (from + i)) / rate));
}

function run(inRate: number, outRate: number, total: number, blocks: number[]): Float32Array {
  const r = new Resampler(inRate, outRate, 1);
  const parts: Float32Array[] = [];
  let at = 0;
  for (const n of blocks) {
    parts.push(r.push([sine(inRate, 997, at, n)])[0] ?? new Float32Array(0));
    at += n;
  }
  if (at !== total) throw new Error('blocks must add up');
  parts.push(r.finish()[0] ?? new Float32Array(0));
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe('Resampler', () => {
  // Edges: the filter reaches past the signal into its reflection, a 2nd-order continuation.
  it.each([[48000, 44100, 0.003], [44100, 48000, 0.003], [96000, 44100, 0.003], [22050, 48000, 0.03]])('%i → %i: exact length, no drift, clean edges', (inRate, outRate, edge) => {
    const total = 30011;
    const out = run(inRate, outRate, total, [1000, 7, 12000, 17004]);
    expect(out.length).toBe(Math.ceil((total * outRate) / inRate));
    const want = sine(outRate, 997, 0, out.length);
    const margin = Math.ceil((20 * outRate) / inRate);
    let inner = 0;
    let edges = 0;
    for (let i = 0; i < out.length; i++) {
      const e = Math.abs((out[i] ?? 0) - (want[i] ?? 0));
      if (i < margin || i >= out.length - margin) edges = Math.max(edges, e);
      else inner = Math.max(inner, e);
    }
    // Band-limited: better than −60 dB of a 0.5 sine inside, and no step at either end.
    expect(inner).toBeLessThan(0.0005);
    expect(edges).toBeLessThan(edge);
  });

  it('gives the same samples however the input is split', () => {
    const a = run(48000, 44100, 9000, [9000]);
    const b = run(48000, 44100, 9000, [1, 2, 3, 4000, 4994]);
    expect([...b]).toEqual([...a]);
  });
});

describe('Resampler picked up mid-track', () => {
  it.each([[48000, 44100], [44100, 48000]])('%i → %i: lands on the whole track\'s sample grid', (inRate, outRate) => {
    const total = 20011;
    const whole = run(inRate, outRate, total, [total]);
    // Output sample 7003 on: its input from floor(7003 · in/out), as a seek or a rung switch starts it.
    const fromOut = 7003;
    const from = Math.floor((fromOut * inRate) / outRate);
    const r = new Resampler(inRate, outRate, 1, { out: fromOut, in: from });
    const a = r.push([sine(inRate, 997, from, total - from)])[0] ?? new Float32Array(0);
    const b = r.finish()[0] ?? new Float32Array(0);
    const part = new Float32Array(a.length + b.length);
    part.set(a);
    part.set(b, a.length);
    expect(part.length).toBe(whole.length - fromOut);
    // Past the filter's reach into the reflected head, sample for sample the same as the whole.
    let worst = 0;
    for (let k = 40; k < part.length - 40; k++) worst = Math.max(worst, Math.abs((part[k] ?? 0) - (whole[fromOut + k] ?? 0)));
    expect(worst).toBeLessThan(1e-6);
  });
});
