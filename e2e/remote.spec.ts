// Remote mode end to end against the sync server over the local signature-checking S3 server with
// bucket CORS: sign in with a device token, browse, search, and play through the streaming engine
// reading presigned renditions from storage in ranges — straight from the page, or through the
// service worker's range cache (which then plays offline) — honour data saver, read the next
// track's head before the current one ends, switch rungs mid-track, and keep skips and sign-in cheap.
// remote-stores.spec.ts covers the fs store (URL expiry) and a bucket without CORS.
import type { Page } from '@playwright/test';
import { audioState, currentTitle, expect, expectAudioPlaying, queueState, screenshot, seekTo, test } from './support/fixtures.ts';
import { engineState, renditionReads, storageBytes } from './support/remoteChecks.ts';
import { playFromAlbum, playRemoteRow, remoteProbe, signIn, signInAndPlay, startRemoteRig, type RemoteRig } from './support/remote.ts';

test.describe.configure({ mode: 'serial' });

let rig: RemoteRig;
/** Stream URLs live exactly this long (s; an exact TTL hands no URL out twice); a test moves the clocks past it. */
const streamTtl = 120;

/** Moves time ahead for storage (which checks presigned expiry) and the sync server (which signs). */
async function shiftClocks(ms: number): Promise<void> {
  await rig.t.s3?.setClockOffset(ms);
  rig.t.clock.offsetMs = ms;
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  rig = await startRemoteRig({ limits: { streamTtlSeconds: streamTtl, streamTtlExact: true, uploadTtlSeconds: 900, coverTtlSeconds: 3600 } });
});
test.afterAll(async () => {
  await rig?.close();
});
// The player state (queue + position) lives on the sync server and a page restores it: each test
// starts from an empty queue.
test.beforeEach(async () => {
  await shiftClocks(0);
  const res = await rig.t.call('/api/player', { method: 'PUT', body: { queue: [], index: 0, positionMs: 0 } });
  expect(res.status).toBe(200);
});

const engineStats = async (page: Page) => (await engineState(page)).engine ?? { started: 0, advanced: 0, underruns: 0 };

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
  await expect(page.getByTestId('album-card').filter({ hasText: 'Remote Sessions' })).toBeVisible();
  await expect(page.getByTestId('nav-folders')).toHaveCount(0);
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('remote-streaming')).toBeVisible();
  await expect(page.getByTestId('rescan')).toHaveCount(0);
  await expect(page.getByTestId('library-folders')).toHaveCount(0);
  await expect(page.getByTestId('scan-errors')).toHaveCount(0);
  // Storage allows this page's reads: detected, not assumed.
  await expect(page.getByTestId('storage-access')).toHaveAttribute('data-cors', 'ok');
  await page.reload();
  await expect(page.getByTestId('player-bar')).toBeVisible();
  await expect(page.getByTestId('signin')).toHaveCount(0);
});

test.describe('streaming straight from storage (no service worker)', () => {
  test.use({ serviceWorkers: 'block' });

  test('search and play: the engine reads the presigned rendition from storage in ranges; the server carries no audio', async ({ page }) => {
    const from = rig.t.s3?.served.length ?? 0;
    const media: string[] = [];
    page.on('request', (r) => r.url().startsWith(rig.base) && r.resourceType() === 'media' && media.push(r.url()));
    await signIn(page, rig);
    await page.keyboard.press('/');
    await page.getByTestId('search-input').pressSequentially('third ligt', { delay: 20 });
    const hit = page.getByTestId('search-track').filter({ hasText: 'Third Light' });
    await expect(hit).toBeVisible();
    await hit.dblclick();
    await expect(currentTitle(page)).toHaveText('Third Light');
    const state = await expectAudioPlaying(page);
    expect((await engineState(page)).mode).toBe('stream');
    const src = new URL(state.src ?? '');
    expect(src.origin).toBe(rig.storageOrigin);
    expect(src.searchParams.get('X-Amz-Signature')).toBeTruthy();
    const reads = renditionReads(rig, from);
    expect(reads.length).toBeGreaterThan(0);
    for (const r of reads) {
      expect(r.request).toContain(rig.keys.get('Third Light/medium') ?? rig.keys.get('Third Light/high') ?? '?');
      // Aligned 64 KB ranges, never the whole file.
      const [, a, b] = /^bytes=(\d+)-(\d+)$/.exec(r.range ?? '') ?? [];
      expect(Number(b) - Number(a) + 1).toBeLessThanOrEqual(64 * 1024);
    }
    expect(media).toEqual([]);
    expect((await remoteProbe(page)).cors.state).toBe('ok');
    await expect(page.getByTestId('toast-error')).toHaveCount(0);
  });

  test('a presigned URL that expires mid-track is renewed and the same stream goes on', async ({ page }) => {
    await signInAndPlay(page, rig, 'Long Horizon');
    const before = await engineStats(page);
    const renewed = (await remoteProbe(page)).recoveries;
    // Storage's clock passes the URL's TTL (new URLs are signed at the new time); a seek far ahead
    // makes the engine read a new range: storage answers 403, the reader renews and reads it again.
    await shiftClocks((streamTtl + 1) * 1000);
    await seekTo(page, 300_000);
    await expect.poll(async () => (await remoteProbe(page)).recoveries, { timeout: 15_000 }).toBeGreaterThan(renewed);
    await expect.poll(async () => (await engineState(page)).currentTime, { timeout: 15_000 }).toBeGreaterThan(300.5);
    const after = await engineState(page);
    expect(after.mode).toBe('stream');
    expect(after.error).toBeNull();
    expect(after.engine?.started).toBe(before.started);
    expect(rig.t.s3?.served.some((r) => r.status === 403 && r.request.includes('/renditions/'))).toBe(true);
    await expect(currentTitle(page)).toHaveText('Long Horizon');
    await expect(page.getByTestId('toast-error')).toHaveCount(0);
  });

  test('signing in with a restored queue fetches nothing until play is pressed', async ({ page }) => {
    const id = rig.ids.get('Long Horizon') ?? -1;
    const saved = await rig.t.call('/api/player', { method: 'PUT', body: { queue: [id, rig.ids.get('Second Wave')], index: 0, positionMs: 65_000 } });
    expect(saved.status).toBe(200);
    const from = rig.t.s3?.served.length ?? 0;
    await signIn(page, rig);
    await expect(currentTitle(page)).toHaveText('Long Horizon');
    await expect(page.getByTestId('elapsed')).toHaveText('1:05');
    await page.waitForLoadState('networkidle');
    expect(renditionReads(rig, from)).toEqual([]);
    await page.getByTestId('play-pause').click();
    await expect.poll(async () => (await audioState(page)).currentTime, { timeout: 15_000 }).toBeGreaterThan(65.3);
    expect((await engineState(page)).mode).toBe('stream');
    expect(renditionReads(rig, from).length).toBeGreaterThan(0);
  });

  test('10 quick skips cost each track its window, not its file', async ({ page }) => {
    await signInAndPlay(page, rig, 'Second Wave');
    const from = rig.t.s3?.served.length ?? 0;
    for (let i = 0; i < 10; i++) {
      await page.getByTestId('next').click();
      await page.waitForTimeout(150); // a person skipping quickly
    }
    await expect(currentTitle(page)).toHaveText('Skip 12');
    await expectAudioPlaying(page);
    const reads = renditionReads(rig, from);
    const perObject = new Map<string, number>();
    for (const r of reads) perObject.set(r.request.split('?')[0] ?? '', (perObject.get(r.request.split('?')[0] ?? '') ?? 0) + r.bytes);
    console.log(`10 quick skips + the 11th track's start: ${storageBytes(rig, from)} bytes from storage in ${reads.length} range reads over ${perObject.size} renditions`);
    // A 40 s rendition is 648 KB: each track read only the chunks of its decoded window (~8 s ahead,
    // ~130 KB at 128 kb/s, plus what played), never the file.
    for (const [object, bytes] of perObject) expect(bytes, object).toBeLessThanOrEqual(4 * 64 * 1024);
    expect(perObject.size).toBeLessThanOrEqual(11);
  });

  test('a rung switch mid-track continues the same track from the other rendition', async ({ page }) => {
    await signInAndPlay(page, rig, 'Long Horizon');
    const before = await engineStats(page);
    const from = rig.t.s3?.served.length ?? 0;
    await page.evaluate(() => (window.__tonearm?.remoteSwitch as (r: string) => Promise<void>)('low'));
    await expect.poll(async () => (await remoteProbe(page)).current?.rung).toBe('low');
    await expect.poll(() => renditionReads(rig, from).some((r) => r.request.includes(rig.keys.get('Long Horizon/low') ?? '?')), { timeout: 10_000 }).toBe(true);
    const t = (await audioState(page)).currentTime;
    await expect.poll(async () => (await audioState(page)).currentTime, { timeout: 10_000 }).toBeGreaterThan(t + 1);
    const after = await engineStats(page);
    // The same track went on: no restart, no silence while the other rendition opened.
    expect(after.started).toBe(before.started);
    expect(after.underruns).toBe(before.underruns);
    await expect(currentTitle(page)).toHaveText('Long Horizon');
  });
});

test.describe('with the service worker', () => {
  test('the worker answers ranges from what it holds and asks storage only for missing ranges', async ({ page }) => {
    await signInAndPlay(page, rig, 'Second Wave', { worker: true });
    await expect.poll(async () => (await remoteProbe(page)).cors.state).toBe('ok');
    const from = rig.t.s3?.served.length ?? 0;
    await playRemoteRow(page, 'Third Light');
    await expectAudioPlaying(page);
    const probe = await remoteProbe(page);
    expect(probe.current?.via).toBe('worker');
    const reads = renditionReads(rig, from);
    expect(reads.length).toBeGreaterThan(0);
    for (const r of reads) expect(r.range).toMatch(/^bytes=\d+-\d+$/);
    // Ranges the worker holds are answered by it alone, exactly like storage would.
    const id = rig.ids.get('Third Light');
    const answer = await page.evaluate(async ({ id, rung }) => {
      const res = await fetch(`/cache/renditions/${id}/${rung}`, { headers: { range: 'bytes=100-199' } });
      const bytes = [...new Uint8Array(await res.arrayBuffer())];
      const bad = await fetch(`/cache/renditions/${id}/${rung}`, { headers: { range: 'bytes=999999999-' } });
      return { status: res.status, range: res.headers.get('content-range'), length: res.headers.get('content-length'), bytes, bad: bad.status, badRange: bad.headers.get('content-range') };
    }, { id, rung: probe.current?.rung });
    expect(answer.status).toBe(206);
    expect(answer.range).toMatch(/^bytes 100-199\/\d+$/);
    expect(answer.length).toBe('100');
    const direct = await rig.t.call<string>(`/api/tracks/${id}/stream?quality=${probe.current?.rung}`);
    const body = await (await fetch((direct.body as unknown as { url: string }).url, { headers: { range: 'bytes=100-199' } })).arrayBuffer();
    expect(answer.bytes).toEqual([...new Uint8Array(body)]);
    expect(answer.bad).toBe(416);
    expect(answer.badRange).toMatch(/^bytes \*\/\d+$/);
  });

  test('a played track is held whole and plays with no network', async ({ page, context }) => {
    await signInAndPlay(page, rig, 'Second Wave', { worker: true }); // lets this page see that storage allows CORS
    await playRemoteRow(page, 'Fourth Step');
    await expectAudioPlaying(page);
    expect((await remoteProbe(page)).current?.via).toBe('worker');
    const id = rig.ids.get('Fourth Step');
    // A 12 s track is three chunks: held whole once all were read (its decoded window covers it).
    await expect.poll(() => page.evaluate(async (trackId) => {
      const res = await (await caches.open('tonearm-ranges-v1')).match('/cache/meta.json');
      const meta = res ? ((await res.json()) as { entries: Record<string, { size: number; chunks: number[] }> }) : { entries: {} };
      return Object.entries(meta.entries).some(([k, e]) => k.includes(`/cache/renditions/${trackId}/`) && e.chunks.length >= Math.ceil(e.size / 65536));
    }, id), { timeout: 20_000 }).toBe(true);
    await page.keyboard.press('Space');
    await context.setOffline(true);
    try {
      await page.getByTestId('nav-songs').click();
      await playFromAlbum(page, 'Fourth Step');
      const probe = await remoteProbe(page);
      expect(probe.current?.via).toBe('cache');
      expect((await engineState(page)).mode).toBe('stream');
      await screenshot(page, 'remote-offline');
    } finally {
      await context.setOffline(false);
    }
  });

  test('data saver streams the low rendition; Settings shows the data used', async ({ page }) => {
    const from = rig.t.s3?.served.length ?? 0;
    await signIn(page, rig, { worker: true });
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('quality').selectOption('low');
    await playFromAlbum(page, 'Skip 7');
    expect((await remoteProbe(page)).current?.rung).toBe('low');
    const lowKey = rig.keys.get('Skip 7/low') ?? '?';
    await expect.poll(() => renditionReads(rig, from).some((r) => r.request.includes(lowKey))).toBe(true);
    expect(renditionReads(rig, from).some((r) => r.request.includes(rig.keys.get('Skip 7/medium') ?? '?'))).toBe(false);
    await page.getByTestId('nav-settings').click();
    await expect.poll(async () => (await remoteProbe(page)).usage.session, { timeout: 10_000 }).toBeGreaterThan(50_000);
    await expect(page.getByTestId('usage-session')).not.toHaveText(/^0/);
    await screenshot(page, 'remote-settings');
  });

  test('the next track is read before the current one ends and follows it gaplessly', async ({ page }) => {
    await signInAndPlay(page, rig, 'Second Wave', { worker: true });
    const q = await queueState(page);
    const nextId = q.ids[q.index + 1];
    await seekTo(page, 26_000);
    await expect(currentTitle(page)).toHaveText('Third Light', { timeout: 15_000 });
    const probe = await remoteProbe(page);
    const p = probe.prefetches.find((x) => x.id === nextId);
    expect(p?.remainingMs).toBeGreaterThan(0);
    expect((await engineStats(page)).advanced).toBeGreaterThanOrEqual(1);
    await expectAudioPlaying(page);
  });
});
