// The lyrics panel in Now Playing, end to end: a `.lrc` sidecar appears beside a track of the real
// library (watch mode picks it up), the panel follows playback line by line, and a click seeks.
import fs from 'node:fs';
import path from 'node:path';
import { libraryDir } from './support/library.ts';
import { audioState, currentTitle, expect, expectAudioPlaying, screenshot, test } from './support/fixtures.ts';

const sidecar = path.join(libraryDir, 'Marigold/Sunday Drive/02 Lemonade.lrc');
const lrc = ['[ti:Lemonade]', '[offset:0]', ...Array.from({ length: 10 }, (_, i) => `[00:${String(i * 2).padStart(2, '0')}.00]Line ${i + 1}`)].join('\n');

test.afterAll(() => fs.rmSync(sidecar, { force: true }));

test('lyrics follow playback, a click on a line seeks there', async ({ app: page }) => {
  fs.writeFileSync(sidecar, lrc);
  // Watch mode reads the new sidecar: the track then has lyrics.
  const lemonade = async () => {
    const res = await page.request.get(new URL('/api/search?q=Lemonade&limit=5', page.url()).href);
    const found = ((await res.json()) as { tracks: Array<{ id: number; title: string; hasLyrics: boolean }> }).tracks.find((t) => t.title === 'Lemonade');
    return found?.hasLyrics ?? false;
  };
  await expect.poll(lemonade, { timeout: 20_000 }).toBe(true);

  await page.goto(page.url().replace(/#.*$/, '') + '#/albums');
  await page.getByTestId('album-card').filter({ hasText: 'Sunday Drive' }).getByRole('link').first().click();
  await page.getByTestId('album-tracks').getByTestId('track-row').filter({ hasText: 'Lemonade' }).dblclick();
  await expect(currentTitle(page)).toHaveText('Lemonade');
  await expectAudioPlaying(page);
  await page.getByTestId('nav-now-playing').click();

  const lines = page.getByTestId('lyrics-line');
  await expect(lines).toHaveCount(10);
  const activeIndex = async () => lines.evaluateAll((els) => els.findIndex((e) => e.getAttribute('aria-current') === 'true'));
  // Follows playback: the highlighted line moves on as the track plays.
  const first = await activeIndex();
  expect(first).toBeGreaterThanOrEqual(0);
  await expect.poll(activeIndex, { timeout: 8_000 }).toBeGreaterThan(first);
  await screenshot(page, 'lyrics');

  // A click on "Line 8" (14 s) seeks there, and that line becomes the current one.
  await lines.nth(7).click();
  await expect.poll(async () => (await audioState(page)).currentTime, { timeout: 5_000 }).toBeGreaterThan(13.5);
  await expect.poll(activeIndex, { timeout: 5_000 }).toBeGreaterThanOrEqual(7);
  await expect(lines.nth(7)).toBeInViewport();
});

test('a track without lyrics says so', async ({ app: page }) => {
  await page.goto(page.url().replace(/#.*$/, '') + '#/albums');
  await page.getByTestId('album-card').filter({ hasText: 'Midnight Sessions' }).getByTestId('album-card-play').click({ force: true });
  await expect(currentTitle(page)).toHaveText('Blue Corner');
  await page.getByTestId('nav-now-playing').click();
  await expect(page.getByTestId('lyrics-empty')).toBeVisible();
});
