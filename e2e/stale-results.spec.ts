// Views whose results belong to a key (the "Similar to …" panel on For you follows the playing
// track; listening stats follow the chosen period) never show another key's results as the current
// ones: while the new key's answer loads, the last key's stay up dimmed and inert (they cannot be
// played or followed under the new title), and a failed load says so instead of leaving them up.
// The request for the new key is held (or failed) with page.route, so every step waits on a
// condition, never on time. The server is this file's own: with no listening history yet, no track
// is left out of the picks as recently played (whatever other specs played before).
import type { Page as PwPage, Route } from '@playwright/test';
import { api, historyApi, recommendApi, type Page as ApiPage, type SimilarTracks, type Track } from '../app/contract/index.ts';
import { currentTitle, expect, queueState, serveLibrary, test as base } from './support/fixtures.ts';
import type { RunningServer } from './support/server.ts';

const test = base.extend<object, { server: RunningServer }>({
  server: [async ({}, use) => serveLibrary(use), { scope: 'worker' }],
});

const similarPath = (id: number) => `/api/recommendations/similar/${id}`;

/** Holds the page's requests to `path` until `release`, which lets them through and stops holding. */
async function hold(page: PwPage, path: string): Promise<{ release: () => Promise<void> }> {
  let open!: () => void;
  const held = new Promise<void>((r) => (open = r));
  const passed: Promise<void>[] = [];
  const match = (url: URL) => url.pathname === path;
  const handler = (route: Route) => {
    const through = held.then(() => route.continue());
    passed.push(through);
    return through;
  };
  await page.route(match, handler);
  return {
    release: async () => {
      open();
      await Promise.all(passed);
      await page.unroute(match, handler);
    },
  };
}

test('the similar panel never offers another track’s picks: stale ones are inert while loading, a failure replaces them', async ({ app: page, server }) => {
  await server.call('POST', `${recommendApi.refresh()}?wait=1`);

  await page.goto(page.url().replace(/#.*$/, '') + '#/albums');
  await page.getByTestId('album-card').filter({ hasText: 'Aurora Borealis' }).getByRole('link').first().click();
  await page.getByTestId('play-album').click();
  // Paused, so the 20 s tracks never advance by themselves: only the Next button moves the seed.
  await expect(page.getByTestId('play-pause')).toHaveAttribute('aria-label', 'Pause');
  await page.getByTestId('play-pause').click();
  await expect(page.getByTestId('play-pause')).toHaveAttribute('aria-label', 'Play');
  const { ids } = await queueState(page);
  const [a, b, c] = ids as [number, number, number];
  const tracks = new Map((await server.get<ApiPage<Track>>(`${api.tracks()}?limit=100`)).items.map((t) => [t.id, t]));
  const picksOf = async (id: number) => (await server.get<SimilarTracks>(`${similarPath(id)}?limit=6`)).tracks.map((p) => p.track.title);
  const [picksA, picksB] = [await picksOf(a), await picksOf(b)];
  expect(picksA.length).toBeGreaterThan(0);
  expect(picksB.length).toBeGreaterThan(0);
  expect(picksB).not.toEqual(picksA); // otherwise a stale list could not be told from the right one

  await page.getByTestId('nav-home').click();
  const panel = page.getByTestId('fy-similar');
  const results = page.getByTestId('fy-similar-results');
  const titles = results.getByTestId('row-title');
  await expect(panel.getByRole('heading')).toHaveText(`Similar to “${tracks.get(a)!.title}”`);
  await expect(titles).toHaveText(picksA);
  await expect(results).not.toHaveAttribute('aria-busy');
  await expect(results).not.toHaveAttribute('inert');

  // Track B's picks are held: the title follows B at once, A's picks stay up but inert and busy.
  const heldB = await hold(page, similarPath(b));
  const requestB = page.waitForRequest((r) => new URL(r.url()).pathname === similarPath(b));
  await page.getByTestId('next').click();
  await requestB;
  await expect(currentTitle(page)).toHaveText(tracks.get(b)!.title);
  await expect(panel.getByRole('heading')).toHaveText(`Similar to “${tracks.get(b)!.title}”`);
  await expect(results).toHaveAttribute('aria-busy', 'true');
  await expect(results).toHaveAttribute('inert', '');
  await expect(titles).toHaveText(picksA);
  await heldB.release();
  await expect(results).not.toHaveAttribute('aria-busy');
  await expect(results).not.toHaveAttribute('inert');
  await expect(titles).toHaveText(picksB);

  // Track C's picks fail: the panel says so, and B's picks are gone rather than left up as C's.
  await page.route((url) => url.pathname === similarPath(c), (route) => route.abort('failed'));
  await page.getByTestId('next').click();
  await expect(currentTitle(page)).toHaveText(tracks.get(c)!.title);
  await expect(panel.getByRole('alert')).toContainText('Similar tracks could not be loaded');
  await expect(results).toHaveCount(0);
});

test('listening stats of another period stay inert and marked busy until the chosen period’s arrive', async ({ app: page }) => {
  await page.goto(page.url().replace(/#.*$/, '') + '#/stats');
  const results = page.getByTestId('stats-results');
  await expect(results.getByTestId('stat-total')).toBeVisible();
  await expect(results).not.toHaveAttribute('aria-busy');

  const held = await hold(page, historyApi.stats());
  const request = page.waitForRequest((r) => new URL(r.url()).pathname === historyApi.stats());
  await page.getByTestId('tab-7').click();
  await request;
  await expect(page.getByTestId('tab-7')).toHaveAttribute('aria-selected', 'true');
  await expect(results).toHaveAttribute('aria-busy', 'true');
  await expect(results).toHaveAttribute('inert', '');
  await held.release();
  await expect(results).not.toHaveAttribute('aria-busy');
  await expect(results).not.toHaveAttribute('inert');
});
