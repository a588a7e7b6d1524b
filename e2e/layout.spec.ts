// Layout, themes and accessibility on a real `tonearm serve` over the e2e library: widths from
// 420 px to 4K, the light theme following the system setting, AA contrast, focus, a skip link,
// labelled controls, Settings cards that fit and list every shortcut, and an idle player without
// "-0:00". Screenshots of the main views at 420 and 1440 px in both themes land in
// test-results/screens/<view>-<width>-<theme>.png.
import type { Page } from '@playwright/test';
import { shortcuts } from '../renderer/lib/shortcuts.ts';
import { contrastFailures, unlabelledControls } from './support/a11y.ts';
import { expect, queueState, screenshot, test } from './support/fixtures.ts';

test.describe.configure({ mode: 'serial' });

const go = async (page: Page, hash: string) => {
  await page.evaluate((h) => (location.hash = h), hash);
};

async function openAlbum(page: Page, title: string) {
  await go(page, '#/albums');
  await page.getByTestId('album-card').filter({ hasText: title }).getByRole('link').first().click();
  await expect(page.getByTestId('album-title')).toHaveText(title);
}

const views: [string, (page: Page) => Promise<void>][] = [
  ['albums', async (p) => { await go(p, '#/albums'); await expect(p.getByTestId('album-card').first()).toBeVisible(); }],
  ['album', async (p) => openAlbum(p, 'Aurora Borealis')],
  ['songs', async (p) => { await go(p, '#/songs'); await expect(p.getByTestId('song-row').first()).toBeVisible(); }],
  ['artists', async (p) => { await go(p, '#/artists'); await expect(p.getByTestId('artist-row').first()).toBeVisible(); }],
  ['queue', async (p) => {
    if ((await queueState(p)).ids.length === 0) {
      await openAlbum(p, 'Midnight Sessions');
      await p.getByTestId('play-album').click();
      await expect(p.getByTestId('play-pause')).toHaveAttribute('data-state', 'playing');
      await p.getByTestId('play-pause').click();
    }
    await go(p, '#/queue');
    await expect(p.getByTestId('queue-item').first()).toBeVisible();
  }],
  ['search', async (p) => { await go(p, '#/search?q=storm'); await expect(p.getByTestId('search-track').first()).toBeVisible(); }],
  ['now-playing', async (p) => { await go(p, '#/now-playing'); await expect(p.getByTestId('np-title')).toBeVisible(); }],
  ['settings', async (p) => { await go(p, '#/settings'); await expect(p.getByTestId('stats')).toBeVisible(); }],
];

test('the idle player shows no "-0:00"', async ({ app: page }) => {
  // Nothing queued (the server keeps the player state of earlier tests): once the page has restored
  // that state, clear the queue if it holds anything, and reload.
  await go(page, '#/queue');
  await expect.poll(() => page.evaluate(() => (window.__tonearm?.restored as () => boolean)())).toBe(true);
  if ((await queueState(page)).ids.length > 0) await page.getByTestId('queue-clear').click();
  await expect(page.getByTestId('view-queue')).toContainText('Nothing queued');
  await page.reload();
  await expect(page.getByTestId('player-bar')).toContainText('Nothing playing');
  await expect(page.getByTestId('remaining')).not.toHaveText(/^-/);
});

test('Settings: every value fits its card; the keyboard card lists every shortcut the ? dialog lists', async ({ app: page }) => {
  for (const width of [1440, 800, 420]) {
    await page.setViewportSize({ width, height: 900 });
    await go(page, '#/settings');
    await expect(page.getByTestId('stats')).toContainText('Playing time');
    const clipped = await page.locator('.stat-value, .stat-label').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
    expect(clipped, `at ${width} px`).toEqual([]);
  }
  await page.setViewportSize({ width: 1400, height: 860 });
  const card = page.getByTestId('settings-shortcuts').getByTestId('shortcut');
  await expect(card).toHaveCount(shortcuts.length);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts').getByTestId('shortcut')).toHaveText(await card.allTextContents());
  await page.keyboard.press('Escape');
});

test('from 420 px to 4K: no sideways scrolling, the sidebar collapses to a rail and then a drawer, Songs keeps its columns', async ({ app: page }) => {
  await openAlbum(page, 'Midnight Sessions');
  await page.getByTestId('play-album').click();
  await page.getByTestId('play-pause').click();
  for (const [width, height] of [[420, 800], [800, 600], [1440, 900], [3840, 2160]] as const) {
    await page.setViewportSize({ width, height });
    for (const [name, open] of views) {
      await open(page);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scroll, `${name} at ${width} px`).toBeLessThanOrEqual(width);
    }
    const sidebar = await page.getByTestId('sidebar').boundingBox();
    if (width < 600) {
      expect(sidebar === null || sidebar.x + sidebar.width <= 0).toBe(true);
      await page.getByTestId('nav-toggle').click();
      await expect(page.getByTestId('nav-songs')).toBeInViewport();
      await page.getByTestId('nav-songs').click();
      await expect(page.getByTestId('view-songs')).toBeVisible();
      await expect(page.getByTestId('nav-songs')).not.toBeInViewport();
    } else if (width < 1000) {
      expect(sidebar?.width).toBeLessThanOrEqual(80);
    } else {
      expect(sidebar?.width).toBeGreaterThan(200);
    }
  }
  // Songs at 800×600: title, artist and album columns side by side, none squeezed to nothing.
  await page.setViewportSize({ width: 800, height: 600 });
  await go(page, '#/songs');
  const row = page.getByTestId('song-row').first();
  const title = await row.getByTestId('row-title').boundingBox();
  const artist = await row.getByTestId('row-artist').boundingBox();
  expect(title?.width).toBeGreaterThan(60);
  expect(artist?.width).toBeGreaterThan(60);
  expect((artist?.x ?? 0)).toBeGreaterThan((title?.x ?? 0) + (title?.width ?? 0) - 1);
  await page.setViewportSize({ width: 1400, height: 860 });
});

for (const scheme of ['dark', 'light'] as const) {
  test(`${scheme} theme (the system setting): AA contrast everywhere, every control named`, async ({ app: page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r = 0, g = 0, b = 0] = (/\d+/g[Symbol.match](bg) ?? []).map(Number);
    if (scheme === 'light') expect(r + g + b).toBeGreaterThan(600);
    else expect(r + g + b).toBeLessThan(100);
    for (const [name, open] of views) {
      await open(page);
      expect(await page.evaluate(contrastFailures), `${name} (${scheme})`).toEqual([]);
      expect(await page.evaluate(unlabelledControls), `${name} (${scheme})`).toEqual([]);
    }
  });
}

test('keyboard: a skip link first, one tab stop per album card with a visible ring, stars labelled', async ({ app: page }) => {
  await page.reload();
  await expect(page.getByTestId('player-bar')).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('skip-link')).toBeFocused();
  await expect(page.getByTestId('skip-link')).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('#content')).toBeFocused();

  await go(page, '#/albums');
  const card = page.getByTestId('album-card').first();
  await expect(card).toBeVisible();
  const stops = await card.evaluate((el) => [...el.querySelectorAll<HTMLElement>('a[href], button, [tabindex]')].filter((e) => e.tabIndex >= 0).length);
  expect(stops).toBe(1);
  await card.getByRole('link').first().focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  const ring = await card.locator('.album-art').evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(ring).not.toBe('none');

  await openAlbum(page, 'Aurora Borealis');
  const stars = page.getByTestId('stars-album').getByRole('radio');
  await expect(stars).toHaveCount(5);
  for (let i = 0; i < 5; i++) await expect(stars.nth(i)).toHaveAccessibleName(`${i + 1} star${i ? 's' : ''}`);
});

test('screenshots of the main views at 420 and 1440 px, light and dark', async ({ app: page }) => {
  test.setTimeout(240_000);
  for (const scheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [420, 1440]) {
      await page.setViewportSize({ width, height: width < 600 ? 860 : 900 });
      for (const [name, open] of views) {
        await open(page);
        await screenshot(page, `${name}-${width}-${scheme}`);
      }
    }
  }
});
