// The resume analysis (support/resume.ts) on made-up recordings, no browser: playing, a pause that
// fades out into digital silence, then a resume that fades in on the sample after the last one
// played — or one whose first 1024 samples the platform lost (the whole 12 ms fade-in: a click).
import { expect, test } from '@playwright/test';
import { twoTone } from './support/listening.ts';
import { resumes } from './support/resume.ts';

const FADE = 529;
const signal = (n: number) => 0.6 * twoTone(n);
const decoded = (n: number) => signal(n) + 1e-5 * Math.sin(n * 1.7);
const fadeIn = (i: number) => Math.min(1, (i + 1) / FADE);

/** From recording 1000: performance 0 … 19 999 (fading in, and out at the end), 20 000 samples of silence, then the resume from 20 000 with `lost` samples lost. */
function recording(lost: number): Float32Array {
  const rec = new Float32Array(70_000);
  for (let i = 0; i < 20_000; i++) rec[1000 + i] = decoded(i) * Math.min(fadeIn(i), (20_000 - i) / FADE);
  for (let i = lost; i < 20_000; i++) rec[41_000 + i - lost] = decoded(20_000 + i) * fadeIn(i);
  return rec;
}

test('a resume that fades in on the sample where the pause stopped', () => {
  const [r, ...more] = resumes(recording(0), signal, 1000, 61_000, FADE, 10_000);
  expect(more).toEqual([]);
  expect(r).toMatchObject({ continues: 20_000, sound: 41_000, lost: 0 });
  expect(r?.step).toBeLessThan(2e-3);
  expect(r?.early).toBeLessThan(0.25);
  expect(Math.abs(r?.stretch?.offset ?? Infinity)).toBeLessThan(0.02);
});

test('a resume whose first 1024 samples were lost: a step at full level, no fade-in found', () => {
  const [r] = resumes(recording(1024), signal, 1000, 61_000, FADE, 10_000);
  expect(r).toMatchObject({ continues: 20_000, lost: 1024, stretch: null });
  expect(r?.early).toBeGreaterThan(0.5);
});
