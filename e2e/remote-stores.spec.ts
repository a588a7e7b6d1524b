// Remote mode over the two other kinds of storage a person has: the sync server's own fs store
// (same origin, `/objects`) and an S3 bucket WITHOUT CORS. The fs store streams through the engine
// and recovers a URL that expires mid-track (the server's clock moves past the URL's expiry: a real
// 403 from the real store, no waiting). Without CORS the player still plays, through <audio>, says
// so in Settings with the rule to set, never lets the service worker fetch storage, and replaces a
// URL that storage refuses as expired.
import { currentTitle, expect, expectAudioPlaying, seekTo, test } from './support/fixtures.ts';
import { engineState, renditionReads } from './support/remoteChecks.ts';
import { playRemoteRow, remoteProbe, signInAndPlay, startRemoteRig, type RemoteRig } from './support/remote.ts';

test.describe.configure({ mode: 'serial' });

test.describe('fs store (same origin)', () => {
  let rig: RemoteRig;
  // Under 6 s the server hands out no cached URL (its reuse window is a sixth of the TTL, on the
  // real clock): a renewal always gets a URL signed on the moved clock.
  const ttl = 5;
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    rig = await startRemoteRig({ limits: { streamTtlSeconds: ttl, streamTtlExact: true, uploadTtlSeconds: 900, coverTtlSeconds: 3600 } }, undefined, { kind: 'fs' });
  });
  test.afterAll(async () => {
    await rig?.close();
  });

  test('streams from /objects; a URL that expires mid-track is renewed and the track goes on at the same position', async ({ page }) => {
    await signInAndPlay(page, rig, 'Long Horizon');
    const state = await engineState(page);
    expect(state.mode).toBe('stream');
    expect(new URL(state.src ?? '', rig.base).pathname).toMatch(/^\/objects\/renditions\//);
    const started = state.engine?.started;
    // The server's clock passes the URL's expiry: the next range the engine reads is refused (403).
    rig.t.clock.offsetMs = 60_000;
    const before = (await remoteProbe(page)).recoveries;
    await seekTo(page, 300_000);
    await expect.poll(async () => (await remoteProbe(page)).recoveries, { timeout: 15_000 }).toBeGreaterThan(before);
    await expect.poll(async () => (await engineState(page)).currentTime, { timeout: 15_000 }).toBeGreaterThan(300.5);
    const after = await engineState(page);
    expect(after.mode).toBe('stream');
    expect(after.paused).toBe(false);
    expect(after.error).toBeNull();
    // The same stream went on (no reload of the track, no fallback).
    expect(after.engine?.started).toBe(started);
    await expect(currentTitle(page)).toHaveText('Long Horizon');
    await expect(page.getByTestId('toast-error')).toHaveCount(0);
    await page.getByTestId('nav-settings').click();
    await expect(page.getByTestId('storage-access')).toHaveAttribute('data-cors', 'ok');
  });
});

test.describe('S3 bucket without CORS', () => {
  let rig: RemoteRig;
  const ttl = 600;
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    rig = await startRemoteRig({ limits: { streamTtlSeconds: ttl, streamTtlExact: true, uploadTtlSeconds: 900, coverTtlSeconds: 3600 } }, undefined, { kind: 's3', s3: { cors: false } });
  });
  test.afterAll(async () => {
    await rig?.close();
  });
  test.beforeEach(async () => {
    rig.t.clock.offsetMs = 0;
    await rig.t.call('/api/player', { method: 'PUT', body: { queue: [], index: 0, positionMs: 0 } });
  });

  test('plays through <audio>, says which features need CORS and how to set it; the worker never fetches storage', async ({ page }) => {
    const from = rig.t.s3?.served.length ?? 0;
    await signInAndPlay(page, rig, 'Second Wave', { worker: true });
    expect((await engineState(page)).mode).toBe('element');
    expect((await remoteProbe(page)).cors.state).toBe('missing');
    // The next track goes straight to <audio>: no streaming attempt, no fallback to report.
    await playRemoteRow(page, 'Third Light');
    const state = await expectAudioPlaying(page);
    expect((await engineState(page)).mode).toBe('element');
    expect(new URL(state.src ?? '').origin).toBe(rig.storageOrigin);
    expect(await page.evaluate(() => (window.__tonearm?.player as () => { fallback: unknown })().fallback)).toBeNull();
    await page.getByTestId('nav-settings').click();
    const note = page.getByTestId('storage-access');
    await expect(note).toHaveAttribute('data-cors', 'missing');
    await expect(page.getByTestId('cors-missing')).toContainText(/gapless/);
    await expect(page.getByTestId('cors-rule')).toContainText('"Range"');
    await expect(page.getByTestId('cors-rule')).toContainText('"Content-Range"');
    await expect(page.getByTestId('cors-rule')).toContainText(new URL(rig.base).origin);
    // Only the element read storage: the two played renditions, nothing cached, nothing else.
    const keys = new Set(renditionReads(rig, from).map((r) => r.request.split('?')[0]));
    expect([...keys].every((k) => k?.includes(rig.keys.get('Second Wave/medium') ?? '?') || k?.includes(rig.keys.get('Third Light/medium') ?? '?'))).toBe(true);
    expect(await page.evaluate(async () => (await caches.keys()).includes('tonearm-ranges-v1') ? (await (await caches.open('tonearm-ranges-v1')).keys()).length : 0)).toBeLessThanOrEqual(1);
    await expect(page.getByTestId('toast-error')).toHaveCount(0);
  });

  test('an expired URL is replaced and <audio> plays on', async ({ page }) => {
    await signInAndPlay(page, rig, 'Second Wave'); // the page learns that storage allows no CORS
    const before = (await remoteProbe(page)).recoveries;
    // The first URL handed out was signed long enough ago to have expired (the server's clock is
    // behind by more than the TTL); the ones after it are fresh.
    rig.t.clock.offsetMs = -2 * ttl * 1000; // beyond the TTL and the server's reuse window (a sixth of it)
    const id = rig.ids.get('Fourth Step');
    let first = true;
    await page.route(`**/api/tracks/${id}/stream?**`, async (route) => {
      const res = await route.fetch();
      if (first) {
        first = false;
        rig.t.clock.offsetMs = 0;
      }
      await route.fulfill({ response: res });
    });
    await playRemoteRow(page, 'Fourth Step');
    await expectAudioPlaying(page);
    await expect(currentTitle(page)).toHaveText('Fourth Step');
    expect((await remoteProbe(page)).recoveries).toBeGreaterThan(before);
    expect((await engineState(page)).mode).toBe('element');
    await expect(page.getByTestId('toast-error')).toHaveCount(0);
  });
});
