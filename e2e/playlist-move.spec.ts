// Moving a selection in a playlist, end to end against the real server: a drag of several entries
// (not next to each other) is ONE move request that the server applies as a whole; when that
// request fails, the list shows the playlist as the server has it — never a half-applied order —
// with one error notice.
import { api, playlistApi } from '../app/contract/index.ts';
import type { Page as ApiPage, Playlist, PlaylistMove, Track } from '../app/contract/index.ts';
import type { Locator, Page } from '@playwright/test';
import type { RunningServer } from './support/server.ts';
import { expect, test } from './support/fixtures.ts';

test.describe.configure({ mode: 'serial' });

const go = (page: Page, hash: string) => page.goto(page.url().replace(/#.*$/, '') + hash);
const titlesOf = (page: Page) => page.getByTestId('playlist-entry').getByTestId('row-title');
const TITLES = ['Polar Dawn', 'Green Veil', 'Magnetic Storm', 'Last Light', 'Blue Corner', 'Late Train'];

async function createPlaylist(server: RunningServer, name: string): Promise<Playlist> {
  const tracks = (await server.get<ApiPage<Track>>(`${api.tracks()}?limit=100`)).items;
  const trackIds = TITLES.map((title) => tracks.find((t) => t.title === title)?.id);
  return server.call<Playlist>('POST', playlistApi.list(), { name, trackIds });
}

const serverTitles = async (server: RunningServer, id: number) =>
  (await server.get<Playlist>(playlistApi.playlist(id))).entries.map((e) => e.track.title);

/** Selects the rows with these titles (click, then Ctrl+click), as a user picks a scattered selection. */
async function select(page: Page, titles: string[]): Promise<void> {
  const rows = page.getByTestId('playlist-entry');
  for (const [i, title] of titles.entries()) {
    await rows.filter({ hasText: title }).getByTestId('row-title').click(i === 0 ? {} : { modifiers: ['Control'] });
  }
}

/** Drags `row` onto the top (before) or bottom (after) half of `target`. */
async function dragOnto(row: Locator, target: Locator, edge: 'before' | 'after'): Promise<void> {
  const box = await target.boundingBox();
  if (!box) throw new Error('drop target not on screen');
  await row.dragTo(target, { targetPosition: { x: 200, y: edge === 'before' ? 4 : box.height - 4 } });
}

test('a drag of a scattered selection is one move request, and the server has the new order', async ({ app: page, server }) => {
  const p = await createPlaylist(server, 'Scattered');
  await go(page, `#/playlist/${p.id}`);
  await expect(titlesOf(page)).toHaveText(TITLES);
  const moves: PlaylistMove[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === playlistApi.move(p.id)) moves.push(r.postDataJSON() as PlaylistMove);
  });

  // "Magnetic Storm" and "Late Train" (3rd and 6th) dragged before "Green Veil" (2nd).
  await select(page, ['Magnetic Storm', 'Late Train']);
  const rows = page.getByTestId('playlist-entry');
  await dragOnto(rows.filter({ hasText: 'Late Train' }), rows.filter({ hasText: 'Green Veil' }), 'before');
  const want = ['Polar Dawn', 'Magnetic Storm', 'Late Train', 'Green Veil', 'Last Light', 'Blue Corner'];
  await expect(titlesOf(page)).toHaveText(want);
  await expect.poll(() => serverTitles(server, p.id)).toEqual(want);
  const id = (title: string) => p.entries.find((e) => e.track.title === title)?.id;
  expect(moves).toEqual([{ version: p.version, entryIds: [id('Magnetic Storm'), id('Late Train')], to: 1 }]);
  await expect(page.getByTestId('toast-error')).toHaveCount(0);

  await page.reload();
  await expect(titlesOf(page)).toHaveText(want);

  // Alt+↑ on a selection: the same single request.
  moves.length = 0;
  await select(page, ['Last Light', 'Blue Corner']);
  await page.keyboard.press('Alt+ArrowUp');
  const up = ['Polar Dawn', 'Magnetic Storm', 'Late Train', 'Last Light', 'Blue Corner', 'Green Veil'];
  await expect(titlesOf(page)).toHaveText(up);
  await expect.poll(() => serverTitles(server, p.id)).toEqual(up);
  expect(moves).toEqual([{ version: p.version + 1, entryIds: [id('Last Light'), id('Blue Corner')], to: 3 }]);
});

test('a move request that fails leaves the list as the server has it, with one error notice', async ({ app: page, server }) => {
  const p = await createPlaylist(server, 'Unreachable');
  await go(page, `#/playlist/${p.id}`);
  await expect(titlesOf(page)).toHaveText(TITLES);

  // Every move request fails on the way (the library cannot be reached); meanwhile another window
  // moves "Late Train" to the top, so the server's order is neither the old one nor this drag's.
  let attempts = 0;
  const moveUrl = (url: URL) => url.pathname === playlistApi.move(p.id);
  await page.route(
    moveUrl,
    async (route) => {
      attempts++;
      if (attempts === 1) {
        const late = p.entries.find((e) => e.track.title === 'Late Train')?.id;
        await server.call('POST', playlistApi.move(p.id), { version: p.version, entryIds: [late], to: 0 });
      }
      await route.abort('connectionreset');
    },
  );

  // "Polar Dawn" and "Last Light" (1st and 4th) dragged after "Blue Corner" (5th).
  await select(page, ['Polar Dawn', 'Last Light']);
  const rows = page.getByTestId('playlist-entry');
  await dragOnto(rows.filter({ hasText: 'Polar Dawn' }), rows.filter({ hasText: 'Blue Corner' }), 'after');

  const onServer = ['Late Train', 'Polar Dawn', 'Green Veil', 'Magnetic Storm', 'Last Light', 'Blue Corner'];
  await expect(page.getByTestId('toast-error')).toHaveCount(1);
  await expect(page.getByTestId('toast-error')).toContainText("Couldn't move the 2 tracks: Cannot reach the library");
  await expect(titlesOf(page)).toHaveText(onServer);
  expect(await serverTitles(server, p.id)).toEqual(onServer);
  expect(attempts).toBeGreaterThanOrEqual(1);

  // The line is back: the next drag goes through on top of the server's order.
  await page.unroute(moveUrl);
  const answers: number[] = [];
  page.on('response', (r) => {
    if (moveUrl(new URL(r.url()))) answers.push(r.status());
  });
  await select(page, ['Blue Corner']);
  await dragOnto(rows.filter({ hasText: 'Blue Corner' }), rows.filter({ hasText: 'Late Train' }), 'before');
  const after = ['Blue Corner', 'Late Train', 'Polar Dawn', 'Green Veil', 'Magnetic Storm', 'Last Light'];
  await expect(titlesOf(page)).toHaveText(after);
  await expect.poll(() => serverTitles(server, p.id)).toEqual(after);
  expect(answers).toEqual([200]); // one request, based on the version the failed drag fetched again
});
