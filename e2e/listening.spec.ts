// Tests that listen: Chromium plays through a private PulseAudio null sink and `parec` records
// what comes out. Each album is one continuous performance cut into tracks inside codec frames
// (support/listening.ts) — one album per format, AAC both with an edit list and with only iTunSMPB,
// and one that changes format and sample rate at every boundary, played with loudness normalization on. At every boundary the recording must continue the performance with no gap, no
// repeated or dropped sample and no discontinuity beyond the codec's own error.
import { expect, test } from '@playwright/test';
import { checkAlbum, expectedLevels } from './support/checks.ts';
import { gaplessAlbums, itunesAlbum, mixedAlbum } from './support/listening.ts';
import { listeningRig } from './support/suite.ts';

const listening = listeningRig();

for (const album of [...gaplessAlbums, itunesAlbum, mixedAlbum]) {
  test(`${album.title}: every boundary continues the performance sample-exactly`, async () => {
    test.setTimeout(120_000);
    // Normalization is on (automatic: the album's gain, measured in the background, since these
    // files carry no tags): one continuous performance at that level.
    await checkAlbum(listening(), album, expectedLevels(await listening().gains(album.title), true));
    // After the album, no track is marked as playing.
    await expect(listening().page.locator('.tt-row.current')).toHaveCount(0);
  });
}
