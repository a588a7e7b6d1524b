// Search at scale in the real UI: a 12,000-track synthetic catalog on a real `tonearm serve`.
// Every keystroke asks the server at once (no debounce, nothing cancelled), the results shown are
// the last query's, and "Show all" pages through every match of a group.
import { api, type SearchResult } from '../app/contract/index.ts';
import { expect } from './support/fixtures.ts';
import { catalogServer } from './support/suite.ts';
import { test } from '@playwright/test';

const { server } = catalogServer(12_000);

test('every keystroke is a search of its own, and the last one is what shows', async ({ page }) => {
  await page.goto(server().entry);
  const asked: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname === api.search() && !url.searchParams.has('group')) asked.push(url.searchParams.get('q') ?? '');
  });
  const failed: string[] = [];
  page.on('requestfailed', (r) => failed.push(r.url()));
  const word = 'heart';
  await page.getByTestId('search-input').pressSequentially(word, { delay: 40 });
  const final = await server().get<SearchResult>(`${api.search()}?q=${word}&limit=20`);
  expect(final.totals.tracks).toBeGreaterThan(0);
  await expect(page.locator('.view-title')).toHaveText(`Results for “${word}”`);
  await expect(page.locator('.view-subtitle')).toContainText(`${final.totals.tracks + final.totals.albums + final.totals.artists} results`);
  // One request per prefix, in order, none aborted.
  expect(asked).toEqual(Array.from(word, (_, i) => word.slice(0, i + 1)));
  expect(failed).toEqual([]);
});

test('"Show all" pages through every matching song', async ({ page }) => {
  await page.goto(server().entry);
  // A word on hundreds of songs: more than the first 20 and more than one page of 100.
  const word = 'love';
  const { totals } = await server().get<SearchResult>(`${api.search()}?q=${word}&limit=1`);
  expect(totals.tracks).toBeGreaterThan(120);
  await page.getByTestId('search-input').fill(word);
  const grid = page.locator('[data-testid="search-tracks"] [role="grid"]');
  await expect(grid).toHaveAttribute('aria-rowcount', String(20 + 1));
  const button = page.getByTestId('show-all-tracks');
  await expect(button).toHaveText(`Show all ${totals.tracks} songs`);
  for (let shown = 20; shown < totals.tracks; shown = Math.min(totals.tracks, shown + 100)) {
    await button.click();
    await expect(grid).toHaveAttribute('aria-rowcount', String(Math.min(totals.tracks, shown + 100) + 1));
  }
  await expect(button).toHaveCount(0);
});
