// Tests that listen: Chromium plays through a private PulseAudio null sink and `parec` records
// what comes out. Each album is one continuous performance cut into tracks inside codec frames
// (support/listening.ts); at every boundary the recording must continue the performance with no
// gap, no repeated or dropped sample and no discontinuity beyond the codec's own error.
import fs from 'node:fs';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { api, type Album, type Page as ApiPage } from '../app/contract/index.ts';
import { chromiumLaunch } from '../playwright.config.ts';
import { analyzeAlbum, ensureListeningLibrary, listeningAlbums, type ListeningAlbum } from './support/listening.ts';
import { startPulse, type Pulse } from './support/pulse.ts';
import { startServer, waitForLibrary, type RunningServer } from './support/server.ts';

let pulse: Pulse;
let server: RunningServer;
let browser: Browser;
let page: Page;
let albums: Album[];


test.beforeAll(async () => {
  const dir = ensureListeningLibrary();
  pulse = await startPulse();
  server = await startServer({ library: dir });
  const tracks = listeningAlbums.reduce((a, al) => a + al.formats.length, 0);
  await waitForLibrary(server, tracks);
  albums = (await server.get<ApiPage<Album>>(`${api.albums()}?limit=100`)).items;
  browser = await chromium.launch({ ...chromiumLaunch, env: { ...process.env, ...pulse.env }, ignoreDefaultArgs: ['--mute-audio'] });
  page = await browser.newPage();
  await page.goto(server.entry);
  await expect(page.getByTestId('player-bar')).toBeVisible();
});

test.afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await pulse?.stop();
});

async function playAndRecord(album: ListeningAlbum): Promise<Float32Array> {
  const found = albums.find((a) => a.title === album.title);
  if (!found) throw new Error(`album ${album.title} was not scanned`);
  await page.goto(`${server.base}/#/album/${found.id}`);
  await expect(page.getByTestId('album-title')).toHaveText(album.title);
  const recorder = pulse.record();
  await page.getByTestId('play-album').click();
  await expect.poll(() => page.evaluate(() => (window.__tonearm?.audioState as () => { mode: string | null })().mode), { timeout: 15_000 }).toBe('stream');
  // The queue plays to its end by itself; then the player says so.
  await expect.poll(() => page.evaluate(() => (window.__tonearm?.player as () => { ended: boolean })().ended), { timeout: 60_000 }).toBe(true);
  // Wait until what played has come out of Chromium's and PulseAudio's buffers.
  await expect.poll(() => recorder.tailSilent(500), { timeout: 15_000 }).toBe(true);
  const { left } = await recorder.stop();
  console.log('engine', JSON.stringify(await page.evaluate(() => (window.__tonearm?.audioState as () => { engine?: unknown })().engine)));
  return left;
}

for (const album of listeningAlbums) {
  test(`${album.title}: every boundary continues the performance sample-exactly`, async () => {
    const rec = await playAndRecord(album);
    fs.mkdirSync('test-results/listening', { recursive: true });
    fs.writeFileSync(`test-results/listening/${album.title.replace(/\W+/g, '-')}.f32`, Buffer.from(rec.buffer));
    const a = analyzeAlbum(rec, album.cuts);
    const report = a.boundaries.map((b) => `${album.formats[album.cuts.indexOf(b.at) - 1]}→${album.formats[album.cuts.indexOf(b.at)]} gap ${b.gap} samples, error ${(20 * Math.log10(b.errAround / 0.2264)).toFixed(1)} dB`);
    console.log(`${album.title}: steady error ${(20 * Math.log10(Math.max(1e-9, a.steadyErr) / 0.2264)).toFixed(1)} dB; ${report.join('; ')}; quietest 10 ms ${(a.minLevel * 100).toFixed(0)} %`);
    for (const b of a.boundaries) {
      expect(b.gap, `gap at ${b.at}`).toBe(0);
      // Around the join, no more error than the codec makes elsewhere (with room for its own
      // transient at a cut), and far below what one missing sample would make (≈ −20 dB).
      expect(b.errAround, `error around ${b.at}`).toBeLessThan(Math.max(4 * a.steadyErr, 0.005));
    }
    expect(a.minLevel, 'no silence anywhere').toBeGreaterThan(0.8);
    // After the album, no track is marked as playing.
    await expect(page.locator('.tt-row.current')).toHaveCount(0);
  });
}
