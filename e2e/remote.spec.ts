// Remote mode end to end: the sync server (backed by the local signature-checking S3 server)
// serves the renderer; sign in with a device token, browse, search, play — the audio comes from the
// storage origin through presigned URLs — and recover from URLs that expire mid-track (expired
// deterministically: storage's and the server's clocks are moved past the URL's exact TTL), prefetch
// the next track, play a cached track offline, and honour data saver.
import type { BrowserContext, Page, Request } from '@playwright/test';
import { audioState, currentTitle, expect, expectAudioPlaying, queueState, screenshot, test } from './support/fixtures.ts';
import { remoteAlbum, remoteProbe, signIn, startRemoteRig, type RemoteRig } from './support/remote.ts';

test.describe.configure({ mode: 'serial' });

let rig: RemoteRig;
/** Stream URLs live exactly this long (s); a test moves the clocks past it to expire one. */
const streamTtl = 120;

/**
 * Moves time `ms` ahead for storage (which checks presigned expiry), the sync server (which signs)
 * and, given a page, the player (which swaps a URL about to expire before Chromium's next range read).
 */
async function shiftClocks(ms: number, page?: Page): Promise<void> {
  await rig.t.s3!.setClockOffset(ms);
  rig.t.clock.offsetMs = ms;
  if (page) await page.clock.setSystemTime(Date.now() + ms);
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  rig = await startRemoteRig({ limits: { streamTtlSeconds: streamTtl, streamTtlExact: true, uploadTtlSeconds: 900, coverTtlSeconds: 3600 } });
});
test.afterAll(async () => {
  await rig?.close();
});
// The player state (queue + position) now lives on the sync server and a page restores it: each
// test starts from an empty queue, so one test's restored track is not preloaded (and cached) in the next.
test.beforeEach(async () => {
  const res = await rig.t.call('/api/player', { method: 'PUT', body: { queue: [], index: 0, positionMs: 0 } });
  expect(res.status).toBe(200);
});

function recordRequests(target: Page | BrowserContext): Request[] {
  const seen: Request[] = [];
  target.on('request', (r) => seen.push(r));
  return seen;
}

async function openAlbum(page: Page): Promise<void> {
  await page.getByTestId('nav-albums').click();
  await page.getByTestId('album-card').filter({ hasText: remoteAlbum }).getByRole('link').first().click();
  await expect(page.getByTestId('album-title')).toHaveText(remoteAlbum);
}

async function playRow(page: Page, title: string): Promise<void> {
  await page.getByTestId('album-tracks').getByTestId('track-row').filter({ hasText: title }).dblclick();
  await expect(currentTitle(page)).toHaveText(title);
}

async function waitForWorker(page: Page): Promise<void> {
  await expect.poll(async () => (await remoteProbe(page)).swActive, { timeout: 15_000 }).toBe(true);
}

test('sign in with a device token; desktop-only actions are hidden', async ({ page }) => {
  await page.goto(rig.base + '/');
  await expect(page.getByTestId('signin')).toBeVisible();
  await page.getByTestId('signin-token').fill('tnrm_wrong');
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('signin-error')).toContainText(/not valid/);
  await screenshot(page, 'remote-signin');
  await page.getByTestId('signin-token').fill(rig.token);
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('player-bar')).toBeVisible();
  await expect(page.getByTestId('album-card').filter({ hasText: remoteAlbum })).toBeVisible();
  await expect(page.getByTestId('nav-folders')).toHaveCount(0);
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('remote-streaming')).toBeVisible();
  await expect(page.getByTestId('rescan')).toHaveCount(0);
  await expect(page.getByTestId('library-folders')).toHaveCount(0);
  await expect(page.getByTestId('scan-errors')).toHaveCount(0);
  // Remembered: a reload stays signed in.
  await page.reload();
  await expect(page.getByTestId('player-bar')).toBeVisible();
  await expect(page.getByTestId('signin')).toHaveCount(0);
});

test.describe('without the service worker (plain http on a LAN)', () => {
  test.use({ serviceWorkers: 'block' });

  test('search and play: the audio element loads the presigned URL from the storage origin', async ({ page }) => {
    const requests = recordRequests(page);
    await signIn(page, rig);
    await page.keyboard.press('/');
    await page.getByTestId('search-input').pressSequentially('third ligt', { delay: 20 });
    const hit = page.getByTestId('search-track').filter({ hasText: 'Third Light' });
    await expect(hit).toBeVisible();
    await hit.dblclick();
    await expect(currentTitle(page)).toHaveText('Third Light');
    const state = await expectAudioPlaying(page);
    const src = new URL(state.src ?? '');
    expect(src.origin).toBe(rig.storageOrigin);
    expect(src.searchParams.get('X-Amz-Signature')).toBeTruthy();
    const media = requests.filter((r) => r.url().includes('/renditions/'));
    expect(media.length).toBeGreaterThan(0);
    for (const r of media) expect(new URL(r.url()).origin).toBe(rig.storageOrigin);
    // The sync server answered only the JSON stream-URL request, never audio bytes.
    const serverMedia = requests.filter((r) => r.url().startsWith(rig.base) && r.resourceType() === 'media');
    expect(serverMedia).toEqual([]);
    expect(rig.t.s3?.requests.some((l) => l.startsWith('GET /') && l.includes(rig.keys.get('Third Light/medium') ?? rig.keys.get('Third Light/high') ?? '?'))).toBe(true);
  });

  test('a presigned URL that expires mid-track is replaced; playback resumes at the same position', async ({ page }) => {
    await signIn(page, rig);
    await openAlbum(page);
    await playRow(page, 'Long Horizon');
    const first = await expectAudioPlaying(page);
    const before = await queueState(page);
    // Expire the URL (storage's clock passes its TTL; new URLs are signed at the new time), then
    // seek far ahead: Chromium range-requests the expired URL → 403.
    await shiftClocks((streamTtl + 1) * 1000, page);
    await page.getByTestId('seek').evaluate((el: HTMLInputElement) => {
      el.value = String(300_000);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
    });
    await expect.poll(async () => (await remoteProbe(page)).recoveries, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await audioState(page)).currentTime, { timeout: 15_000 }).toBeGreaterThan(300.5);
    const after = await audioState(page);
    expect(after.paused).toBe(false);
    expect(after.error).toBeNull();
    expect(after.src).not.toBe(first.src);
    expect(new URL(after.src ?? '').origin).toBe(rig.storageOrigin);
    expect(await queueState(page)).toEqual(before);
    await expect(currentTitle(page)).toHaveText('Long Horizon');
    await expect(page.getByTestId('toast-error')).toHaveCount(0);
  });
  test.afterEach(async () => {
    await shiftClocks(0);
  });
  test('listening state lives on the sync server: a favorite and the queue/position survive a reload', async ({ page }) => {
    await signIn(page, rig);
    await openAlbum(page);
    const row = page.getByTestId('album-tracks').getByTestId('track-row').filter({ hasText: 'Second Wave' });
    await row.hover();
    await row.getByTestId('heart-track').click();
    await expect(row.getByTestId('heart-track')).toHaveAttribute('data-on', 'true');
    await playRow(page, 'Second Wave');
    await expectAudioPlaying(page);
    await page.getByTestId('seek').evaluate((el: HTMLInputElement) => {
      el.value = '7000';
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
    });
    await expect.poll(async () => (await audioState(page)).currentTime, { timeout: 10_000 }).toBeGreaterThan(7);
    await page.getByTestId('play-pause').click();
    await expect(page.getByTestId('play-pause')).toHaveAttribute('data-state', 'paused');
    const before = await queueState(page);
    const pausedAt = (await audioState(page)).currentTime;
    // Saved on the sync server (PUT /api/player), not in the page.
    await expect.poll(async () => {
      const s = await rig.t.call<{ queue: number[]; index: number; positionMs: number }>('/api/player');
      return s.status === 200 && s.body.index === before.index && Math.abs(s.body.positionMs / 1000 - pausedAt) < 0.5;
    }, { timeout: 10_000 }).toBe(true);

    await page.reload();
    await expect(currentTitle(page)).toHaveText('Second Wave');
    expect(await queueState(page)).toEqual(before);
    await expect(page.getByTestId('elapsed')).toHaveText(`0:${String(Math.floor(pausedAt)).padStart(2, '0')}`);
    await openAlbum(page);
    const again = page.getByTestId('album-tracks').getByTestId('track-row').filter({ hasText: 'Second Wave' });
    await expect(again.getByTestId('heart-track')).toHaveAttribute('data-on', 'true');
    await page.getByTestId('nav-favorites').click();
    await expect(page.getByTestId('favorite-tracks').getByTestId('row-title')).toContainText(['Second Wave']);
    await expect(page.getByTestId('toast-error')).toHaveCount(0);
  });
});

test.describe('with the service worker', () => {
  test('prefetch: the head of the next track is fetched from storage at ~80 %', async ({ page, context }) => {
    const requests = recordRequests(context);
    await signIn(page, rig);
    await waitForWorker(page);
    await openAlbum(page);
    await playRow(page, 'Second Wave');
    await expectAudioPlaying(page);
    const q = await queueState(page);
    const nextId = q.ids[q.index + 1];
    await page.getByTestId('seek').evaluate((el: HTMLInputElement) => {
      el.value = String(23_000);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
    });
    await expect.poll(async () => (await remoteProbe(page)).prefetches.some((p) => p.id === nextId), { timeout: 15_000 }).toBe(true);
    const probe = await remoteProbe(page);
    const p = probe.prefetches.find((x) => x.id === nextId);
    expect(p?.ratio).toBeGreaterThanOrEqual(0.8);
    expect(p?.ratio).toBeLessThan(0.95);
    const head = () => requests.find((r) => new URL(r.url()).origin === rig.storageOrigin && r.headers().range === 'bytes=0-262143');
    await expect.poll(() => head() !== undefined, { timeout: 10_000 }).toBe(true);
    // Playback itself went storage → worker → element: every storage request came from the worker.
    const storage = requests.filter((r) => new URL(r.url()).origin === rig.storageOrigin);
    expect(storage.length).toBeGreaterThan(0);
    expect(probe.sources.at(-1)?.via).toBe('worker');
    // The next track starts at once.
    await page.getByTestId('next').click();
    await expect(currentTitle(page)).toHaveText('Third Light');
    await expectAudioPlaying(page);
  });

  test('a played track is cached and plays with no network', async ({ page, context }) => {
    await signIn(page, rig);
    await waitForWorker(page);
    await openAlbum(page);
    await playRow(page, 'Fourth Step');
    await expectAudioPlaying(page);
    const id = (await queueState(page)).ids[(await queueState(page)).index];
    await expect.poll(() => page.evaluate(async (trackId) => {
      const cache = await caches.open('tonearm-renditions');
      return (await cache.keys()).some((k) => k.url.includes(`/cache/renditions/${trackId}/`));
    }, id), { timeout: 15_000 }).toBe(true);
    await page.keyboard.press('Space');
    await context.setOffline(true);
    try {
      await page.getByTestId('nav-songs').click();
      await page.getByTestId('nav-albums').click();
      await openAlbum(page);
      await playRow(page, 'Fourth Step');
      await expectAudioPlaying(page);
      expect((await remoteProbe(page)).current?.via).toBe('cache');
      await screenshot(page, 'remote-offline');
    } finally {
      await context.setOffline(false);
    }
  });

  test('data saver streams the low rendition; Settings shows the data used', async ({ page, context }) => {
    const requests = recordRequests(context);
    await signIn(page, rig);
    await waitForWorker(page);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('quality').selectOption('low');
    await openAlbum(page);
    await playRow(page, 'Third Light');
    await expectAudioPlaying(page);
    const probe = await remoteProbe(page);
    expect(probe.current?.rung).toBe('low');
    expect(requests.some((r) => r.url().includes('/stream?quality=low'))).toBe(true);
    const lowKey = rig.keys.get('Third Light/low') ?? '?';
    await expect.poll(() => requests.some((r) => r.url().includes(lowKey)) || (rig.t.s3?.requests.some((l) => l.includes(lowKey)) ?? false)).toBe(true);
    await page.getByTestId('nav-settings').click();
    await expect.poll(async () => (await remoteProbe(page)).usage.session, { timeout: 10_000 }).toBeGreaterThan(100_000);
    await expect(page.getByTestId('usage-session')).not.toHaveText(/^0/);
    await screenshot(page, 'remote-settings');
  });
});
