// Remote mode at the sound card: listening albums made the way a listener's are (one continuous
// performance cut inside codec frames, FLAC), put through the REAL pipeline a person uses —
// `tonearm scan` into a catalog, `tonearm sync --ladder aac|opus` (the real transcoder and uploads)
// to a real sync server over a real store (fs, or s3rver with CORS) — and played by the remote
// player in Chromium through a private PulseAudio, recorded with parec.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, expect, type Browser, type Page } from '@playwright/test';
import type { TrackGain } from '../../app/contract/index.ts';
import { chromiumLaunch } from '../../playwright.config.ts';
import { startTestServer, type TestServer } from '../../sync-server/testing/testkit.ts';
import type { EngineReport } from './listen.ts';
import { performance, SIGNAL_RMS, twoTone, UNIT, type ListeningAlbum } from './listening.ts';
import { repoRoot } from './library.ts';
import { startPulse, RATE, type Pulse } from './pulse.ts';
import type { RemoteProbe } from './remote.ts';

/** Three tracks cut inside codec frames (7.6 s), and two of 10 s (a rung switch, URL renewals). */
export const remoteAlbums: ListeningAlbum[] = [
  { title: 'Remote gapless', tracks: [0, 1, 2].map(() => ({ format: 'flac', rate: 44100, levelDb: 0 })), cuts: [0, 757, 1531, 2273].map((k) => k * UNIT) },
  { title: 'Remote long', tracks: [0, 1].map(() => ({ format: 'flac', rate: 44100, levelDb: 0 })), cuts: [0, 3001, 6001].map((k) => k * UNIT) },
];

const cacheDir = path.join(repoRoot, '.cache/e2e/remote-listening-v2');
/** `tonearm …` as a child process (asynchronously: the sync server it talks to runs in this process). */
const cli = async (args: string[]) => (await promisify(execFile)(process.execPath, [path.join(repoRoot, 'app/cli/main.ts'), ...args], { cwd: repoRoot, maxBuffer: 64 * 2 ** 20 })).stdout;

/** The albums as FLAC files, scanned into a catalog once (cached under .cache/e2e). */
async function ensureCatalog(): Promise<string> {
  const db = path.join(cacheDir, 'library.db');
  if (fs.existsSync(`${cacheDir}.complete`)) return db;
  fs.rmSync(cacheDir, { recursive: true, force: true });
  const src = path.join(cacheDir, 'src.wav');
  fs.mkdirSync(cacheDir, { recursive: true });
  const longest = Math.max(...remoteAlbums.map((a) => a.cuts.at(-1) ?? 0));
  const expr = `0.25*sin(2*PI*440*t)+0.2*sin(2*PI*${440 * Math.SQRT2}*t)`;
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `aevalsrc='${expr}':s=${RATE}:d=${longest / RATE + 1}`, '-c:a', 'pcm_f32le', src]);
  for (const album of remoteAlbums) {
    const dir = path.join(cacheDir, 'music', album.title);
    fs.mkdirSync(dir, { recursive: true });
    album.tracks.forEach((_, i) => {
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', src, '-af', `atrim=start_sample=${album.cuts[i]}:end_sample=${album.cuts[i + 1]},asetpts=PTS-STARTPTS`,
        '-c:a', 'flac', '-metadata', `title=${album.title} ${i + 1}`, '-metadata', 'artist=Listening Test', '-metadata', 'album_artist=Listening Test',
        '-metadata', `album=${album.title}`, '-metadata', `track=${i + 1}/${album.tracks.length}`, path.join(dir, `${i + 1}.flac`)]);
    });
  }
  fs.rmSync(src);
  await cli(['scan', path.join(cacheDir, 'music'), '--db', db]);
  fs.writeFileSync(`${cacheDir}.complete`, new Date().toISOString());
  return db;
}

export interface RemoteListeningRig {
  name: string;
  t: TestServer;
  /** Stream URLs live exactly this long (s); a test moves storage's and the server's clocks past it. */
  ttl: number;
  shiftClocks(ms: number): Promise<void>;
  /** Each album's renditions at `rung`, decoded by ffmpeg at 44.1 kHz (mono): the codec's own error. */
  decoded(album: ListeningAlbum, rung: string): Promise<Float32Array[]>;
  /** The tracks' loudness data as the mirror serves it (normalization applies it: automatic by default). */
  gains(album: ListeningAlbum): Promise<(TrackGain | null)[]>;
  close(): Promise<void>;
}

/** A sync server over `store`, the albums synced to it with `ladder` by the real `tonearm sync`. */
export async function startRemoteListeningRig(store: 'fs' | 's3', ladder: 'aac' | 'opus'): Promise<RemoteListeningRig> {
  const db = await ensureCatalog();
  const ttl = 120;
  const t = await startTestServer(store, { limits: { streamTtlSeconds: ttl, streamTtlExact: true, uploadTtlSeconds: 900, coverTtlSeconds: 3600 } });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tonearm-remote-listen-'));
  fs.copyFileSync(db, path.join(work, 'library.db'));
  await cli(['sync', '--server', t.server.url, '--token', t.syncDevice.token, '--db', path.join(work, 'library.db'), '--ladder', ladder,
    '--renditions', path.join(cacheDir, 'renditions'), '--json']);
  const tracks = (await t.call<{ items: { id: number; title: string; gain: TrackGain | null }[] }>('/api/tracks?limit=100')).body.items;
  return {
    name: `${store === 's3' ? 's3rver (CORS)' : 'fs store'}, ${ladder}`,
    t,
    ttl,
    async shiftClocks(ms) {
      await t.s3?.setClockOffset(ms);
      t.clock.offsetMs = ms;
    },
    async decoded(album, rung) {
      return Promise.all(album.tracks.map(async (_, i) => {
        const id = tracks.find((x) => x.title === `${album.title} ${i + 1}`)?.id;
        const { body } = await t.call<{ url: string }>(`/api/tracks/${id}/stream?quality=${rung}`);
        const file = path.join(work, `${id}-${rung}`);
        fs.writeFileSync(file, Buffer.from(await (await fetch(new URL(body.url, t.server.url))).arrayBuffer()));
        const b = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'f32le', '-ac', '1', '-ar', String(RATE), '-'], { maxBuffer: 256 * 2 ** 20 });
        return new Float32Array(b.buffer, b.byteOffset, b.length / 4);
      }));
    },
    async gains(album) {
      return album.tracks.map((_, i) => tracks.find((x) => x.title === `${album.title} ${i + 1}`)?.gain ?? null);
    },
    async close() {
      await t.close();
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}

export interface RemoteListener {
  pulse: Pulse;
  /** Signs in to `rig` in a fresh page (quality high) and plays `album` to its end, recording it. */
  play(rig: RemoteListeningRig, album: ListeningAlbum, during?: (page: Page) => Promise<void>): Promise<{ rec: Float32Array; engine: EngineReport; probe: RemoteProbe }>;
  close(): Promise<void>;
}

export async function startRemoteListener(): Promise<RemoteListener> {
  const pulse = await startPulse();
  let browser: Browser;
  try {
    browser = await chromium.launch({ ...chromiumLaunch, env: { ...process.env, ...pulse.env }, ignoreDefaultArgs: ['--mute-audio'] });
  } catch (err) {
    await pulse.stop();
    throw err;
  }
  return {
    pulse,
    async play(rig, album, during) {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.addInitScript(() => localStorage.setItem('tonearm.remote.prefs', JSON.stringify({ quality: 'high' })));
        await page.goto(rig.t.server.url + '/');
        await page.getByTestId('signin-token').fill(rig.t.device.token);
        await page.getByTestId('signin-submit').click();
        await page.getByTestId('nav-albums').click();
        await page.getByTestId('album-card').filter({ hasText: album.title }).getByRole('link').first().click();
        await expect(page.getByTestId('album-title')).toHaveText(album.title);
        const recorder = pulse.record();
        await page.getByTestId('play-album').click();
        await expect.poll(() => page.evaluate(() => (window.__tonearm?.audioState as () => { mode: string | null })().mode), { timeout: 15_000 }).toBe('stream');
        await during?.(page);
        await expect.poll(() => page.evaluate(() => (window.__tonearm?.player as () => { ended: boolean })().ended), { timeout: 120_000 }).toBe(true);
        await expect.poll(() => recorder.tailSilent(500), { timeout: 15_000 }).toBe(true);
        const rec = (await recorder.stop()).left;
        const engine = (await page.evaluate(() => (window.__tonearm?.audioState as () => { engine?: unknown })().engine)) as EngineReport;
        const probe = await page.evaluate(() => (window.__tonearm?.remote as () => RemoteProbe)());
        fs.mkdirSync('test-results/listening', { recursive: true });
        fs.writeFileSync(`test-results/listening/${rig.name.replace(/\W+/g, '-')}-${album.title.replace(/\W+/g, '-')}.f32`, Buffer.from(rec.buffer));
        return { rec, engine, probe };
      } finally {
        await context.close();
      }
    },
    async close() {
      await browser.close();
      await pulse.stop();
    },
  };
}

export { performance, SIGNAL_RMS, twoTone };
