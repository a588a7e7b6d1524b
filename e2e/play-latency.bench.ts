// Click → `playing` latency in Chromium for local tracks, through the real server and the built
// renderer: median and p90 of 20 clicks. Run: `npm run bench:play` (target: median < 100 ms).
import { chromium } from '@playwright/test';
import globalSetup from './global-setup.ts';
import { libraryDir } from './support/library.ts';
import { startServer, waitForLibrary } from './support/server.ts';

const RUNS = Number(process.env.RUNS ?? 20);

interface Probe {
  playingEvents: number;
  lastPlayingAt: number | null;
}

await globalSetup();
const server = await startServer({ library: libraryDir });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
});
try {
  await waitForLibrary(server, 9);
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await page.goto(server.entry);
  await page.getByTestId('nav-songs').click();
  const rows = page.getByTestId('song-row');
  await rows.first().waitFor();
  const count = await rows.count();
  const probe = () => page.evaluate(() => (window.__tonearm?.audioState as () => Probe)());
  const lastClick = () => page.evaluate(() => (window.__tonearm?.lastClickAt as () => number | null)());

  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const row = rows.nth(i % count);
    await row.hover();
    const before = (await probe()).playingEvents;
    // The row's play button (shown on hover) starts that track: one click.
    await row.getByTestId('row-title').dblclick();
    const deadline = Date.now() + 10_000;
    let state = await probe();
    while (state.playingEvents === before || state.lastPlayingAt === null) {
      if (Date.now() > deadline) throw new Error(`run ${i}: no 'playing' event`);
      await new Promise((r) => setTimeout(r, 5));
      state = await probe();
    }
    const clickAt = await lastClick();
    if (clickAt === null || state.lastPlayingAt === null) throw new Error('no timestamps');
    // dblclick = two pointerdowns; the play starts on the second (the one recorded last).
    samples.push(state.lastPlayingAt - clickAt);
    await page.keyboard.press('Space'); // pause before the next run
    await page.waitForTimeout(150);
  }
  samples.sort((a, b) => a - b);
  const pick = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN;
  const median = samples.length % 2 ? pick(0.5) : ((samples[samples.length / 2 - 1] ?? 0) + (samples[samples.length / 2] ?? 0)) / 2;
  console.log(`click → playing over ${samples.length} runs (Chromium, local tracks via tonearm serve):`);
  console.log(`  median ${median.toFixed(1)} ms   p90 ${pick(0.9).toFixed(1)} ms   min ${pick(0).toFixed(1)} ms   max ${pick(1).toFixed(1)} ms`);
  console.log(`  target: median < 100 ms — ${median < 100 ? 'OK' : 'SLOW'}`);
  process.exitCode = median < 100 ? 0 : 1;
} finally {
  await browser.close();
  await server.stop();
}
