// A playlist's page when the server does not answer as hoped, against the real server: a playlist
// that is not there (or was deleted in another window) says so and leaves the sidebar; a reload
// that fails keeps the playlist on screen with a notice and a Try again.
import { api, playlistApi } from '../app/contract/index.ts';
import type { Page as ApiPage, Playlist, Track } from '../app/contract/index.ts';
import type { Page } from '@playwright/test';
import type { RunningServer } from './support/server.ts';
import { expect, test } from './support/fixtures.ts';

test.describe.configure({ mode: 'serial' });

const GONE = 'This playlist no longer exists.';

const go = (page: Page, hash: string) => page.goto(page.url().replace(/#.*$/, '') + hash);
const navPlaylist = (page: Page, name: string) => page.getByTestId('nav-playlist').filter({ hasText: name });

async function createPlaylist(server: RunningServer, name: string, titles: string[] = []): Promise<Playlist> {
  const tracks = (await server.get<ApiPage<Track>>(`${api.tracks()}?limit=100`)).items;
  const trackIds = titles.map((title) => tracks.find((t) => t.title === title)?.id);
  return server.call<Playlist>('POST', playlistApi.list(), { name, ...(trackIds.length ? { trackIds } : {}) });
}

test('a playlist that is not there says so; one deleted in another window leaves the sidebar when its page answers 404', async ({ app: page, server }) => {
  await go(page, '#/playlist/987654321');
  await expect(page.getByTestId('view-error')).toHaveText(GONE);
  await expect(page.getByTestId('view-error')).toHaveAttribute('role', 'alert');
  await expect(page.getByTestId('view-retry')).toHaveCount(0); // a retry cannot bring it back

  const doomed = await createPlaylist(server, 'Deleted elsewhere');
  await page.reload(); // this window learns the list: the sidebar shows it
  await expect(navPlaylist(page, 'Deleted elsewhere')).toBeVisible();
  await server.call('DELETE', `${playlistApi.playlist(doomed.id)}?version=${doomed.version}`);

  await navPlaylist(page, 'Deleted elsewhere').click();
  await expect(page.getByTestId('view-error')).toHaveText(GONE);
  await expect(navPlaylist(page, 'Deleted elsewhere')).toHaveCount(0);
});

test('a reload that fails keeps the playlist on screen with the reason; Try again shows what changed meanwhile', async ({ app: page, server }) => {
  const held = await createPlaylist(server, 'Flaky line', ['Polar Dawn', 'Lemonade']);
  await go(page, `#/playlist/${held.id}`);
  await expect(page.getByTestId('playlist-title')).toHaveText('Flaky line');
  const titles = page.getByTestId('playlist-entry').getByTestId('row-title');
  await expect(titles).toHaveText(['Polar Dawn', 'Lemonade']);

  // The library stops answering for this playlist (the page's own reads only), and another window renames it.
  let failing = true;
  await page.route(
    (url) => url.pathname === playlistApi.playlist(held.id),
    (route) =>
      failing && route.request().method() === 'GET'
        ? route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { status: 503, message: 'The library is busy' } }) })
        : route.continue(),
  );
  await server.call('PUT', playlistApi.playlist(held.id), { version: held.version, name: 'Steady line' });

  // Away and back: the page loads the playlist again, fails, and still shows what it holds.
  await go(page, '#/albums');
  await expect(page.getByTestId('view-albums')).toBeVisible();
  await go(page, `#/playlist/${held.id}`);
  await expect(page.getByTestId('view-stale')).toContainText('The library is busy');
  await expect(page.getByTestId('playlist-title')).toHaveText('Flaky line');
  await expect(titles).toHaveText(['Polar Dawn', 'Lemonade']);
  await expect(page.getByTestId('view-error')).toHaveCount(0);

  // Back from another window (focus), still failing: the same.
  const refused = page.waitForResponse((r) => new URL(r.url()).pathname === playlistApi.playlist(held.id) && r.status() === 503);
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await refused;
  await expect(page.getByTestId('view-stale')).toContainText('The library is busy');
  await expect(page.getByTestId('playlist-title')).toHaveText('Flaky line');

  failing = false;
  await page.getByTestId('view-retry').click();
  await expect(page.getByTestId('playlist-title')).toHaveText('Steady line');
  await expect(page.getByTestId('view-stale')).toHaveCount(0);
  await expect(navPlaylist(page, 'Steady line')).toBeVisible();
});

test('a smart playlist that is not there says so, without a retry that cannot help', async ({ app: page }) => {
  await go(page, '#/smart/987654321');
  await expect(page.getByTestId('view-error')).toHaveText('This smart playlist no longer exists.');
  await expect(page.getByTestId('view-retry')).toHaveCount(0);
  await page.getByTestId('nav-playlists').click();
  await expect(page.getByTestId('view-playlists')).toBeVisible();
  await expect(page.getByTestId('view-error')).toHaveCount(0);
});
