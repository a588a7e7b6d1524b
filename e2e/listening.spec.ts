// Tests that listen: Chromium plays through a private PulseAudio null sink and `parec` records
// what comes out. Each album is one continuous performance cut into tracks inside codec frames
// (support/listening.ts) — one album per format, and one that changes format and sample rate at
// every boundary. At every boundary the recording must continue the performance with no gap, no
// repeated or dropped sample and no discontinuity beyond the codec's own error.
import { expect, test } from '@playwright/test';
import { align, codecErrorAtCuts, continuity } from './support/analysis.ts';
import { expectNoEngineGaps, startListening, type Listening } from './support/listen.ts';
import { decodeWithFfmpeg, gaplessAlbums, mixedAlbum, performance, SIGNAL_RMS, type ListeningAlbum } from './support/listening.ts';

let listening: Listening;

test.beforeAll(async () => {
  listening = await startListening();
});

test.afterAll(async () => {
  await listening?.close();
});

const db = (x: number) => (20 * Math.log10(Math.max(1e-9, x) / SIGNAL_RMS)).toFixed(1);

for (const album of [...gaplessAlbums, mixedAlbum]) {
  test(`${album.title}: every boundary continues the performance sample-exactly`, async () => {
    test.setTimeout(120_000);
    await checkAlbum(album);
    // After the album, no track is marked as playing.
    await expect(listening.page.locator('.tt-row.current')).toHaveCount(0);
  });
}

async function checkAlbum(album: ListeningAlbum): Promise<void> {
  const { rec, engine, platformLost } = await listening.playAlbum(album.title);
  const signal = performance(album);
  const end = album.cuts[album.cuts.length - 1] ?? 0;
  const a = align(rec, signal, end, 0.008);
  const c = continuity(rec, signal, a, album.cuts, SIGNAL_RMS);
  // The codecs' own error at each cut, as another decoder (ffmpeg) reproduces the tracks.
  const own = codecErrorAtCuts(decodeWithFfmpeg(album), signal, album.cuts);
  const names = album.tracks.map((t) => `${t.format}@${t.rate / 1000}k`);
  const joins = c.boundaries.map((b, i) => `${names[i]}→${names[i + 1]} gap ${b.gap}, error ${db(b.errAround)} dB (ffmpeg ${db(own[i] ?? 0)} dB)`);
  const holes = a.holes.map((h) => `${h.length} at ${h.at} (lost ${h.lost})`);
  console.log(`${album.title}: steady error ${db(c.steadyErr)} dB; ${joins.join('; ')}; quietest 10 ms ${(c.minLevel * 100).toFixed(0)} %; ` +
    `platform silences: ${holes.join(', ') || 'none'}; Chromium render underruns ${platformLost} samples; engine ${JSON.stringify(engine)}`);
  // The engine played every sample in order (its own accounting): silences in the recording
  // came after it (Chromium's audio service or PulseAudio missing a deadline under load).
  expectNoEngineGaps(engine);
  c.boundaries.forEach((b, i) => {
    expect(b.gap, `gap at ${b.at}`).toBe(0);
    // Around the join, no more error than the codec makes: its steady error (with room for its
    // transient at a cut), or what ffmpeg's decode of the same files shows at the cut (+6 dB).
    expect(b.errAround, `error around ${b.at}`).toBeLessThan(Math.max(4 * c.steadyErr, 2 * (own[i] ?? 0), 0.003));
  });
  expect(c.minLevel, 'no silence anywhere').toBeGreaterThan(0.8);
}
