// The listening harness: a private PulseAudio, the real library server over the listening albums,
// and Chromium playing through PulseAudio (not muted), driven as a user. `playAlbum` records what
// comes out while an album plays to its end; the engine's own accounting (underruns, starved
// frames, late joins) and Chromium's (AudioContext.playbackStats) come with the recording.
import fs from 'node:fs';
import { chromium, expect, type Browser, type Page } from '@playwright/test';
import { api, loudnessRoutes, type Album, type AlbumDetail, type LoudnessStatus, type Page as ApiPage, type TrackGain } from '../../app/contract/index.ts';
import { chromiumLaunch } from '../../playwright.config.ts';
import { ensureListeningLibrary, listeningAlbums } from './listening.ts';
import type { PlatformReport } from './platform.ts';
import { startPulse, RATE, type Pulse, type Recorder } from './pulse.ts';
import { startServer, waitForLibrary, type RunningServer } from './server.ts';

export interface EngineReport {
  started: number;
  advanced: number;
  underruns: number;
  starvedFrames: number;
  lateJoins: number;
  zeroFrames: number;
  /** Seeks that reached the output, the last one's latency (ms) and the track it landed in. */
  seeks: number;
  lastSeekMs: number | null;
  lastSeekId: number | null;
  /** Chromium's own count of render underruns (samples it replaced with silence). */
  playback: { underrunDuration: number; underrunEvents: number } | null;
}

export interface Listening {
  page: Page;
  browser: Browser;
  pulse: Pulse;
  openAlbum(title: string): Promise<void>;
  /** Plays the open album from its first track to the queue's end and returns the recording. */
  playAlbum(title: string): Promise<PlayedAlbum>;
  engine(): Promise<EngineReport>;
  /** Each track's loudness data as the library serves it (tags, or measured in the background). */
  gains(title: string): Promise<(TrackGain | null)[]>;
  /** Settings → Playback, as a user sets it. */
  setLoudness(mode: 'off' | 'track' | 'album' | 'auto'): Promise<void>;
  setCrossfade(seconds: number): Promise<void>;
  /** Stops recording once what played has left every buffer (kept in test-results/listening/<name>.f32). */
  finish(recorder: Recorder, name: string): Promise<Float32Array>;
  close(): Promise<void>;
}

export interface PlayedAlbum {
  rec: Float32Array;
  /** The engine's counters, this album's share. */
  engine: EngineReport;
  /** Chromium's render underruns while it played (support/platform.ts). */
  platform: PlatformReport;
  /** The same read again: playbackStats is refreshed once a second, so one in the last second may come later. */
  platformNow(): Promise<PlatformReport>;
}

export interface ListeningOptions {
  /** More library folders (the benches' long tracks) and how many tracks they hold. */
  extra?: { dir: string; tracks: number };
  /** More Chromium switches (a bench's --js-flags=--expose-gc). */
  args?: string[];
}

export async function startListening(options: ListeningOptions = {}): Promise<Listening> {
  const dir = await ensureListeningLibrary();
  const pulse = await startPulse();
  let server: RunningServer | null = null;
  let browser: Browser | null = null;
  try {
    server = await startServer({ library: dir, ...(options.extra ? { extraArgs: ['--library', options.extra.dir] } : {}) });
    await waitForLibrary(server, listeningAlbums.reduce((a, al) => a + al.tracks.length, 0) + (options.extra?.tracks ?? 0), 120_000);
    // Untagged tracks are measured (EBU R128) in the background after the scan: wait for it, so
    // the gain every track plays at is settled before anything is recorded.
    for (;;) {
      const s = await server.get<LoudnessStatus>(loudnessRoutes.loudnessStatus.path);
      if (!s.running && s.measured + s.failed >= s.wanted) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const albums = (await server.get<ApiPage<Album>>(`${api.albums()}?limit=200`)).items;
    browser = await chromium.launch({ ...chromiumLaunch, args: [...chromiumLaunch.args, ...(options.args ?? [])], env: { ...process.env, ...pulse.env }, ignoreDefaultArgs: ['--mute-audio'] });
    const page = await browser.newPage();
    // Long main-thread tasks, for the report (what the page did while the audio played).
    await page.addInitScript(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__longTasks.push(Math.round(e.duration)))).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(server.entry);
    await expect(page.getByTestId('player-bar')).toBeVisible();
    const srv = server;
    const b = browser;
    /** The engine's counters (undefined before the first streamed track). */
    const engine = async (): Promise<EngineReport> =>
      (await page.evaluate(() => (window.__tonearm?.audioState as () => { engine?: unknown })().engine)) as EngineReport;
    const finish = async (recorder: Recorder, name: string): Promise<Float32Array> => {
      // Wait until what played has come out of Chromium's and PulseAudio's buffers.
      await expect.poll(() => recorder.tailSilent(500), { timeout: 15_000 }).toBe(true);
      const rec = (await recorder.stop()).left;
      // Kept for a look afterwards (32-bit float, mono, 44.1 kHz).
      fs.mkdirSync('test-results/listening', { recursive: true });
      fs.writeFileSync(`test-results/listening/${name.replace(/\W+/g, '-')}.f32`, Buffer.from(rec.buffer, rec.byteOffset, rec.byteLength));
      return rec;
    };
    const openAlbum = async (title: string): Promise<void> => {
      const found = albums.find((a) => a.title === title);
      if (!found) throw new Error(`album ${title} was not scanned`);
      await page.goto(`${srv.base}/#/album/${found.id}`);
      await expect(page.getByTestId('album-title')).toHaveText(title);
    };
    const settings = async () => {
      await page.goto(`${srv.base}/#/settings`);
      await expect(page.getByTestId('playback-settings')).toBeVisible();
    };
    return {
      page,
      pulse,
      browser: b,
      openAlbum,
      async gains(title) {
        const found = albums.find((a) => a.title === title);
        if (!found) throw new Error(`album ${title} was not scanned`);
        const detail = await srv.get<AlbumDetail>(api.album(found.id));
        return detail.tracks.map((t) => t.gain);
      },
      async setLoudness(mode) {
        await settings();
        await page.getByTestId('loudness-mode').selectOption(mode);
      },
      async setCrossfade(seconds) {
        await settings();
        await page.getByTestId('crossfade').fill(String(seconds));
        await expect(page.getByTestId('crossfade')).toHaveAttribute('aria-valuetext', seconds === 0 ? 'Off' : `${seconds} s`);
      },
      engine,
      finish,
      async playAlbum(title) {
        await openAlbum(title);
        const before = await engine();
        const recorder = pulse.record();
        await page.getByTestId('play-album').click();
        await expect.poll(() => page.evaluate(() => (window.__tonearm?.audioState as () => { mode: string | null })().mode), { timeout: 15_000 }).toBe('stream');
        // The queue plays to its end by itself; then the player says so.
        await expect.poll(() => page.evaluate(() => (window.__tonearm?.player as () => { ended: boolean })().ended), { timeout: 90_000 }).toBe(true).catch(async (err: unknown) => {
          console.log(`${title} did not end: player ${JSON.stringify(await page.evaluate(() => (window.__tonearm?.player as () => unknown)()))}, ` +
            `audio ${JSON.stringify(await page.evaluate(() => (window.__tonearm?.audioState as () => unknown)()))}`);
          throw err;
        });
        const rec = await finish(recorder, title);
        console.log(`${title}: long tasks (ms): ${await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.splice(0).join(' '))}`);
        const after = await engine();
        // The engine's counters run for the page's life: this album's share.
        const report: EngineReport = { ...after };
        for (const k of ['started', 'advanced', 'underruns', 'starvedFrames', 'lateJoins', 'zeroFrames'] as const) report[k] = after[k] - (before?.[k] ?? 0);
        const since = (now: EngineReport): PlatformReport => ({
          samples: Math.round(((now.playback?.underrunDuration ?? 0) - (before?.playback?.underrunDuration ?? 0)) * RATE),
          events: (now.playback?.underrunEvents ?? 0) - (before?.playback?.underrunEvents ?? 0),
        });
        return { rec, engine: report, platform: since(after), platformNow: async () => since(await engine()) };
      },
      async close() {
        await b.close();
        await srv.stop();
        await pulse.stop();
      },
    };
  } catch (err) {
    await browser?.close();
    await server?.stop();
    await pulse.stop();
    throw err;
  }
}

/**
 * The engine's output was one unbroken stream of the tracks' samples: no underrun, no frame it had
 * no data for, every next track joined in time, and no run of digital silence in what it played.
 * Then any run of exact zeros in the recording was made after the engine, by the platform.
 */
export function expectNoEngineGaps(engine: EngineReport): void {
  expect(engine.underruns, 'engine underruns').toBe(0);
  expect(engine.starvedFrames, 'frames the engine had no data for').toBe(0);
  expect(engine.lateJoins, 'next tracks queued too late to join').toBe(0);
  expect(engine.zeroFrames, 'digital silence in what the engine played').toBe(0);
}
