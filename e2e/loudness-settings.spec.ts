// Settings → Loudness as a user meets it, on its own server and library (30 untagged two-minute
// tracks, each different audio, so the background measurement takes a while): the card shows what
// is left, "Measure now" starts a run whose progress moves, Cancel stops it at once and says so,
// a second run measures the rest, and every track then has its measured gain. The "automatically"
// switch is kept across a reload.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { api, type LoudnessStatus, type Page as Paged, type Track } from '../app/contract/index.ts';
import { repoRoot } from './support/library.ts';
import { startServer, waitForLibrary, type RunningServer } from './support/server.ts';
import { expect, test } from '@playwright/test';

const TRACKS = 30;
const dir = path.join(repoRoot, '.cache/e2e/loudness-v1');

/** One encode of an hour of pink noise (the level changing every 2 minutes), cut into 2-minute mp3s by stream copy. */
function ensureLibrary(): void {
  if (fs.existsSync(path.join(dir, 'done'))) return;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'Noise'), { recursive: true });
  execFileSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `anoisesrc=color=pink:sample_rate=44100:duration=${TRACKS * 120 - 1}:seed=9`,
    '-af', 'volume=0.05+0.02*mod(floor(t/120)\\,10):eval=frame', '-ac', '1', '-c:a', 'libmp3lame', '-q:a', '9',
    '-f', 'segment', '-segment_time', '120', '-reset_timestamps', '1', path.join(dir, 'Noise', 'Part %02d.mp3'),
  ]);
  fs.writeFileSync(path.join(dir, 'done'), '');
}

let server: RunningServer;
const post = (route: string) => server.call('POST', route);

test.beforeAll(async () => {
  test.setTimeout(240_000);
  ensureLibrary();
  server = await startServer({ library: dir });
  await waitForLibrary(server, TRACKS, 120_000);
  // The scan started a measurement on its own: stopped here, so the test starts from a known state.
  await post('/api/library/loudness/cancel');
});
test.afterAll(async () => server?.stop());

test('Settings → Loudness: progress, cancel at once, measure the rest; every track then has its gain', async ({ page }) => {
  test.setTimeout(240_000);
  const status = () => server.get<LoudnessStatus>('/api/library/loudness');
  const before = await status();
  expect(before).toMatchObject({ running: false, cancelled: true, wanted: TRACKS });
  expect(before.measured).toBeLessThan(TRACKS);

  await page.goto(server.entry);
  await page.goto(`${server.base}/#/settings`);
  const card = page.getByTestId('loudness-settings');
  await expect(card.getByTestId('loudness-status')).toContainText(`${before.measured} of ${TRACKS} untagged tracks measured`);
  await expect(card.getByTestId('loudness-status')).toContainText('left (cancelled)');
  const progress = card.getByRole('progressbar');
  await expect(progress).toHaveAttribute('aria-valuenow', String(Math.round((before.measured / TRACKS) * 100)));

  // A run: the status counts up and the bar follows it.
  await card.getByRole('button', { name: 'Measure now' }).click();
  await expect(card.getByTestId('loudness-status')).toContainText(/Measuring \d+ \/ \d+ tracks/);
  await expect(progress).toHaveAccessibleName('Measuring loudness');
  await expect.poll(async () => Number(await progress.getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThan(0);

  // Cancel: stopped at once (ffmpeg killed), what was measured is kept, the card says what is left.
  await card.getByRole('button', { name: 'Cancel' }).click();
  await expect(card.getByRole('button', { name: 'Measure now' })).toBeEnabled();
  const cancelled = await status();
  expect(cancelled).toMatchObject({ running: false, cancelled: true, run: null, last: { cancelled: true } });
  expect(cancelled.measured).toBeGreaterThan(before.measured);
  expect(cancelled.measured).toBeLessThan(TRACKS);
  await expect(card.getByTestId('loudness-status')).toContainText(`${cancelled.measured} of ${TRACKS} untagged tracks measured · ${TRACKS - cancelled.measured} left (cancelled)`);
  // Nothing more is measured while cancelled.
  expect((await status()).measured).toBe(cancelled.measured);

  // Measure the rest.
  await card.getByRole('button', { name: 'Measure now' }).click();
  await expect(card.getByTestId('loudness-status')).toContainText(`${TRACKS} of ${TRACKS} untagged tracks measured`, { timeout: 180_000 });
  await expect(progress).toHaveAttribute('aria-valuenow', '100');
  await expect(progress).toHaveAccessibleName('Tracks measured');
  await expect(card.getByRole('button', { name: 'Measure now' })).toBeDisabled();
  const tracks = await server.get<Paged<Track>>(`${api.tracks()}?limit=100`);
  expect(tracks.items).toHaveLength(TRACKS);
  for (const t of tracks.items) expect(t.gain, t.title).toMatchObject({ source: 'measured', trackGainDb: expect.any(Number), albumGainDb: expect.any(Number) });
  // Louder parts get less gain.
  const gain = (title: string) => tracks.items.find((t) => t.title === title)?.gain?.trackGainDb ?? NaN;
  expect(gain('Part 09')).toBeLessThan(gain('Part 00') - 6);
});

test('"Measure new tracks automatically" is kept across a reload', async ({ page }) => {
  await page.goto(server.entry);
  await page.goto(`${server.base}/#/settings`);
  const auto = page.getByTestId('loudness-settings').getByLabel('Measure new tracks automatically after each scan');
  await expect(auto).toBeChecked();
  await auto.uncheck();
  await expect.poll(async () => (await server.get<LoudnessStatus>('/api/library/loudness')).auto).toBe(false);
  await page.reload();
  await expect(auto).not.toBeChecked();
  await auto.check();
  await expect.poll(async () => (await server.get<LoudnessStatus>('/api/library/loudness')).auto).toBe(true);
});
