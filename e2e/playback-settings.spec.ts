// Settings → Playback as a user meets it: every control labelled, choices kept across a reload and
// shown in Now Playing; volume in 1 dB steps; the sleep timer's "end of this track" stops playback
// there and its indicator in the player bar says so (and cancels it).
import { currentTitle, expect, expectAudioPlaying, test } from './support/fixtures.ts';

test('playback settings are labelled, kept across a reload and shown in Now Playing', async ({ app: page }) => {
  const base = page.url().replace(/#.*$/, '');
  await page.goto(`${base}#/settings`);
  const card = page.getByTestId('playback-settings');
  await expect(card).toBeVisible();
  await card.getByLabel(/^Normalize with ReplayGain/).selectOption('album');
  await card.getByLabel('Crossfade', { exact: true }).fill('5');
  await card.getByLabel('10-band equalizer').check();
  await card.getByLabel('Preset').selectOption('Rock');
  await card.getByLabel('1 kHz').fill('3');
  await expect(card.getByLabel('Preset')).toHaveValue('Custom');
  // Every input and select of the card has an accessible name.
  for (const control of await card.locator('input, select').all()) {
    expect(await control.evaluate((el) => (el as HTMLInputElement).labels?.length ?? 0), await control.evaluate((el) => el.outerHTML.slice(0, 80))).toBeGreaterThan(0);
  }
  await page.reload();
  await page.goto(`${base}#/settings`);
  await expect(card.getByLabel(/^Normalize with ReplayGain/)).toHaveValue('album');
  await expect(card.getByLabel('Crossfade', { exact: true })).toHaveAttribute('aria-valuetext', '5 s');
  await expect(card.getByLabel('1 kHz')).toHaveAttribute('aria-valuetext', '+3 dB');
  await page.goto(`${base}#/albums`);
  await page.getByTestId('album-card').filter({ hasText: 'Aurora Borealis' }).getByTestId('album-card-play').click({ force: true });
  await expectAudioPlaying(page);
  await page.goto(`${base}#/now-playing`);
  await expect(page.getByTestId('np-playback')).toContainText('Crossfade 5 s');
  await expect(page.getByTestId('np-playback')).toContainText('EQ Custom');
  await expect(page.getByTestId('np-playback')).toContainText(/Album gain|Track gain|No loudness data/);
});

test('volume moves in 1 dB steps and says its level', async ({ app: page }) => {
  const volume = page.getByTestId('volume');
  await volume.fill('-12');
  await expect(volume).toHaveAttribute('aria-valuetext', '−12 dB');
  const linear = await page.evaluate(() => (window.__tonearm?.player as () => { volume: number })().volume);
  expect(20 * Math.log10(linear)).toBeCloseTo(-12, 6);
  await volume.press('ArrowUp');
  await expect(volume).toHaveAttribute('aria-valuetext', '−11 dB');
  await volume.fill('0');
  await expect(volume).toHaveAttribute('aria-valuetext', '0 dB');
});

test('sleep timer "at the end of this track" stops there; the player bar shows it and cancels it', async ({ app: page }) => {
  const base = page.url().replace(/#.*$/, '');
  await page.goto(`${base}#/settings`);
  await page.getByTestId('sleep-timer').selectOption('30');
  await expect(page.getByTestId('sleep-indicator')).toContainText('30 min');
  await page.getByTestId('sleep-indicator').click();
  await expect(page.getByTestId('sleep-indicator')).toHaveCount(0);
  await page.getByTestId('sleep-timer').selectOption('track');
  await expect(page.getByTestId('sleep-indicator')).toHaveAccessibleName(/end of this track/);
  await page.goto(`${base}#/albums`);
  await page.getByTestId('album-card').filter({ hasText: 'Aurora Borealis' }).getByTestId('album-card-play').click({ force: true });
  await expectAudioPlaying(page);
  const duration = await page.evaluate(() => (window.__tonearm?.player as () => { durationMs: number })().durationMs);
  await page.evaluate((ms) => (window.__tonearm?.seek as (ms: number) => void)(ms), duration - 1500);
  // The track ends; playback stops, on the next track, and the timer is done.
  await expect(currentTitle(page)).toHaveText('Green Veil', { timeout: 15_000 });
  await expect(page.getByTestId('play-pause')).toHaveAttribute('data-state', 'paused');
  await expect(page.getByTestId('sleep-indicator')).toHaveCount(0);
});
