// Loudness and crossfade, heard at the sound card (support/listen.ts). Two tracks 12 dB apart whose
// ReplayGain tags (R128 for Opus) say so must play at one level with track normalization — one
// continuous performance, the gain changing on the boundary's very sample — and keep their 12 dB
// with album normalization. A crossfade between tracks that do not follow each other must follow
// equal-power curves; between consecutive tracks of an album it must not happen at all.
import { expect, test } from '@playwright/test';
import { crossfadeShape } from './support/analysis.ts';
import { checkAlbum, expectedLevels } from './support/checks.ts';
import { expectNoEngineGaps } from './support/listen.ts';
import { crossfadeAlbum, gaplessAlbums, loudnessAlbums } from './support/listening.ts';
import { listeningRig } from './support/suite.ts';

const listening = listeningRig();

test.describe.configure({ timeout: 120_000 });

test('track normalization plays tracks tagged 12 dB apart at one level, changing gain on the boundary sample', async () => {
  await listening().setLoudness('track');
  for (const album of loudnessAlbums) {
    // Both tracks normalized to their track gain: one continuous performance at −3 dB.
    const { levels } = await checkAlbum(listening(), album, [-3, -3]);
    const [a = 0, b = 0] = levels;
    expect(Math.abs(a - b), `${album.title}: level difference (dB)`).toBeLessThan(1);
    expect(Math.abs(a + 3), `${album.title}: level against the tags' −3 dB`).toBeLessThan(0.5);
  }
});

test('album normalization keeps the album’s own 12 dB step (one album gain for both)', async () => {
  await listening().setLoudness('album');
  const album = loudnessAlbums.find((a) => a.title.endsWith('flac')) ?? loudnessAlbums[0]!;
  const { levels } = await checkAlbum(listening(), album, [-3.5, -15.5]);
  const [a = 0, b = 0] = levels;
  expect(Math.abs(a - b - 12), 'level step kept (dB)').toBeLessThan(1);
  // Automatic uses album gain while an album plays in order.
  await listening().setLoudness('auto');
  const opus = loudnessAlbums.find((a) => a.title.endsWith('opus')) ?? loudnessAlbums[0]!;
  await checkAlbum(listening(), opus, [-3.5, -15.5]);
});

test('crossfade follows equal-power curves, and never crosses consecutive tracks of an album', async () => {
  await listening().setLoudness('auto');
  await listening().setCrossfade(2);
  const { rec, engine } = await listening().playAlbum(crossfadeAlbum.title);
  const shape = crossfadeShape(rec, 440, 660);
  console.log(`crossfade: ${JSON.stringify(shape)}; engine ${JSON.stringify(engine)}`);
  expectNoEngineGaps(engine);
  // The second track came in inside the output, under the first one's end (not after a stop).
  expect(engine.advanced, 'tracks that followed the one before in the output').toBe(1);
  expect(shape.windows, 'windows inside the crossfade').toBeGreaterThan(150);
  expect(Math.abs(shape.seconds - 2), 'crossfade length (s)').toBeLessThan(0.05);
  expect(Math.abs(shape.worstPowerDb), 'summed power off equal (dB)').toBeLessThan(0.3);
  expect(shape.worstAngle, 'angle off a straight line (rad)').toBeLessThan(0.03);
  // Consecutive tracks of one album, played in order: gapless, sample-exact, even with crossfade on.
  const flac = gaplessAlbums.find((a) => a.title.endsWith('flac')) ?? gaplessAlbums[0]!;
  await checkAlbum(listening(), flac, expectedLevels(await listening().gains(flac.title), true));
  await listening().setCrossfade(0);
});
