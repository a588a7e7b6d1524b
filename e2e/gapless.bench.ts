// The playback bench (local mode: `tonearm serve`, Chromium through a private PulseAudio, the
// sound card recorded with parec). Per format: the gap at each boundary of the listening albums
// (target 0, ≤ 1 ms), the loudness difference of two tracks tagged 12 dB apart with track
// normalization (≤ 1 dB), memory of the renderer while a 60-minute track plays (≤ ~50 MB over idle),
// click → `playing` (median < 100 ms; < 50 ms when the next track was prefetched), seek latency
// (< 100 ms) and CPU while playing (renderer + audio service, < 5 % of one core; idle anchor in the
// same run). Run: `npm run bench:gapless` (FORMATS=mp3,flac to narrow it, CPU_SECONDS=60, SKIP=gaps,loudness).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { writeNativeTags } from '../app/testing/nativeTags.ts';
import globalSetup from './global-setup.ts';
import { continuity } from './support/analysis.ts';
import { align } from './support/platform.ts';
import { expectedLevels } from './support/checks.ts';
import { startListening, type EngineReport } from './support/listen.ts';
import { FORMATS, gaplessAlbums, itunesAlbum, loudnessAlbums, mixedAlbum, performance, SIGNAL_RMS, type Format } from './support/listening.ts';
import { repoRoot } from './support/library.ts';
import { chromiumProcesses, loadAverage, pssMb, rssMb, threadCpu } from './support/procstat.ts';

const formats = (process.env.FORMATS?.split(',') ?? FORMATS) as Format[];
const CPU_SECONDS = Number(process.env.CPU_SECONDS ?? 60);
/** Parts to leave out, e.g. SKIP=gaps,loudness (then only the per-format latency, memory and CPU). */
const SKIP = new Set((process.env.SKIP ?? '').split(',').filter(Boolean));
const LONG_SECONDS = 3600;
const benchDir = path.join(repoRoot, '.cache/bench/playback-v1');
const codec: Record<Format, string[]> = {
  mp3: ['-c:a', 'libmp3lame', '-b:a', '256k'], m4a: ['-c:a', 'aac', '-b:a', '256k'], flac: ['-c:a', 'flac'],
  ogg: ['-c:a', 'libvorbis', '-q:a', '6'], opus: ['-c:a', 'libopus', '-b:a', '160k'], webm: ['-c:a', 'libopus', '-b:a', '160k'], wav: ['-c:a', 'pcm_s16le'],
};

/** Per format an album "Bench <format>": a 60-minute track of stereo noise and tones, then a 30 s one. */
async function ensureBenchLibrary(): Promise<void> {
  for (const f of FORMATS) {
    const dir = path.join(benchDir, `Bench ${f}`);
    const done = path.join(benchDir, `.${f}.complete`);
    if (fs.existsSync(done)) continue;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (const [no, seconds] of [[1, LONG_SECONDS], [2, 30]] as const) {
      const file = path.join(dir, `0${no} bench.${f}`);
      const src = `anoisesrc=d=${seconds}:c=pink:a=0.15:seed=${no}[a];anoisesrc=d=${seconds}:c=pink:a=0.15:seed=${no + 7}[b];` +
        `sine=f=330:d=${seconds},volume=0.2[c];[a][b]amerge=inputs=2,aformat=channel_layouts=stereo[n];[n][c]amix=inputs=2:normalize=0`;
      execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-filter_complex', src, '-ar', f === 'opus' || f === 'webm' ? '48000' : '44100', ...codec[f],
        '-metadata', `title=Bench ${f} ${no}`, '-metadata', `album=Bench ${f}`, '-metadata', 'artist=Bench', '-metadata', `track=${no}/2`, file]);
      // Tagged, so the background loudness measurement has nothing to do while we measure.
      const rg = { REPLAYGAIN_TRACK_GAIN: '-6.00 dB', REPLAYGAIN_TRACK_PEAK: '0.700000', REPLAYGAIN_ALBUM_GAIN: '-6.00 dB', REPLAYGAIN_ALBUM_PEAK: '0.700000' };
      if (f === 'mp3') await writeNativeTags([{ file, id3: Object.entries(rg).map(([desc, text]) => ({ frame: 'TXXX' as const, desc, text })) }]);
      else if (f === 'm4a') await writeNativeTags([{ file, mp4: Object.fromEntries(Object.entries(rg).map(([k, v]) => [`----:com.apple.iTunes:${k.toLowerCase()}`, v])) }]);
      else if (f === 'webm') continue; // no tags in WebM files: measured in the background
      else if (f === 'opus') await writeNativeTags([{ file, vorbis: { R128_TRACK_GAIN: String(-11 * 256), R128_ALBUM_GAIN: String(-11 * 256) } }]);
      else if (f !== 'wav') await writeNativeTags([{ file, vorbis: rg }]);
    }
    fs.writeFileSync(done, new Date().toISOString());
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? (s[(s.length - 1) / 2] ?? NaN) : ((s[s.length / 2 - 1] ?? 0) + (s[s.length / 2] ?? 0)) / 2;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

await globalSetup();
console.log(`load at start: ${loadAverage()} (${execFileSync('nproc').toString().trim()} cores)`);
await ensureBenchLibrary();
// --expose-gc: memory is also read after a forced collection of the page and its workers (what
// the engine holds, apart from garbage V8 has not collected yet under no pressure).
const listening = await startListening({ extra: { dir: benchDir, tracks: FORMATS.length * 2 }, args: ['--js-flags=--expose-gc'] });
const { page } = listening;
const hook = <T>(name: string, ...args: unknown[]) =>
  page.evaluate(([n, a]) => (window.__tonearm?.[n as string] as (...x: unknown[]) => T)(...(a as unknown[])), [name, args] as const);
type Report = EngineReport & { nextId: number | null };
const engine = async (): Promise<Report> => (await listening.engine()) as Report;
const player = () => hook<{ positionMs: number; isPlaying: boolean; durationMs: number }>('player');
const until = async (fn: () => Promise<boolean>, what: string, timeout = 30_000) => {
  const end = Date.now() + timeout;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
const procs = () => chromiumProcesses(`PULSE_SERVER=${listening.pulse.server}`);
// The page's renderer: the largest at idle (the others are spares); the audio service appears on play.
let pageRenderer = 0;
const memory = () => ({ rss: rssMb(pageRenderer), pss: pssMb(pageRenderer) });
/** Memory after a full collection in the page and every worker it runs. */
async function collected(): Promise<{ rss: number; pss: number }> {
  const gc = () => (globalThis as unknown as { gc?: () => void }).gc?.();
  await page.evaluate(gc);
  for (const w of page.workers()) await w.evaluate(gc).catch(() => {});
  await page.waitForTimeout(1000);
  return memory();
}
/** CPU (% of one core) over `ms`, per thread of the renderer and the audio service, grouped. */
async function cpu(ms: number): Promise<{ total: number; audioPath: number; ui: number; top: string }> {
  const watched = () => procs().filter((p) => p.pid === pageRenderer || p.kind === 'audio');
  const a = threadCpu(watched());
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, ms));
  const b = threadCpu(watched());
  const secs = (Date.now() - t0) / 1000;
  const rows = [...b].map(([k, v]) => [k, ((v - (a.get(k) ?? 0)) / secs) * 100] as const).filter(([, v]) => v > 0.01);
  const sum = (f: (k: string) => boolean) => rows.filter(([k]) => f(k)).reduce((x, [, v]) => x + v, 0);
  // The audio path: the worklet, the decode worker, the decoders' pool, the output device thread,
  // the audio service. The UI: the page's main thread and compositor.
  const audio = (k: string) => /AudioW|DedicatedWorker|ThreadPool|AudioOutputDevi|^audio:/.test(k);
  rows.sort((x, y) => y[1] - x[1]);
  return { total: sum(() => true), audioPath: sum(audio), ui: sum((k) => !audio(k)), top: rows.slice(0, 6).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ') };
}

try {
  // Idle anchor: the page loaded, nothing played yet (no decode worker, no AudioContext).
  await page.waitForTimeout(2000);
  pageRenderer = procs().filter((p) => p.kind === 'renderer').reduce((a, b) => (rssMb(b.pid) > rssMb(a.pid) ? b : a)).pid;
  const idle = memory();
  const idleGc = await collected();
  const idleCpu = await cpu(10_000);
  console.log(`idle: page renderer RSS ${idle.rss.toFixed(1)} MB, PSS ${idle.pss.toFixed(1)} MB (after a GC: ${idleGc.rss.toFixed(1)}, ${idleGc.pss.toFixed(1)}); ` +
    `CPU ${idleCpu.total.toFixed(2)} % of one core (10 s)`);

  if (!SKIP.has('gaps')) console.log('\ngaps at every boundary and the codec error there (recorded at the sound card):');
  for (const album of SKIP.has('gaps') ? [] : [...gaplessAlbums.filter((a) => formats.some((f) => a.title.endsWith(f))), itunesAlbum, mixedAlbum]) {
    const { rec, engine: e } = await listening.playAlbum(album.title);
    const signal = performance(album, expectedLevels(await listening.gains(album.title), true));
    const a = align(rec, signal, album.cuts[album.cuts.length - 1] ?? 0, 0.008);
    const c = continuity(rec, signal, a, album.cuts, SIGNAL_RMS * 0.3);
    const gaps = c.boundaries.map((b) => `${b.gap} samples (${((b.gap / 44100) * 1000).toFixed(2)} ms)`);
    console.log(`  ${album.title.padEnd(15)} gaps ${gaps.join(', ')}; engine underruns ${e.underruns}, starved ${e.starvedFrames}, late joins ${e.lateJoins}; platform silences ${a.holes.length}`);
  }

  if (!SKIP.has('loudness')) console.log('\nloudness with track normalization (two tracks tagged 12 dB apart):');
  if (!SKIP.has('loudness')) await listening.setLoudness('track');
  for (const album of SKIP.has('loudness') ? [] : loudnessAlbums.filter((a) => formats.some((f) => a.title.endsWith(f)))) {
    const { rec } = await listening.playAlbum(album.title);
    const signal = performance(album, [-3, -3]);
    const a = align(rec, signal, album.cuts[2] ?? 0, 0.008);
    const level = (from: number, to: number) => {
      let s = 0;
      let n = 0;
      for (let i = from + 4410; i < to - 4410; i++) {
        const r = a.map(i);
        if (r >= 0) (s += (rec[r] ?? 0) ** 2), n++;
      }
      return 20 * Math.log10(Math.sqrt(s / n) / SIGNAL_RMS);
    };
    const l1 = level(album.cuts[0] ?? 0, album.cuts[1] ?? 0);
    const l2 = level(album.cuts[1] ?? 0, album.cuts[2] ?? 0);
    console.log(`  ${album.title.padEnd(15)} ${l1.toFixed(2)} dB / ${l2.toFixed(2)} dB: difference ${Math.abs(l1 - l2).toFixed(2)} dB (unnormalized: 12 dB)`);
  }
  await listening.setLoudness('auto');

  console.log('\nper format, a 60-minute track:');
  for (const f of formats) {
    await listening.openAlbum(`Bench ${f}`);
    const clicks: number[] = [];
    const prefetched: number[] = [];
    const seeks: number[] = [];
    let peak = { rss: 0, pss: 0 };
    let afterGc = { rss: NaN, pss: NaN };
    let shortGc = { rss: NaN, pss: NaN };
    const sample = () => {
      const m = memory();
      peak = { rss: Math.max(peak.rss, m.rss), pss: Math.max(peak.pss, m.pss) };
    };
    for (let run = 0; run < 5; run++) {
      const before = (await hook<{ playingEvents: number }>('audioState')).playingEvents;
      await page.getByTestId('play-album').click();
      await until(async () => (await hook<{ playingEvents: number }>('audioState')).playingEvents > before, 'playing');
      const s = await hook<{ lastPlayingAt: number }>('audioState');
      clicks.push(s.lastPlayingAt - ((await hook<number>('lastClickAt')) ?? NaN));
      if (run === 0) {
        // CPU over a minute of playing, on the album's page (its playing-row animation is UI
        // cost) and on Settings (nothing moves); memory sampled as it plays.
        const onAlbum = await cpu((CPU_SECONDS * 1000) / 2);
        sample();
        await page.goto(page.url().replace(/#.*$/, '#/settings'));
        const onSettings = await cpu((CPU_SECONDS * 1000) / 2);
        sample();
        console.log(`  ${f.padEnd(5)} CPU while playing (% of one core, renderer + audio service): album page ${onAlbum.total.toFixed(2)} ` +
          `(audio path ${onAlbum.audioPath.toFixed(2)}, UI ${onAlbum.ui.toFixed(2)}), Settings ${onSettings.total.toFixed(2)} (audio path ${onSettings.audioPath.toFixed(2)}); ` +
          `idle anchor ${idleCpu.total.toFixed(2)}; load ${loadAverage()}\n        busiest threads: ${onAlbum.top}`);
        await listening.openAlbum(`Bench ${f}`);
        // Seeks through the long track, memory after each.
        for (const at of [600, 1800, 3000, 120, 2400, 3590, 900, 60, 3300, 1500]) {
          const n = (await engine()).seeks;
          await hook('seek', at * 1000);
          await until(async () => (await engine()).seeks > n, 'seek');
          seeks.push((await engine()).lastSeekMs ?? NaN);
          await page.waitForTimeout(300);
          sample();
        }
        // Still playing the 60-minute track: what stays after a collection.
        afterGc = await collected();
      }
      // The next track is prefetched 30 s before the end: go there, then click "next".
      await hook('seek', (LONG_SECONDS - 20) * 1000);
      await until(async () => (await engine()).nextId !== null, 'a queued next track');
      await page.waitForTimeout(1500);
      const n = (await hook<{ playingEvents: number }>('audioState')).playingEvents;
      await page.getByTestId('next').click();
      await until(async () => (await hook<{ playingEvents: number }>('audioState')).playingEvents > n, 'playing the next track');
      prefetched.push((await hook<{ lastPlayingAt: number }>('audioState')).lastPlayingAt - ((await hook<number>('lastClickAt')) ?? NaN));
      // The 30 s track playing: the same engine with a short track (what the 60 minutes add).
      if (run === 0) shortGc = await collected();
      await page.getByTestId('play-pause').click();
      await page.waitForTimeout(200);
    }
    console.log(`  ${f.padEnd(5)} click → playing median ${ms(median(clicks))} (${clicks.map((x) => x.toFixed(0)).join(' ')}); ` +
      `prefetched next median ${ms(median(prefetched))} (${prefetched.map((x) => x.toFixed(0)).join(' ')}); ` +
      `seek median ${ms(median(seeks))}, max ${ms(Math.max(...seeks))}; memory (page renderer, peak) RSS +${(peak.rss - idle.rss).toFixed(1)} MB, ` +
      `PSS +${(peak.pss - idle.pss).toFixed(1)} MB over idle; after a GC while playing RSS +${(afterGc.rss - idleGc.rss).toFixed(1)} MB, PSS +${(afterGc.pss - idleGc.pss).toFixed(1)} MB over idle after a GC ` +
      `(playing the 30 s track after a GC: RSS +${(shortGc.rss - idleGc.rss).toFixed(1)}, PSS +${(shortGc.pss - idleGc.pss).toFixed(1)} MB)`);
  }
  console.log(`\nload at the end: ${loadAverage()}`);
} finally {
  await listening.close();
}
