// A first launch with no library: the empty state explains what to do and loads the demo library.
import { expect, test } from '@playwright/test';
import { screenshot } from './support/fixtures.ts';
import { startServer, type RunningServer } from './support/server.ts';

let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server?.stop();
});

test('empty library shows how to add music and loads the demo library', async ({ page }) => {
  await page.goto(server.entry);
  const empty = page.getByTestId('empty-library');
  await expect(empty).toBeVisible();
  await expect(empty).toContainText('Add a music folder');
  await screenshot(page, 'empty-state');

  await page.getByTestId('try-demo').click();
  await expect(empty).toBeHidden({ timeout: 30_000 });
  await expect(page.getByTestId('album-card')).toHaveCount(2);
  await expect(page.getByTestId('album-card').first()).toContainText(/First Light|Night Shapes/);
  await screenshot(page, 'demo-albums');

  await page.getByTestId('album-card').filter({ hasText: 'First Light' }).getByTestId('album-card-play').click({ force: true });
  await expect(page.getByTestId('current-title')).toHaveText('Morning Arpeggio');
  await expect.poll(() => page.evaluate(() => (window.__tonearm?.audioState as () => { playingEvents: number })().playingEvents)).toBeGreaterThan(0);
});
