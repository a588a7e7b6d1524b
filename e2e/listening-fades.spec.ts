// Pause, resume, seek and skip, heard at the sound card (support/listen.ts): every one fades (no
// click: the waveform never steps), a resume continues on the very sample where the pause began,
// and a seek or a skip starts exactly on the sample asked for.
import { expect, test } from '@playwright/test';
import { fitStart, transitions } from './support/analysis.ts';
import { expectedLevels } from './support/checks.ts';
import { expectNoEngineGaps } from './support/listen.ts';
import { decodedPerformance, fadesAlbum, gaplessAlbums, performance } from './support/listening.ts';
import { stretchStart } from './support/stretch.ts';
import { listeningRig } from './support/suite.ts';

const listening = listeningRig();

const RATE = 44100;

test('pause, resume, seek and skip fade without a click and land on the exact sample', async () => {
  test.setTimeout(120_000);
  const album = fadesAlbum;
  const signal = performance(album, expectedLevels(await listening().gains(album.title), true));
  const { page } = listening();
  const player = () => page.evaluate(() => (window.__tonearm?.player as () => { positionMs: number; isPlaying: boolean })());
  const index = () => page.evaluate(() => (window.__tonearm?.queue as () => { index: number })().index);
  const seek = (ms: number) => page.evaluate((t) => (window.__tonearm?.seek as (ms: number) => void)(t), ms);
  const reach = async (ms: number, track: number) => {
    await expect.poll(async () => (await player()).positionMs, { timeout: 20_000, intervals: [20] }).toBeGreaterThan(ms);
    expect(await index(), `still on track ${track + 1}`).toBe(track);
  };

  await listening().openAlbum(album.title);
  const before = await listening().engine();
  const recorder = listening().pulse.record();
  await page.getByTestId('play-album').click();
  await reach(1000, 0);
  await page.getByTestId('play-pause').click(); // pause
  await expect.poll(async () => (await player()).isPlaying).toBe(false);
  await page.waitForTimeout(400);
  await page.getByTestId('play-pause').click(); // resume
  await reach(2500, 0);
  await seek(6000);
  await reach(6800, 0);
  await page.getByTestId('next').click();
  await expect.poll(index).toBe(1);
  await reach(1500, 1);
  await seek(7000);
  await reach(7800, 1);
  await page.getByTestId('play-pause').click();
  const rec = await listening().finish(recorder, 'fades');
  const after = await listening().engine();
  console.log(`engine ${JSON.stringify(after)}`);
  const was = (k: 'underruns' | 'starvedFrames' | 'lateJoins' | 'zeroFrames') => after[k] - (before?.[k] ?? 0);
  expectNoEngineGaps({ ...after, underruns: was('underruns'), starvedFrames: was('starvedFrames'), lateJoins: was('lateJoins'), zeroFrames: was('zeroFrames') });

  const first = rec.findIndex((v) => v !== 0);
  let last = rec.length - 1;
  while (last > 0 && rec[last] === 0) last--;
  // Two tones of up to 0.45 move at most ~0.034 per sample: a bigger step is a click. The only
  // steps allowed are the edges of the platform's own silences (exact zeros, cut hard).
  const { runs, straySteps } = transitions(rec, first, last + 1, 0.06, 0.045);
  console.log(`silences: ${runs.map((r) => `${r.length}@${r.at}${r.smooth ? '' : ' (hard: platform)'}`).join(', ')}; stray steps ${straySteps.length}`);
  expect(straySteps, 'steps in the waveform away from a platform silence').toEqual([]);
  expect(Math.max(...Array.from(rec.subarray(last - 63, last + 1), Math.abs)), 'fade out at the end').toBeLessThan(0.06);

  // Each stretch of sound starts on its exact sample, fading in over 12 ms (529 samples): the
  // performance after the fade, and where the fade's envelope sits against it (support/stretch.ts).
  const FADE = Math.round(0.012 * RATE);
  let checked = 0;
  const expectStretch = (what: string, start: number, from: number, to: number): number => {
    const found = stretchStart(rec, signal, start, from, to, FADE);
    if (!found) {
      console.log(`${what}: cannot tell (platform silences at its start)`);
      return from;
    }
    console.log(`${what}: at ${found.at}, error ${found.err.toExponential(2)}, fade-in error ${found.fadeErr.toExponential(2)}, ` +
      `envelope offset ${found.offset.toFixed(3)} samples${found.masked > 0 ? ` (its first ${found.masked} samples exact zeros: not compared)` : ''}`);
    expect(found.err, `${what}: the performance from sample ${start} is in the recording`).toBeLessThan(0.005);
    expect(found.fadeErr, `${what}: fades in`).toBeLessThan(0.005);
    expect(Math.abs(found.offset), `${what}: the fade's first sample is sample ${start}`).toBeLessThan(0.5);
    checked++;
    return found.at;
  };
  const a = expectStretch('album start', 0, first - 2, first + 3);
  // Resume: on the sample after the last one the pause's fade-out played.
  // The pause: the first long silence (the test waits 400 ms) that a fade-out leads into. Not the
  // longest 'smooth' one: the platform can replace the start of the resume's fade-in (one run lost
  // the first 1024 samples after the context resumed), which makes the pause's far edge hard.
  const quietBefore = (at: number) => Math.max(...Array.from(rec.subarray(at - 64, at), Math.abs)) <= 0.06;
  const pause = runs.find((r) => r.length >= 0.3 * RATE && quietBefore(r.at));
  if (!pause) throw new Error(`no pause in the recording (silences: ${runs.map((r) => `${r.length}@${r.at}`).join(', ')})`);
  // Platform silences before it make the pause later than the album's start says, by up to all they
  // hold (one take under load had three, 21,000 samples): the search reaches that far.
  const held = runs.filter((r) => r.at > a && r.at < pause.at).reduce((sum, r) => sum + r.length, 0);
  const endA = fitStart(rec, signal, pause.at - 1700, 1024, pause.at - 1700 - a - Math.ceil(held / 2), Math.ceil(held / 2) + 4000);
  const b = expectStretch('resume after pause', endA.start + 1700, pause.at, pause.at + pause.length + 2);
  const c = expectStretch('seek to 6 s', Math.round(6 * RATE), b, last);
  const cut1 = album.cuts[1] ?? 0;
  const d = expectStretch('skip to the next track', cut1, c, last);
  expectStretch('seek to 7 s', cut1 + Math.round(7 * RATE), d, last);
  expect(checked, 'stretches checked (a platform silence can hide one)').toBeGreaterThanOrEqual(4);
});

// Every format seeks to its exact sample (MP3's bit reservoir and LAME delay, AAC priming, Opus
// pre-skip and Vorbis's first packet after a restart, resampled 48 kHz tracks), fading in. Each
// stretch after a seek is compared with another decoder's (ffmpeg's) output of the same files from
// the sample asked for: the samples after the fade, and where the fade's envelope sits against
// them (support/stretch.ts) — a start one sample early or late moves it by one. Two seeks each: a
// platform silence (the sound service missing a deadline) right at a stretch's start can leave too
// little of it to compare.
for (const album of gaplessAlbums) {
  test(`${album.title}: seeks land on their exact sample`, async () => {
    const signal = decodedPerformance(album, expectedLevels(await listening().gains(album.title), true));
    const { page } = listening();
    const position = () => page.evaluate(() => (window.__tonearm?.player as () => { positionMs: number })().positionMs);
    const queued = () => page.evaluate(() => (window.__tonearm?.queue as () => { ids: number[] })().ids);
    const seek = (ms: number) => page.evaluate((t) => (window.__tonearm?.seek as (ms: number) => void)(t), ms);
    // Each step waits for the engine to say it happened (a position read before that is the
    // previous track's, or the one before the seek).
    const counters = async () => (await listening().engine()) ?? { started: 0, seeks: 0, lastSeekId: null };
    // The performance sample each seek asked for, in the track the engine says the seek landed in
    // (on a slow machine a track can end between the test's reading a position and its seek).
    const asked: number[] = [];
    const seekTo = async (ms: number) => {
      const { seeks } = await counters();
      await seek(ms);
      let landed = await counters();
      await expect.poll(async () => (landed = await counters()).seeks, { intervals: [20] }).toBeGreaterThan(seeks);
      const track = (await queued()).indexOf(landed.lastSeekId ?? -1);
      expect(track, `the track seek ${asked.length + 1} landed in`).toBeGreaterThanOrEqual(0);
      asked.push((album.cuts[track] ?? 0) + Math.round((ms / 1000) * RATE));
      await expect.poll(position, { intervals: [20] }).toBeGreaterThan(ms + 400);
    };
    await listening().openAlbum(album.title);
    // Repeat the album: however slow the machine (the test's steps, not the audio), a seek finds a track playing.
    const repeat = page.getByTestId('repeat');
    for (let i = 0; i < 3 && (await repeat.getAttribute('data-mode')) !== 'all'; i++) await repeat.click();
    await expect(repeat).toHaveAttribute('data-mode', 'all');
    const before = await listening().engine();
    const recorder = listening().pulse.record();
    await page.getByTestId('play-album').click();
    await expect.poll(async () => (await counters()).started, { intervals: [20] }).toBeGreaterThan(before?.started ?? 0);
    await expect.poll(position, { intervals: [20] }).toBeGreaterThan(300);
    await seekTo(1200);
    await seekTo(150);
    await page.getByTestId('play-pause').click();
    const rec = await listening().finish(recorder, `${album.title} seeks`);
    const after = await listening().engine();
    const lost = Math.round(((after.playback?.underrunDuration ?? 0) - (before?.playback?.underrunDuration ?? 0)) * RATE);
    console.log(`${album.title}: engine ${JSON.stringify(after)}; Chromium render underruns ${lost} samples`);
    // The engine played every sample it took, with no digital silence of its own: a run of exact
    // zeros in a stretch is the platform's (support/stretch.ts leaves it out).
    const was = (k: 'underruns' | 'starvedFrames' | 'lateJoins' | 'zeroFrames') => after[k] - (before?.[k] ?? 0);
    expectNoEngineGaps({ ...after, underruns: was('underruns'), starvedFrames: was('starvedFrames'), lateJoins: was('lateJoins'), zeroFrames: was('zeroFrames') });
    const FADE = Math.round(0.012 * RATE);
    let checked = 0;
    let from = rec.findIndex((v) => v !== 0) + FADE;
    for (const [k, target] of asked.entries()) {
      const found = stretchStart(rec, signal, target, from, rec.length, FADE);
      if (!found) {
        console.log(`${album.title}: seek to ${target}: cannot tell (platform silences at its start)`);
        continue;
      }
      from = found.at + FADE;
      console.log(`${album.title}: seek to ${target}: at ${found.at}, error ${found.err.toExponential(2)} over ${found.tailSamples}, ` +
        `fade-in error ${found.fadeErr.toExponential(2)}, envelope offset ${found.offset.toFixed(3)} samples` +
        `${found.masked > 0 ? ` (its first ${found.masked} samples exact zeros: not compared)` : ''}`);
      const what = `seek ${k + 1} (to performance sample ${target})`;
      expect(found.err, `${what}: the performance from the sample asked for`).toBeLessThan(0.005);
      expect(found.fadeErr, `${what}: fades in`).toBeLessThan(Math.max(0.005, 6 * found.err));
      expect(Math.abs(found.offset), `${what}: the fade's first sample is the one asked for`).toBeLessThan(0.5);
      checked++;
    }
    expect(checked, 'seeks checked').toBeGreaterThan(0);
  });
}
