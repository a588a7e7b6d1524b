// Whole lists, never cut: a 12,000-track synthetic catalog on a real `tonearm serve` (the biggest
// genre has 230 albums and 2,666 tracks — more than one page of anything). Every album of a genre
// is reachable, Play covers every track of the genre and Play from a row in Songs queues the whole
// list; the Songs table keeps a bounded number of pages while scrolling through it.
import { api, type Page as ApiPage, type Album } from '../app/contract/index.ts';
import { expect, queueState } from './support/fixtures.ts';
import { catalogServer } from './support/suite.ts';
import { test } from '@playwright/test';

const { facts, server } = catalogServer(12_000);

test('a genre shows every album (paged) and Play / Shuffle take every track', async ({ page }) => {
  const { topGenre } = facts;
  await page.goto(`${server().entry}`);
  await page.goto(`${server().base}/#/genre/${topGenre.id}`);
  await expect(page.getByTestId('genre-counts')).toHaveText(`${topGenre.albums} albums · ${topGenre.tracks.toLocaleString('en-US')} tracks`);
  // Scroll to the end of the grid: the last album of the genre is there.
  const last = await server().get<ApiPage<Album>>(`${api.albums()}?genreId=${topGenre.id}&sort=artist&order=asc&offset=${topGenre.albums - 1}&limit=1`);
  const lastAlbum = last.items[0];
  expect(lastAlbum).toBeDefined();
  await page.evaluate(() => document.getElementById('content')?.scrollTo({ top: 1e9 }));
  await expect(page.locator(`[data-testid="album-card"][data-album-id="${lastAlbum?.id}"]`)).toBeVisible();

  await page.getByTestId('play-genre').click();
  await expect.poll(async () => (await queueState(page)).ids.length).toBe(topGenre.tracks);
  await page.getByTestId('play-pause').click();
  await page.getByTestId('shuffle-genre').click();
  await expect.poll(async () => new Set((await queueState(page)).ids).size).toBe(topGenre.tracks);
});

test('Songs: play from a row queues the whole list; scrolling keeps a bounded cache and cancels pages it passed', async ({ page }) => {
  await page.goto(server().entry);
  await page.goto(`${server().base}/#/songs`);
  const rows = page.getByTestId('song-row');
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId('view-songs')).toContainText('12,000 songs');
  // Jump through the list a screen at a time, then to the end: the last row loads.
  for (let i = 1; i <= 10; i++) await page.evaluate((f) => document.getElementById('content')?.scrollTo({ top: f * 40_000 }), i);
  await page.evaluate(() => document.getElementById('content')?.scrollTo({ top: 1e9 }));
  await expect(rows.last()).toContainText(/\S/);
  const stats = await page.evaluate(() => (window.__tonearm?.songsStats as () => { pages: number; requests: number; aborted: number })());
  expect(stats.pages).toBeLessThanOrEqual(24);
  // 120 pages were passed on the way down: far fewer were asked for.
  expect(stats.requests).toBeLessThan(40);
  // Double-click the last row: the queue is the whole list, starting there.
  const lastId = Number(await rows.last().getAttribute('data-track-id'));
  // In list order, so shuffle off (the genre test above left it on, and the server keeps it).
  if ((await page.getByTestId('shuffle').getAttribute('aria-pressed')) === 'true') await page.getByTestId('shuffle').click();
  await expect(page.getByTestId('shuffle')).toHaveAttribute('aria-pressed', 'false');
  await rows.last().getByTestId('row-title').dblclick();
  await expect.poll(async () => (await queueState(page)).ids.length).toBe(12_000);
  // In the list's order (the files of a synthetic catalog do not exist, so the player moves on
  // from the row it started at: the order is what is checked, not the index).
  const { ids } = await server().get<{ ids: number[] }>(`${api.trackIds()}?sort=artist&order=asc`);
  expect((await queueState(page)).ids).toEqual(ids);
  expect(ids[11_999]).toBe(lastId);
});
