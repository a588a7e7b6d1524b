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
import { performance, SIGNAL_RMS, twoTone, UNIT, type Format, type ListeningAlbum, type ListeningTrack } from './listening.ts';
import { repoRoot } from './library.ts';
import { smpbLayout, SMPB_KEY } from '../../app/testing/aacSmpb.ts';
import { writeNativeTags, type NativeTagOp } from '../../app/testing/nativeTags.ts';
import { startPulse, RATE, type Pulse } from './pulse.ts';
import { openRemoteAlbum, signIn, type RemoteProbe } from './remote.ts';

const flac = (rate: 44100 | 48000 | 96000 = 44100): ListeningTrack => ({ format: 'flac', rate, levelDb: 0 });

/**
 * Three tracks cut inside codec frames (7.6 s); two of 10 s (a rung switch, URL renewals); and the
 * album a listener's library really holds: every source format at 44.1, 48 and 96 kHz, sized so that
 * BOTH ladders copy the lossy ones as they are (mp3, AAC in M4A, Vorbis and Opus remuxed from Ogg
 * into WebM: rule 3 of app/transcoder/plan.ts) and encode the lossless ones — so the codec, the
 * container and the rate change at every boundary.
 */
export const remoteAlbums: ListeningAlbum[] = [
  { title: 'Remote gapless', tracks: [flac(), flac(), flac()], cuts: [0, 757, 1531, 2273].map((k) => k * UNIT) },
  { title: 'Remote long', tracks: [flac(), flac()], cuts: [0, 3001, 6001].map((k) => k * UNIT) },
  {
    title: 'Remote mixed',
    tracks: [flac(96000), { format: 'mp3', rate: 44100, levelDb: 0 }, { format: 'm4a', rate: 48000, levelDb: 0 }, { format: 'ogg', rate: 44100, levelDb: 0 },
      { format: 'opus', rate: 48000, levelDb: 0 }, { format: 'wav', rate: 48000, levelDb: 0 }, flac(44100)],
    cuts: [0, 757, 1531, 2273, 3041, 3797, 4561, 5303].map((k) => k * UNIT),
  },
  // The second track recorded 12 dB quieter, and its ReplayGain tags say so: track normalization
  // with the gains the mirror publishes plays both at one level (−3 dB).
  {
    title: 'Remote loudness',
    tracks: [
      { ...flac(), gain: { trackDb: -3, trackPeak: 0.45, albumDb: -3.5, albumPeak: 0.45 } },
      { ...flac(), levelDb: -12, gain: { trackDb: 9, trackPeak: 0.113, albumDb: -3.5, albumPeak: 0.45 } },
    ],
    cuts: [0, 757, 1531].map((k) => k * UNIT),
  },
  // AAC as iTunes writes it: no edit list, the priming (2112 samples) and the length only in an
  // iTunSMPB tag, the padding in whole frames of the sample table. Both ladders copy it, and the
  // copy must carry the tag's edit list (app/transcoder/aacGapless.ts).
  { title: 'Remote iTunSMPB', tracks: [0, 1, 2].map((): ListeningTrack => ({ format: 'm4a', rate: 44100, levelDb: 0, smpb: true })), cuts: [0, 757, 1531, 2273].map((k) => k * UNIT) },
];

/** Lossy sources at ~160 kb/s: at or below both ladders' high rung (256 kb/s AAC, 160 kb/s Opus, +10 %). */
const encoder: Partial<Record<Format, string[]>> = {
  flac: ['-c:a', 'flac'],
  wav: ['-c:a', 'pcm_s16le'],
  mp3: ['-c:a', 'libmp3lame', '-b:a', '160k'],
  m4a: ['-c:a', 'aac', '-b:a', '160k'],
  ogg: ['-c:a', 'libvorbis', '-b:a', '160k'],
  opus: ['-c:a', 'libopus', '-b:a', '160k'],
};

const cacheDir = path.join(repoRoot, '.cache/e2e/remote-listening-v5');
/** `tonearm …` as a child process (asynchronously: the sync server it talks to runs in this process). */
const cli = async (args: string[]) => (await promisify(execFile)(process.execPath, [path.join(repoRoot, 'app/cli/main.ts'), ...args], { cwd: repoRoot, maxBuffer: 64 * 2 ** 20 })).stdout;

/** The albums as files, scanned into a catalog once (cached under .cache/e2e). */
async function ensureCatalog(): Promise<string> {
  const db = path.join(cacheDir, 'library.db');
  if (fs.existsSync(`${cacheDir}.complete`)) return db;
  fs.rmSync(cacheDir, { recursive: true, force: true });
  fs.mkdirSync(cacheDir, { recursive: true });
  const longest = Math.max(...remoteAlbums.map((a) => a.cuts.at(-1) ?? 0));
  const expr = `0.25*sin(2*PI*440*t)+0.2*sin(2*PI*${440 * Math.SQRT2}*t)`;
  const sources = new Map<number, string>();
  const source = (rate: number): string => {
    let src = sources.get(rate);
    if (!src) {
      src = path.join(cacheDir, `src-${rate}.wav`);
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `aevalsrc='${expr}':s=${rate}:d=${longest / RATE + 1}`, '-c:a', 'pcm_f32le', src]);
      sources.set(rate, src);
    }
    return src;
  };
  const tagOps: NativeTagOp[] = [];
  for (const album of remoteAlbums) {
    const dir = path.join(cacheDir, 'music', album.title);
    fs.mkdirSync(dir, { recursive: true });
    album.tracks.forEach((t, i) => {
      // The same instants at every rate (cuts are multiples of 147 samples at 44.1 kHz).
      const [a, b] = [album.cuts[i] ?? 0, album.cuts[i + 1] ?? 0].map((n) => (n * t.rate) / RATE);
      const rg = t.gain ? Object.entries({ REPLAYGAIN_TRACK_GAIN: t.gain.trackDb, REPLAYGAIN_TRACK_PEAK: t.gain.trackPeak, REPLAYGAIN_ALBUM_GAIN: t.gain.albumDb, REPLAYGAIN_ALBUM_PEAK: t.gain.albumPeak })
        .flatMap(([k, v]) => ['-metadata', `${k}=${k.endsWith('GAIN') ? `${v.toFixed(2)} dB` : v.toFixed(6)}`]) : [];
      const smpb = t.smpb ? smpbLayout((b ?? 0) - (a ?? 0), 'itunes') : null;
      if (smpb) tagOps.push({ file: path.join(dir, `${i + 1}.${t.format}`), mp4: { [SMPB_KEY]: smpb.tag } });
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', source(t.rate), '-af', `atrim=start_sample=${a}:end_sample=${b},asetpts=PTS-STARTPTS,volume=${t.levelDb}dB${smpb ? `,${smpb.filter}` : ''}`,
        ...(encoder[t.format] ?? []), ...(smpb ? ['-use_editlist', '0'] : []), ...rg, '-metadata', `title=${album.title} ${i + 1}`, '-metadata', 'artist=Listening Test', '-metadata', 'album_artist=Listening Test',
        '-metadata', `album=${album.title}`, '-metadata', `track=${i + 1}/${album.tracks.length}`, path.join(dir, `${i + 1}.${t.format}`)]);
    });
  }
  await writeNativeTags(tagOps);
  for (const src of sources.values()) fs.rmSync(src);
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
    '--renditions', path.join(cacheDir, `renditions-${ladder}`), '--json']);
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

export interface PlayOptions {
  via: 'worker' | 'direct';
  /** Loudness normalization (default: the app's, automatic). */
  loudness?: 'off' | 'track' | 'album' | 'auto';
  /** Runs once the album plays through the engine. */
  during?: (page: Page) => Promise<void>;
}

export interface RemoteListener {
  pulse: Pulse;
  /**
   * Signs in to `rig` in a fresh page (quality high) and plays `album` to its end, recording it:
   * `via` 'worker' waits for the service worker to control the page (ranges through its cache),
   * 'direct' blocks service workers (ranges straight from storage).
   */
  play(rig: RemoteListeningRig, album: ListeningAlbum, options: PlayOptions): Promise<{ rec: Float32Array; engine: EngineReport; probe: RemoteProbe }>;
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
    async play(rig, album, { via, loudness, during }) {
      const context = await browser.newContext({ serviceWorkers: via === 'worker' ? 'allow' : 'block' });
      try {
        const page = await context.newPage();
        await page.addInitScript((mode) => {
          localStorage.setItem('tonearm.remote.prefs', JSON.stringify({ quality: 'high' }));
          if (mode) localStorage.setItem('tonearm.playback.v1', JSON.stringify({ gain: { mode } }));
        }, loudness ?? null);
        await signIn(page, rig, { worker: via === 'worker' });
        await openRemoteAlbum(page, album.title);
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
