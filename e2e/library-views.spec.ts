// What the library views show for the awkward cases, on a real `tonearm serve` watching a private
// copy of a small library: disc headings, untagged files, one artist separator, honest counts,
// search clicks that do not pile up in the queue, pages that follow changes on disk, and a
// deleted file called what it is.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { currentTitle, expect, expectAudioPlaying, queueState, test as base } from './support/fixtures.ts';
import { copyOddLibrary, writeMp3 } from './support/oddLibrary.ts';
import { startServer, waitForLibrary, type RunningServer } from './support/server.ts';

const test = base.extend<{ app: Page }, { server: RunningServer; music: string }>({
  music: [
    async ({}, use) => {
      const dir = copyOddLibrary();
      await use(dir);
      fs.rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  server: [
    async ({ music }, use) => {
      const server = await startServer({ library: music });
      await waitForLibrary(server, 8);
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
});
test.describe.configure({ mode: 'serial' });

const go = (page: Page, hash: string) => page.goto(page.url().replace(/#.*$/, '') + hash);

async function openAlbum(page: Page, title: string) {
  await go(page, '#/albums');
  await page.getByTestId('album-card').filter({ hasText: title }).getByRole('link').first().click();
  await expect(page.getByTestId('album-title')).toHaveText(title);
}

test('a double album has a heading per disc, tracks in disc order', async ({ app: page }) => {
  await openAlbum(page, 'Double Feature');
  await expect(page.getByTestId('view-album')).toContainText('2 discs');
  await expect(page.getByTestId('disc-heading')).toHaveText(['Disc 1', 'Disc 2']);
  await expect(page.getByTestId('album-tracks').getByTestId('row-title')).toHaveText(['Side A One', 'Side A Two', 'Side B One']);
  // The heading sits right above the first track of its disc.
  const heading = await page.getByTestId('disc-heading').nth(1).boundingBox();
  const first = await page.getByTestId('album-tracks').getByTestId('track-row').nth(2).boundingBox();
  expect(Math.abs((heading?.y ?? 0) + (heading?.height ?? 0) - (first?.y ?? 0))).toBeLessThan(2);
});

test('untagged files: titles without number prefixes, the album from its folder, "Unknown Artist" everywhere, honest counts', async ({ app: page }) => {
  await go(page, '#/songs');
  const songs = page.getByTestId('song-row');
  await expect(songs).toHaveCount(8);
  const untagged = songs.filter({ hasText: 'Lost Tapes' });
  await expect.poll(async () => (await untagged.getByTestId('row-title').allTextContents()).sort()).toEqual(['Closing Theme', 'Opening Theme', 'Rain Song']);
  for (const row of await untagged.all()) await expect(row.getByTestId('row-artist')).toHaveText('Unknown Artist');
  await expect(page.getByTestId('view-songs')).not.toContainText(/\b1-0\d /);

  await openAlbum(page, 'Lost Tapes');
  await expect(page.getByTestId('view-album')).toContainText('Unknown Artist');
  await expect(page.getByTestId('album-tracks').getByTestId('row-title')).toHaveText(['Opening Theme', 'Closing Theme', 'Rain Song']);

  await go(page, '#/artists');
  const unknown = page.getByTestId('artist-row').filter({ hasText: 'Unknown Artist' });
  await expect(unknown).toContainText('1 album · 3 tracks');
  await unknown.click();
  await expect(page.getByTestId('artist-name')).toHaveText('Unknown Artist');
  await expect(page.getByTestId('view-artist')).toContainText('1 album · 3 tracks');
});

test('one artist separator: Songs, player bar, media session, queue and Now Playing all say "Alpha, Beta"', async ({ app: page }) => {
  await go(page, '#/songs');
  const row = page.getByTestId('song-row').filter({ hasText: 'Together' });
  await expect(row.getByTestId('row-artist')).toHaveText('Alpha, Beta');
  await row.getByTestId('row-title').dblclick();
  await expect(currentTitle(page)).toHaveText('Together');
  await expect(page.getByTestId('player-bar').locator('.pb-artist')).toHaveText('Alpha, Beta');
  // The OS media controls and the window title name them the same way.
  expect(await page.evaluate(() => navigator.mediaSession.metadata?.artist)).toBe('Alpha, Beta');
  await expect(page).toHaveTitle('Together — Alpha, Beta · Tonearm');
  await page.getByTestId('play-pause').click();
  await page.getByTestId('nav-queue').click();
  await expect(page.getByTestId('queue-item').filter({ hasText: 'Together' }).getByTestId('row-artist')).toHaveText('Alpha, Beta');
  await page.getByTestId('nav-now-playing').click();
  await expect(page.locator('.np-artist')).toHaveText('Alpha, Beta');
});

test('a search result: a click adds nothing to the queue, a double-click adds it once', async ({ app: page }) => {
  await openAlbum(page, 'Shared Stage');
  await page.getByTestId('play-album').click();
  await expect(currentTitle(page)).toHaveText('Together');
  await page.getByTestId('play-pause').click();
  const before = (await queueState(page)).ids.length;
  await page.keyboard.press('/');
  await page.getByTestId('search-input').fill('rain song');
  const hit = page.getByTestId('search-track').filter({ hasText: 'Rain Song' });
  await hit.getByTestId('row-title').click();
  await hit.getByTestId('row-title').click();
  expect((await queueState(page)).ids.length).toBe(before);
  await hit.getByTestId('row-title').dblclick();
  await expect(currentTitle(page)).toHaveText('Rain Song');
  const after = await queueState(page);
  expect(after.ids.length).toBe(before + 1);
  expect(after.ids.filter((id) => id === after.ids[after.index])).toHaveLength(1);
});

test('album and artist pages follow a change in a watched folder without going blank', async ({ app: page, music }) => {
  await openAlbum(page, 'Double Feature');
  await expect(page.getByTestId('album-tracks').getByTestId('track-row')).toHaveCount(3);
  writeMp3(path.join(music, 'Orbit/Double Feature/2-02 Side B Two.mp3'), 5, {
    title: 'Side B Two', artist: 'Orbit', album_artist: 'Orbit', album: 'Double Feature', track: '2/2', disc: '2/2', genre: 'Space', date: '2020',
  });
  await expect(page.getByTestId('album-tracks').getByTestId('row-title')).toHaveText(['Side A One', 'Side A Two', 'Side B One', 'Side B Two'], { timeout: 20_000 });
  await expect(page.getByTestId('album-title')).toHaveText('Double Feature');

  await page.getByTestId('view-album').getByRole('link', { name: 'Orbit' }).click();
  await expect(page.getByTestId('view-artist')).toContainText('1 album · 4 tracks');
  fs.rmSync(path.join(music, 'Orbit/Double Feature/2-02 Side B Two.mp3'));
  await expect(page.getByTestId('view-artist')).toContainText('1 album · 3 tracks', { timeout: 20_000 });
  await expect(page.getByTestId('artist-name')).toHaveText('Orbit');
});

test('an album or artist that is not in the library says so; the next page shows its own item, not the error', async ({ app: page }) => {
  await go(page, '#/album/987654321');
  await expect(page.getByTestId('view-error')).toHaveText('This album is no longer in your library.');
  await expect(page.getByTestId('view-error')).toHaveAttribute('role', 'alert');
  await go(page, '#/artist/987654321');
  await expect(page.getByTestId('view-error')).toHaveText('This artist is no longer in your library.');
  await openAlbum(page, 'Double Feature');
  await expect(page.getByTestId('view-error')).toHaveCount(0);
  await page.getByTestId('view-album').getByRole('link', { name: 'Orbit' }).click();
  await expect(page.getByTestId('artist-name')).toHaveText('Orbit');
  await expect(page.getByTestId('view-error')).toHaveCount(0);
});

test('a file deleted while it waits in the queue: "file not found", not a format error', async ({ app: page, music }) => {
  await openAlbum(page, 'Lost Tapes');
  await page.getByTestId('album-tracks').getByTestId('row-title').filter({ hasText: 'Opening Theme' }).dblclick();
  await expect(currentTitle(page)).toHaveText('Opening Theme');
  await expectAudioPlaying(page);
  fs.rmSync(path.join(music, 'Unsorted/Lost Tapes (2019) [MP3]/1-02 Closing Theme.mp3'));
  await page.getByTestId('next').click();
  const toast = page.getByTestId('toast-error');
  await expect(toast).toContainText('Closing Theme');
  await expect(toast).toContainText('file not found');
  await expect(toast).not.toContainText('not supported');
});
