// Remote playback figures on loopback (sync server + local S3 server + Chromium, real AAC):
//  1. click → `playing` (median of 20): direct presigned URL (no service worker), through the
//     worker cold, and prefetched (the next track's head fetched at 80 %, then "next").
//  2. bytes transferred for listening at `medium`, prefetch included, vs the renditions' own size
//     and bitrate (tracks played through, each seeked to its end; the worker downloads each file once).
// Run: `npm run bench:remote`. Targets: < 300 ms, < 50 ms prefetched; overhead ≤ 5 %.
import { chromium, type Page } from '@playwright/test';
import globalSetup from './global-setup.ts';
import { remoteProbe, seekTo, signIn, startRemoteRig, type RemoteTrackSpec } from './support/remote.ts';

const RUNS = Number(process.env.RUNS ?? 20);
const specs: RemoteTrackSpec[] = Array.from({ length: 2 * RUNS + 2 }, (_, i) => ({ title: `Bench ${String(i + 1).padStart(2, '0')}`, seconds: 20, frequency: 200 + i * 7 }));

interface Probe { playingEvents: number; lastPlayingAt: number | null; currentTime: number }
const probe = (page: Page) => page.evaluate(() => (window.__tonearm?.audioState as () => Probe)());
const lastClick = (page: Page) => page.evaluate(() => (window.__tonearm?.lastClickAt as () => number | null)());

async function untilPlaying(page: Page, before: number): Promise<number> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const s = await probe(page);
    if (s.playingEvents > before && s.lastPlayingAt !== null) {
      const at = await lastClick(page);
      if (at === null) throw new Error('no click recorded');
      return s.lastPlayingAt - at;
    }
    if (Date.now() > deadline) throw new Error('no playing event');
    await new Promise((r) => setTimeout(r, 3));
  }
}

function stats(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  const p90 = s[Math.min(s.length - 1, Math.floor(0.9 * s.length))]!;
  return `median ${median.toFixed(1)} ms   p90 ${p90.toFixed(1)} ms   min ${s[0]!.toFixed(1)}   max ${s.at(-1)!.toFixed(1)}  (n=${s.length})`;
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

await globalSetup();
const rig = await startRemoteRig({}, specs);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
});
let failed = false;
try {
  const openAlbum = async (page: Page) => {
    await page.getByTestId('nav-albums').click();
    await page.getByTestId('album-card').first().getByRole('link').first().click();
    await page.getByTestId('album-tracks').getByTestId('track-row').first().waitFor();
  };
  const row = (page: Page, i: number) => page.getByTestId('album-tracks').getByTestId('track-row').nth(i);

  // 1a. Direct presigned URLs (no service worker): every click = stream-URL request + storage.
  {
    const ctx = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1400, height: 860 } });
    const page = await ctx.newPage();
    await signIn(page, rig);
    await openAlbum(page);
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await row(page, i).hover();
      const before = (await probe(page)).playingEvents;
      await row(page, i).dblclick();
      samples.push(await untilPlaying(page, before));
      await page.keyboard.press('Space');
      await page.waitForTimeout(100);
    }
    console.log(`click → playing, remote track, direct presigned URL:   ${stats(samples)}`);
    if (median(samples) >= 300) failed = true;
    await ctx.close();
  }

  // 1b/1c. With the worker: a cold track (not cached, not prefetched), then the next one prefetched.
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  const page = await ctx.newPage();
  const apiBytes: number[] = [];
  page.on('response', (r) => {
    if (/\/api\/tracks\/\d+\/stream/.test(r.url())) void r.body().then((b) => apiBytes.push(b.length), () => {});
  });
  await signIn(page, rig);
  await page.waitForFunction(() => (window.__tonearm?.remote as () => { swActive: boolean })().swActive);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('quality').selectOption('medium');
  await openAlbum(page);
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const a = 2 * i;
    await row(page, a).hover();
    let before = (await probe(page)).playingEvents;
    await row(page, a).dblclick();
    cold.push(await untilPlaying(page, before));
    const nextId = (await page.evaluate(() => (window.__tonearm?.queue as () => { ids: number[]; index: number })())).ids[a + 1];
    await seekTo(page, 16_500);
    const deadline = Date.now() + 10_000;
    while (!(await remoteProbe(page)).prefetches.some((p) => p.id === nextId)) {
      if (Date.now() > deadline) throw new Error('no prefetch');
      await page.waitForTimeout(20);
    }
    await page.waitForTimeout(300); // the head request finishes
    await page.getByTestId('next').hover();
    before = (await probe(page)).playingEvents;
    await page.getByTestId('next').click();
    warm.push(await untilPlaying(page, before));
    // Listen to the end (seek close to it): the worker has the whole file by then.
    await seekTo(page, 19_000);
    await page.waitForTimeout(1200);
    await page.keyboard.press('Space');
  }
  console.log(`click → playing, remote track, worker, cold:           ${stats(cold)}`);
  console.log(`click → playing, remote track, worker, prefetched:     ${stats(warm)}`);
  if (median(warm) >= 50) failed = true;

  // 2. Bytes: what the worker fetched from storage (usage counter) vs the medium renditions played.
  await page.waitForTimeout(1500);
  const usage = (await remoteProbe(page)).usage.session;
  const played = 2 * RUNS + 1; // + the prefetched head of the track after the last one
  const sizes = specs.slice(0, 2 * RUNS).map((s) => rig.t.server && rig.keys.get(`${s.title}/medium`)).length;
  void sizes;
  const renditionBytes = (await Promise.all(specs.slice(0, 2 * RUNS).map(async (s) => {
    const { remoteAudio } = await import('./support/remote.ts');
    return remoteAudio([s]).get(`${s.title}/medium`)?.length ?? 0;
  }))).reduce((a, b) => a + b, 0);
  const extraHead = Math.min(256 * 1024, 0);
  const nominal = 2 * RUNS * 20 * 128_000 / 8;
  const api = apiBytes.reduce((a, b) => a + b, 0);
  const total = usage + api;
  console.log(`bytes at medium over ${2 * RUNS} tracks × 20 s (prefetch included; ${played} stream URLs):`);
  console.log(`  from storage ${usage} B + stream-URL JSON ${api} B = ${total} B`);
  console.log(`  renditions' own size ${renditionBytes} B → overhead ${((total / renditionBytes - 1) * 100).toFixed(2)} %`);
  console.log(`  nominal 128 kb/s × duration ${nominal} B → overhead ${((total / nominal - 1) * 100).toFixed(2)} %`);
  console.log(`  per hour of listening at medium: ${(total / (2 * RUNS * 20) * 3600 / 1e6).toFixed(1)} MB (nominal ${(128_000 / 8 * 3600 / 1e6).toFixed(1)} MB)${extraHead ? '' : ''}`);
  if (total / nominal - 1 > 0.05) failed = true;
  await ctx.close();
} finally {
  await browser.close();
  await rig.close();
}
console.log(failed ? 'some targets missed' : 'all targets met');
process.exitCode = failed ? 1 : 0;
