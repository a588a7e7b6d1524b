// The seek analysis (support/stretch.ts) on made-up recordings, no browser: what the engine plays
// around a seek (digital silence, then a 12 ms linear fade-in of the performance from the sample
// asked for), started on the right sample or a few off, and spoiled the ways the platform spoils
// real recordings (zeros in place of a fade's first samples, zeros inserted a little later).
import { expect, test } from '@playwright/test';
import { twoTone } from './support/listening.ts';
import { stretchStart } from './support/stretch.ts';

const FADE = 529;
const TARGET = 52_920;
const AT = 40_000;
// The level a track plays at, with a codec's error (~1e-4, deterministic) on what it decodes.
const signal = (n: number) => 0.6 * twoTone(n);
const decoded = (n: number) => signal(n) + 1e-4 * Math.sin(n * 1.7 + Math.sin(n * 0.31));

/** 10 000 samples of the performance from 30 000 (what played before the seek), silence, then the seek's stretch at AT from `from`. */
function recording(from: number): Float32Array {
  const rec = new Float32Array(80_000);
  for (let i = 0; i < 10_000; i++) rec[10_000 + i] = decoded(30_000 + i) * Math.min(1, (i + 1) / FADE, (10_000 - i) / FADE);
  for (let i = 0; i < 40_000 - 1; i++) rec[AT + i] = decoded(from + i) * Math.min(1, (i + 1) / FADE);
  return rec;
}

/** `length` zeros inserted at `at` (what follows is late; the end falls off). */
function insert(rec: Float32Array, at: number, length: number): Float32Array {
  const out = new Float32Array(rec.length);
  out.set(rec.subarray(0, at));
  out.set(rec.subarray(at, rec.length - length), at + length);
  return out;
}

const find = (rec: Float32Array) => stretchStart(rec, signal, TARGET, 20_000, rec.length, FADE);

test('a seek that starts on the sample asked for: found, envelope offset 0', () => {
  const found = find(recording(TARGET));
  expect(found?.at).toBe(AT);
  expect(found?.err).toBeLessThan(2e-4);
  expect(Math.abs(found?.offset ?? Infinity)).toBeLessThan(0.02);
  expect(found?.masked).toBe(0);
});

test('a seek that starts one or a few samples off: the envelope offset says by how many', () => {
  for (const d of [-3, -1, 1, 2, 5]) {
    const found = find(recording(TARGET + d));
    // The performance after the fade still matches (at moves with it): only the envelope tells.
    expect(found?.err, `start ${d} off`).toBeLessThan(2e-4);
    // (the seek test requires |offset| < 0.5)
    expect(Math.abs((found?.offset ?? Infinity) - d), `start ${d} off: offset ${found?.offset}`).toBeLessThan(0.2);
  }
});

test('the platform replaced the fade-in\'s first 100 samples with zeros: the rest is compared', () => {
  const rec = recording(TARGET);
  rec.fill(0, AT, AT + 100);
  const found = find(rec);
  expect(found?.at).toBe(AT);
  expect(found?.masked).toBe(100);
  expect(Math.abs(found?.offset ?? Infinity)).toBeLessThan(0.02);
  const late = recording(TARGET + 2);
  late.fill(0, AT, AT + 100);
  expect(Math.abs((find(late)?.offset ?? Infinity) - 2)).toBeLessThan(0.2);
});

test('zeros the platform inserted after the fade cut the comparison there', () => {
  const found = find(insert(recording(TARGET), AT + 1024, 141));
  expect(found?.at).toBe(AT);
  expect(found?.tailSamples).toBe(1024 - FADE);
  expect(found?.err).toBeLessThan(2e-4);
});

test('zeros inserted inside the fade: the stretch is read from after them', () => {
  const found = find(insert(recording(TARGET), AT + 150, 200));
  expect(found?.at).toBe(AT + 200);
  expect(found?.masked).toBe(150);
  expect(Math.abs(found?.offset ?? Infinity)).toBeLessThan(0.02);
});

test('a lone exact zero in the music (16-bit sources have them) does not cut the comparison', () => {
  const rec = recording(TARGET);
  rec[AT + 300] = 0;
  const found = find(rec);
  expect(found?.at).toBe(AT);
  expect(found?.tailSamples).toBe(1024);
});

test('most of the fade replaced by zeros: it cannot tell', () => {
  const rec = recording(TARGET);
  rec.fill(0, AT, AT + 400);
  expect(find(rec)).toBeNull();
});
