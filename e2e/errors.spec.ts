// A file the browser cannot play: an error toast, and playback moves on to the next track.
import { expect, test } from '@playwright/test';
import { ensureBrokenLibrary } from './support/library.ts';
import { startServer, waitForLibrary, type RunningServer } from './support/server.ts';
import { expectAudioPlaying } from './support/fixtures.ts';

let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer({ library: ensureBrokenLibrary() });
  await waitForLibrary(server, 3);
});
test.afterAll(async () => {
  await server?.stop();
});

test('an unplayable file shows an error and the next track plays', async ({ page }) => {
  await page.goto(server.entry);
  await page.getByTestId('album-card').first().getByRole('link').first().click();
  const rows = page.getByTestId('album-tracks').getByTestId('track-row');
  await expect(rows).toHaveCount(3);
  await rows.nth(1).dblclick();
  await expect(page.getByTestId('toast-error')).toContainText('Cannot Play');
  await expect(page.getByTestId('current-title')).toHaveText('Fine End');
  await expectAudioPlaying(page);
});
