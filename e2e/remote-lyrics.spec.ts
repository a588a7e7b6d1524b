// Lyrics and loudness in remote mode: a track published with synced lyrics and gain (what a desktop's
// sync sends: app/sync) plays in the remote player, whose Now Playing shows the lyrics from the
// mirror, follows playback, seeks on a click, and applies the album gain the desktop published.
import crypto from 'node:crypto';
import { currentTitle, expect, test } from './support/fixtures.ts';
import { realTracks, signInAndPlay, startRemoteRig, type RemoteRig, type RemoteTrackSpec } from './support/remote.ts';
import { sync } from '../sync-server/testing/testkit.ts';

const specs: RemoteTrackSpec[] = [{ title: 'Second Wave', seconds: 30, frequency: 392 }, { title: 'Third Light', seconds: 30, frequency: 440 }];
let rig: RemoteRig;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  rig = await startRemoteRig({}, specs, { kind: 'fs' });
  // The desktop syncs again: the first track now has lyrics and ReplayGain tags (a metadata-only change).
  const [first] = realTracks(specs);
  if (!first) throw new Error('no track');
  const meta = {
    ...first.track.meta,
    gain: { trackGainDb: -6.4, trackPeak: 0.8, albumGainDb: -7.2, albumPeak: 0.9, source: 'tags' as const },
    lyrics: [{ synced: true, lang: 'eng', offsetMs: 0, source: 'sidecar' as const, lines: Array.from({ length: 12 }, (_, i) => ({ startMs: i * 2000, text: `Wave line ${i + 1}` })) }],
  };
  const revision = crypto.createHash('sha256').update(JSON.stringify(meta)).digest('hex').slice(0, 32);
  const r = await sync(rig.t, [{ ...first, track: { ...first.track, meta, revision } }]);
  expect(r).toMatchObject({ published: [first.track.sourceId], uploaded: 0 });
});
test.afterAll(async () => rig?.close());

test('remote mode: the lyrics panel shows the lyrics from the mirror, follows playback and seeks; the published gain is applied', async ({ page }) => {
  await signInAndPlay(page, rig, 'Second Wave');
  await page.getByTestId('nav-now-playing').click();
  // Played from its album in order: the album gain (auto mode), as the desktop would.
  await expect(page.getByTestId('np-playback')).toContainText('Album gain −7.2 dB');

  const lines = page.getByTestId('lyrics-line');
  await expect(lines).toHaveCount(12);
  await expect(lines.first()).toHaveText('Wave line 1');
  const activeIndex = async () => lines.evaluateAll((els) => els.findIndex((e) => e.getAttribute('aria-current') === 'true'));
  const first = await activeIndex();
  expect(first).toBeGreaterThanOrEqual(0);
  await expect.poll(activeIndex, { timeout: 8_000 }).toBeGreaterThan(first);
  // A click on line 10 (18 s) seeks there.
  await lines.nth(9).click();
  await expect.poll(activeIndex, { timeout: 8_000 }).toBeGreaterThanOrEqual(9);

  // The next track has no lyrics: the panel says so; it has a measured track gain but no album gain: the track gain applies.
  await page.getByTestId('player-bar').getByTestId('next').click();
  await expect(currentTitle(page)).toHaveText('Third Light');
  await expect(page.getByTestId('lyrics-empty')).toBeVisible();
  await expect(page.getByTestId('np-playback')).toContainText('Track gain −4.0 dB');
});
