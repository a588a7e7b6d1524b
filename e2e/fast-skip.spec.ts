// Skipping on at once after starting an album must still play the new track (a play requested
// while the previous track is still starting must not be lost).
import { audioState, currentTitle, expect, test } from './support/fixtures.ts';

for (const delay of [0, 120, 250]) {
  test(`next ${delay} ms after starting an album plays the next track`, async ({ app: page }) => {
    await page.goto(page.url().replace(/#.*$/, '') + '#/albums');
    await page.getByTestId('album-card').filter({ hasText: 'Aurora Borealis' }).getByTestId('album-card-play').click({ force: true });
    await page.waitForTimeout(delay);
    await page.getByTestId('next').click();
    await expect(currentTitle(page)).toHaveText('Green Veil');
    await expect.poll(async () => (await audioState(page)).playingEvents, { timeout: 10_000 }).toBeGreaterThan(0);
  });
}
