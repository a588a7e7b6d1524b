// The player end to end: browse, play real audio, next/previous, seek, search, queue, reload.
import { api } from '../app/contract/index.ts';
import type { PlayerState } from '../app/contract/index.ts';
import { audioState, currentTitle, expect, expectAudioPlaying, queueState, screenshot, seekTo, test } from './support/fixtures.ts';

test.describe.configure({ mode: 'serial' });

test('browse albums, open one, play it: audio really plays', async ({ app: page }) => {
  await page.getByTestId('nav-albums').click();
  const cards = page.getByTestId('album-card');
  await expect(cards).toHaveCount(3);
  await screenshot(page, 'albums');

  await cards.filter({ hasText: 'Aurora Borealis' }).getByRole('link').first().click();
  await expect(page.getByTestId('album-title')).toHaveText('Aurora Borealis');
  const rows = page.getByTestId('album-tracks').getByTestId('track-row');
  await expect(rows).toHaveCount(4);
  await expect(rows.first()).toContainText('Polar Dawn');

  await page.getByTestId('play-album').click();
  await expect(currentTitle(page)).toHaveText('Polar Dawn');
  const state = await expectAudioPlaying(page);
  expect(state.src).toContain('/stream');
  await expect(page.getByTestId('play-pause')).toHaveAttribute('data-state', 'playing');
  await expect(page).toHaveTitle('Polar Dawn — Nordic Lights · Tonearm');
  await screenshot(page, 'album');
});

test('next, previous, seek, pause and keyboard shortcuts', async ({ app: page }) => {
  await page.goto(page.url().replace(/#.*$/, '') + '#/albums');
  await page.getByTestId('album-card').filter({ hasText: 'Aurora Borealis' }).getByTestId('album-card-play').click({ force: true });
  await expect(currentTitle(page)).toHaveText('Polar Dawn');
  await expectAudioPlaying(page);

  await page.getByTestId('next').click();
  await expect(currentTitle(page)).toHaveText('Green Veil');
  const afterNext = await expectAudioPlaying(page);
  expect(afterNext.src).toMatch(/\/stream$/);

  await page.getByTestId('prev').click();
  await expect(currentTitle(page)).toHaveText('Polar Dawn');
  await expectAudioPlaying(page);

  // Seek with the slider: to 12 s.
  await seekTo(page, 12_000);
  await expect.poll(async () => (await audioState(page)).currentTime).toBeGreaterThan(11.5);
  await expect(page.getByTestId('elapsed')).toHaveText(/0:1[2-9]/);

  // ← seeks back 5 s; space pauses and resumes; ctrl+→ goes to the next track.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('ArrowLeft');
  await expect.poll(async () => (await audioState(page)).currentTime).toBeLessThan(11);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('play-pause')).toHaveAttribute('data-state', 'paused');
  expect((await audioState(page)).paused).toBe(true);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('play-pause')).toHaveAttribute('data-state', 'playing');
  await page.keyboard.press('Control+ArrowRight');
  await expect(currentTitle(page)).toHaveText('Green Veil');
  await expectAudioPlaying(page);

  await page.getByTestId('nav-now-playing').click();
  await expect(page.getByTestId('np-title')).toHaveText('Green Veil');
  await screenshot(page, 'now-playing');
});

test('search with a typo, navigate with the keyboard and play the hit', async ({ app: page }) => {
  await page.keyboard.press('/');
  const input = page.getByTestId('search-input');
  await expect(input).toBeFocused();
  await input.pressSequentially('magentic storm', { delay: 20 });
  const hit = page.getByTestId('search-track').filter({ hasText: 'Magnetic Storm' });
  await expect(hit).toBeVisible();
  await screenshot(page, 'search');
  // Enter plays the first song.
  await expect(page.getByTestId('search-track').first()).toContainText('Magnetic Storm');
  await input.press('Enter');
  await expect(currentTitle(page)).toHaveText('Magnetic Storm');
  await expectAudioPlaying(page);

  // Album and artist groups too.
  await input.fill('midnight sesions');
  await expect(page.getByTestId('search-album').filter({ hasText: 'Midnight Sessions' })).toBeVisible();
});

test('queue: play next, add, drag to reorder, remove', async ({ app: page, server }) => {
  await page.goto(page.url().replace(/#.*$/, '') + '#/albums');
  await page.getByTestId('album-card').filter({ hasText: 'Midnight Sessions' }).getByTestId('album-card-play').click({ force: true });
  await expect(currentTitle(page)).toHaveText('Blue Corner');

  // Add another album's first track to the end, and play its second track next.
  await page.getByTestId('album-card').filter({ hasText: 'Sunday Drive' }).getByRole('link').first().click();
  const rows = page.getByTestId('album-tracks').getByTestId('track-row');
  await rows.nth(0).hover();
  await rows.nth(0).getByTestId('row-add-queue').click();
  await rows.nth(1).hover();
  await rows.nth(1).getByTestId('row-play-next').click();

  await page.getByTestId('nav-queue').click();
  const items = page.getByTestId('queue-item').getByTestId('row-title');
  await expect(items).toHaveText(['Blue Corner', 'Lemonade', 'Late Train', 'Smoke Rings', 'Open Road']);

  // Drag "Open Road" (last) onto the top half of "Lemonade" (second): it lands before it.
  const source = page.getByTestId('queue-item').nth(4);
  const target = page.getByTestId('queue-item').nth(1);
  await source.dragTo(target, { targetPosition: { x: 200, y: 8 } });
  await expect(items).toHaveText(['Blue Corner', 'Open Road', 'Lemonade', 'Late Train', 'Smoke Rings']);

  // Remove "Late Train".
  const late = page.getByTestId('queue-item').nth(3);
  await late.hover();
  await late.getByTestId('row-remove').click();
  await expect(items).toHaveText(['Blue Corner', 'Open Road', 'Lemonade', 'Smoke Rings']);
  await expect(page.getByTestId('queue-item').first()).toHaveAttribute('data-current', 'true');
  await screenshot(page, 'queue');

  // The order is saved on the server.
  await expect
    .poll(async () => (await server.get<PlayerState>(api.player())).queue.length, { timeout: 5000 })
    .toBe(4);
});

test('reload resumes the same queue, track and position', async ({ app: page, server }) => {
  await page.goto(page.url().replace(/#.*$/, '') + '#/albums');
  await page.getByTestId('album-card').filter({ hasText: 'Aurora Borealis' }).getByTestId('album-card-play').click({ force: true });
  await expect(currentTitle(page)).toHaveText('Polar Dawn');
  await page.getByTestId('next').click();
  await expect(currentTitle(page)).toHaveText('Green Veil');
  await expectAudioPlaying(page);
  await seekTo(page, 9_000);
  await expect.poll(async () => (await audioState(page)).currentTime).toBeGreaterThan(9);
  await page.getByTestId('play-pause').click();
  await expect(page.getByTestId('play-pause')).toHaveAttribute('data-state', 'paused');
  const before = await queueState(page);
  const pausedAt = (await audioState(page)).currentTime;
  await expect
    .poll(async () => {
      const s = await server.get<PlayerState>(api.player());
      return s.index === before.index && Math.abs(s.positionMs / 1000 - pausedAt) < 0.5;
    })
    .toBe(true);

  await page.reload();
  await expect(currentTitle(page)).toHaveText('Green Veil');
  expect(await queueState(page)).toEqual(before);
  await expect.poll(async () => (await audioState(page)).currentTime).toBeGreaterThan(pausedAt - 0.5);
  expect((await audioState(page)).currentTime).toBeLessThan(pausedAt + 0.5);
  await expect(page.getByTestId('elapsed')).toHaveText(`0:${String(Math.floor(pausedAt)).padStart(2, '0')}`);

  // Play resumes from there.
  await page.getByTestId('play-pause').click();
  const resumed = await expectAudioPlaying(page);
  expect(resumed.currentTime).toBeGreaterThan(pausedAt - 0.5);
});

test('songs, artists, genres, folders and settings views', async ({ app: page }) => {
  await page.getByTestId('nav-songs').click();
  const songs = page.getByTestId('song-row');
  await expect(songs).toHaveCount(9);
  await page.getByTestId('sort-title').click();
  await expect(songs.first()).toContainText('Blue Corner');
  await page.getByTestId('sort-title').click();
  await expect(songs.first()).toContainText('Smoke Rings');
  await screenshot(page, 'songs');
  await songs.filter({ hasText: 'Lemonade' }).getByTestId('row-title').dblclick();
  await expect(currentTitle(page)).toHaveText('Lemonade');
  await expectAudioPlaying(page);

  await page.getByTestId('nav-artists').click();
  await expect(page.getByTestId('artist-row')).toHaveCount(3);
  await screenshot(page, 'artists');
  await page.getByTestId('artist-row').filter({ hasText: 'Marigold' }).click();
  await expect(page.getByTestId('artist-name')).toHaveText('Marigold');
  await screenshot(page, 'artist');

  await page.getByTestId('nav-genres').click();
  await expect(page.getByTestId('genre-tile')).toHaveCount(3);
  await screenshot(page, 'genres');

  await page.getByTestId('nav-folders').click();
  await expect(page.getByTestId('folder-node').first()).toBeVisible();
  await page.getByTestId('folder-node').first().click();
  await screenshot(page, 'folders');

  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('stats')).toContainText('9');
  await expect(page.getByTestId('library-folder')).toHaveCount(1);
  await screenshot(page, 'settings');
});
