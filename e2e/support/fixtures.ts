// Shared Playwright fixtures: one real server over the e2e library per worker, and helpers that
// read the player's state from the page (test hooks are installed only under automation).
import { expect, test as base, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { e2eTracks, libraryDir } from './library.ts';
import { startServer, waitForLibrary, type RunningServer } from './server.ts';

import type { AudioState } from '../../renderer/audio/engine.ts';

export type { AudioState };

/** A real server over the e2e library, scanned, for `use`, stopped after (the worker fixture's body). */
export async function serveLibrary(use: (server: RunningServer) => Promise<void>): Promise<void> {
  const server = await startServer({ library: libraryDir });
  await waitForLibrary(server, e2eTracks.length);
  await use(server);
  await server.stop();
}

export const test = base.extend<{ app: Page }, { server: RunningServer }>({
  server: [async ({}, use) => serveLibrary(use), { scope: 'worker' }],
  app: async ({ page, server }, use) => {
    await page.goto(server.entry);
    await expect(page.getByTestId('player-bar')).toBeVisible();
    await use(page);
  },
});

export { expect };

export async function audioState(page: Page): Promise<AudioState> {
  return page.evaluate(() => (window.__tonearm?.audioState as () => AudioState)());
}

export async function queueState(page: Page): Promise<{ ids: number[]; index: number }> {
  return page.evaluate(() => (window.__tonearm?.queue as () => { ids: number[]; index: number })());
}

/** Waits until audio really plays: `playing` fired and currentTime moves forward. */
export async function expectAudioPlaying(page: Page): Promise<AudioState> {
  await expect.poll(async () => (await audioState(page)).playingEvents, { timeout: 15_000 }).toBeGreaterThan(0);
  const first = await audioState(page);
  await expect.poll(async () => (await audioState(page)).currentTime, { timeout: 10_000 }).toBeGreaterThan(first.currentTime + 0.3);
  const now = await audioState(page);
  expect(now.paused).toBe(false);
  expect(now.error).toBeNull();
  return now;
}

export async function screenshot(page: Page, view: string): Promise<void> {
  const dir = path.join('test-results', 'screens');
  fs.mkdirSync(dir, { recursive: true });
  // Let lazy covers load and transitions end (waits on the page's state, not a fixed time).
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.waitForFunction(() => [...document.images].every((i) => i.complete)
    && document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity));
  await page.screenshot({ path: path.join(dir, `${view}.png`) });
}

/** Drags the seek bar to `ms` (what a person's pointer does). */
export async function seekTo(page: Page, ms: number): Promise<void> {
  await page.getByTestId('seek').evaluate((el: HTMLInputElement, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
  }, ms);
}

/** The track title the player bar shows. */
export function currentTitle(page: Page) {
  return page.getByTestId('current-title');
}
