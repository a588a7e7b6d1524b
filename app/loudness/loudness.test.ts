// The loudness job on real audio: ffmpeg measurements, album loudness against ffmpeg's own ebur128
// over the concatenated album, progress, cancel, failures, reuse, and kill -9 then resume.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../catalog/index.ts';
import { createQueries } from '../catalog/queries/index.ts';
import type { LoudnessStatus, Track } from '../contract/index.ts';
import { run as runCommand, writeTracks } from '../testing/audio.ts';
import { tempLibrary, type TempLibrary } from '../testing/temp.ts';
import { parseEbur128, resolveFfmpeg } from '../transcoder/index.ts';
import { decode, encode, histogramOf, integratedLoudness, merge } from '../model/loudnessBlocks.ts';
import { createLoudnessJob } from './job.ts';

describe('gating blocks', () => {
  it('encodes and decodes a histogram exactly', () => {
    const h = histogramOf([-23, -23.04, -22.96, -80, -5.1, 3.2, -69.95]);
    expect(decode(encode(h))).toEqual(h);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(6);
  });
  it('rejects damaged bytes with a clear error', () => expect(() => decode(Uint8Array.from([0xff, 0xff]))).toThrow(/damaged/));
  it('applies the absolute and relative gates (BS.1770-4)', () => {
    expect(integratedLoudness(histogramOf(Array(100).fill(-23)))).toBeCloseTo(-23, 6);
    // Quiet blocks more than 10 LU below drop out; blocks under -70 never count.
    expect(integratedLoudness(histogramOf([...Array(100).fill(-20), ...Array(300).fill(-40), ...Array(50).fill(-90)]))).toBeCloseTo(-20, 6);
    // Within 10 LU both count, power-averaged.
    expect(integratedLoudness(histogramOf([...Array(50).fill(-20), ...Array(50).fill(-26)]))).toBeCloseTo(-0.691 + 10 * Math.log10((10 ** ((-20 + 0.691) / 10) + 10 ** ((-26 + 0.691) / 10)) / 2), 6);
    expect(integratedLoudness(histogramOf([]))).toBe(-Infinity);
    expect(integratedLoudness(merge([histogramOf([-20]), histogramOf([-20, -20])]))).toBeCloseTo(-20, 6);
  });
});

/** Pink noise at an amplitude, with optional silence after it: music-like enough for K-weighting and gating. */
async function noise(file: string, seconds: number, amplitude: number, seed: number, silence = 0): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const filter = `anoisesrc=color=pink:amplitude=${amplitude}:duration=${seconds}:seed=${seed}:sample_rate=44100${silence ? `,apad=pad_dur=${silence}` : ''}`;
  await runCommand('ffmpeg', ['-v', 'error', '-nostdin', '-y', '-f', 'lavfi', '-i', filter, '-ac', '2', '-c:a', 'flac', file]);
}

/**
 * ffmpeg's own loudness of the files played one after the other: its summary (integrated loudness
 * rounded to 0.1 LU, true peak) and the integrated loudness to 0.001 LU (`preciseLufs`, from the
 * frame metadata).
 */
async function ffmpegAlbumLoudness(files: string[]): Promise<{ integratedLufs: number; truePeakDb: number; preciseLufs: number }> {
  const inputs = files.flatMap((f) => ['-i', f]);
  const filter = `${files.map((_, i) => `[${i}:a]`).join('')}concat=n=${files.length}:v=0:a=1,ebur128=peak=true:metadata=1,ametadata=mode=print:key=lavfi.r128.I`;
  const { ffmpeg } = resolveFfmpeg();
  const out = await new Promise<string>((resolve, reject) => {
    const p = spawn(ffmpeg, ['-nostdin', '-hide_banner', ...inputs, '-filter_complex', filter, '-f', 'null', '-'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-20000)));
    p.on('close', (code) => (code === 0 ? resolve(err) : reject(new Error(err.slice(-500)))));
  });
  const integrated = [...out.matchAll(/lavfi\.r128\.I=(-?[\d.]+)/g)].at(-1)?.[1];
  return { ...parseEbur128(out), preciseLufs: Number(integrated) };
}

describe('loudness job', () => {
  let lib: TempLibrary;
  const album = ['Album/01 loud.flac', 'Album/02 quiet.flac', 'Album/03 gappy.flac'];
  let tracks: Map<string, Track>;
  const statuses: LoudnessStatus[] = [];

  beforeAll(async () => {
    lib = tempLibrary();
    const f = (p: string) => path.join(lib.music, p);
    await noise(f(album[0]!), 12, 0.8, 1);
    await noise(f(album[1]!), 12, 0.05, 2);
    await noise(f(album[2]!), 6, 0.3, 3, 14);
    await noise(f('Single/solo.flac'), 8, 0.2, 4);
    fs.mkdirSync(f('Copy'));
    fs.copyFileSync(f('Single/solo.flac'), f('Copy/solo copy.flac'));
    await writeTracks(lib.music, [{ path: 'Tagged/t.flac', format: 'flac', tags: { title: 'tagged', album: 'Tagged', REPLAYGAIN_TRACK_GAIN: '-3.00 dB' } }]);
    await noise(f('Single/broken.flac'), 3, 0.2, 5);
    await lib.scan();
    // The file goes bad after the scan (same size and mtime, so the catalog still lists it): ffmpeg fails on it.
    const st = fs.statSync(f('Single/broken.flac'));
    fs.writeFileSync(f('Single/broken.flac'), Buffer.alloc(st.size, 7));
    fs.utimesSync(f('Single/broken.flac'), st.atime, st.mtime);
    const job = createLoudnessJob({ catalog: lib.catalog, concurrency: 2 });
    job.subscribe((s) => statuses.push(s));
    job.start();
    await job.idle();
    await job.close();
    const q = createQueries(lib.catalog);
    // Untagged files: titles are their names without the track number ("01 loud" → "loud").
    tracks = new Map(q.tracks.page({ offset: 0, limit: 100, sort: 'title', order: 'asc' }).items.map((t) => [t.title, t]));
  }, 120_000);
  afterAll(() => lib?.cleanup());

  it('measures the album as a whole, as ffmpeg does over the concatenated album', async () => {
    const reference = await ffmpegAlbumLoudness(album.map((p) => path.join(lib.music, p)));
    const loud = tracks.get('loud')?.gain;
    expect(loud?.source).toBe('measured');
    const albumGain = loud?.albumGainDb ?? NaN;
    // Within 0.1 LU of ffmpeg's exact reading: the concatenated stream also has the few blocks that
    // span a join between two tracks, which no per-track measurement has (here 0.06 LU apart).
    expect(Math.abs(albumGain - (-18 - reference.preciseLufs))).toBeLessThan(0.1);
    // Every track of the album carries the same album values.
    for (const p of album) expect(tracks.get(path.basename(p, '.flac').replace(/^\d+ /, ''))?.gain?.albumGainDb).toBe(albumGain);
    expect(loud?.albumPeak).toBeCloseTo(10 ** (reference.truePeakDb / 20), 2);
    // Not the average of the track gains: the gates see the whole album.
    const gains = album.map((p) => tracks.get(path.basename(p, '.flac').replace(/^\d+ /, ''))?.gain?.trackGainDb ?? NaN);
    expect(Math.abs(gains.reduce((a, b) => a + b, 0) / gains.length - albumGain)).toBeGreaterThan(1);
  });

  it('measures each track like ffmpeg', async () => {
    const reference = await ffmpegAlbumLoudness([path.join(lib.music, album[1]!)]);
    expect(tracks.get('quiet')?.gain?.trackGainDb).toBeCloseTo(-18 - reference.integratedLufs, 6);
  });

  it('leaves tagged tracks to their tags, measures each audio once, records files it cannot decode', () => {
    expect(tracks.get('tagged')?.gain).toEqual({ trackGainDb: -3, trackPeak: null, albumGainDb: null, albumPeak: null, source: 'tags' });
    expect(tracks.get('solo copy')?.gain).toEqual(tracks.get('solo')?.gain);
    const failures = lib.catalog.db.prepare('SELECT reason FROM loudness_failures').all() as { reason: string }[];
    expect(failures).toHaveLength(1);
    expect(failures[0]?.reason).toMatch(/broken\.flac/);
    expect(tracks.get('broken')?.gain ?? null).toBeNull();
    // The album is measured without the track that cannot be decoded.
    expect(tracks.get('solo')?.gain?.albumGainDb).toBeCloseTo(tracks.get('solo')?.gain?.trackGainDb ?? NaN, 1);
  });

  it('reports progress up to the total and ends idle', () => {
    const runs = statuses.flatMap((s) => (s.run ? [s.run] : []));
    expect(runs.length).toBeGreaterThan(2);
    expect(runs.at(-1)?.total).toBe(6);
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.done).toBeGreaterThanOrEqual(runs[i - 1]!.done);
    const end = statuses.at(-1);
    expect(end).toMatchObject({ running: false, wanted: 6, measured: 5, failed: 1, error: null });
    expect(end?.last).toMatchObject({ done: 6, failed: 1, cancelled: false });
  });

  it('a second run has nothing to do', async () => {
    const job = createLoudnessJob({ catalog: lib.catalog });
    job.start();
    await job.idle();
    expect(job.status().last).toMatchObject({ done: 0, total: 0 });
    await job.close();
  });
});

describe('loudness job: many copies of one audio', () => {
  it('stores them without ffmpeg, counting the catalog now and then, and gives the event loop its turns', async () => {
    const lib = tempLibrary();
    try {
      // 1,200 paths to one file (a library imported twice, compilations, links): one audio fingerprint.
      await noise(path.join(lib.music, 'A/one.flac'), 4, 0.2, 7);
      for (let i = 0; i < 1200; i++) fs.linkSync(path.join(lib.music, 'A/one.flac'), path.join(lib.music, `A/copy ${i}.flac`));
      await lib.scan();
      const store = lib.catalog.loudness;
      const counts = store.counts.bind(store);
      let countQueries = 0;
      store.counts = () => {
        countQueries++;
        return counts();
      };
      const job = createLoudnessJob({ catalog: lib.catalog, concurrency: 2 });
      // What other work on the event loop sees while the run goes: the progress at each of its turns.
      const seen = new Set<number>();
      let running = true;
      const look = (): void => {
        if (!running) return; // the last one queued may run after the run (and the catalog) closed
        seen.add(job.status().run?.done ?? -1);
        setImmediate(look);
      };
      look();
      job.start();
      await job.idle();
      running = false;
      expect(job.status()).toMatchObject({ wanted: 1201, measured: 1201, failed: 0, last: { done: 1201, failed: 0 } });
      // Turns all along the copies, not only before the first and after the last: each lane yields
      // every 64 tracks at the latest, so two lanes give ~9 turns over 1,200 copies however fast.
      expect([...seen].filter((done) => done > 1 && done < 1201).length).toBeGreaterThanOrEqual(5);
      // Not one query over every track per stored copy (1,201 of them): O(n²) at 100k tracks.
      expect(countQueries).toBeLessThan(20);
      await job.close();
    } finally {
      lib.cleanup();
    }
  }, 120_000);
});

describe('loudness job: cancel, kill -9 and resume', () => {
  const cli = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
  let lib: TempLibrary;
  beforeAll(async () => {
    lib = tempLibrary();
    for (let i = 0; i < 10; i++) await noise(path.join(lib.music, `A/${i}.flac`), 15, 0.1 + i * 0.05, i + 10);
    await lib.scan();
    lib.catalog.close();
  }, 120_000);
  afterAll(() => lib?.cleanup());

  const snapshot = (file: string) => {
    const c = openCatalog({ file });
    try {
      return {
        tracks: c.db.prepare('SELECT track_id, fingerprint, integrated_lufs, true_peak_db, range_lu, hex(blocks) AS blocks FROM track_loudness ORDER BY track_id').all(),
        albums: c.db.prepare('SELECT album_id, signature, integrated_lufs, true_peak_db FROM album_loudness ORDER BY album_id').all(),
      };
    } finally {
      c.close();
    }
  };
  const measured = (file: string): number => {
    const c = openCatalog({ file, readonly: true });
    try {
      return (c.db.prepare('SELECT count(*) AS n FROM track_loudness').get() as { n: number }).n;
    } finally {
      c.close();
    }
  };

  it('cancel stops ffmpeg at once and keeps what was measured', async () => {
    const file = path.join(lib.dir, 'cancel.db');
    fs.copyFileSync(lib.dbFile, file);
    const catalog = openCatalog({ file });
    const job = createLoudnessJob({ catalog, concurrency: 1 });
    const progressed = new Promise<void>((resolve) => job.subscribe((s) => s.run?.currentPath && resolve()));
    job.start();
    await progressed;
    await job.cancel();
    const s = job.status();
    expect(s).toMatchObject({ running: false, cancelled: true });
    expect(s.last?.cancelled).toBe(true);
    expect(s.measured).toBeLessThan(10);
    const ffmpegs = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
      try {
        return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(lib.music);
      } catch {
        return false;
      }
    });
    expect(ffmpegs).toEqual([]);
    job.kick();
    expect(job.status().running).toBe(false); // a user cancel holds off automatic runs
    await job.close();
    catalog.close();
  });

  it('kill -9 mid-run, then a new run: the same result as a clean run', async () => {
    const clean = path.join(lib.dir, 'clean.db');
    const killed = path.join(lib.dir, 'killed.db');
    fs.copyFileSync(lib.dbFile, clean);
    fs.copyFileSync(lib.dbFile, killed);
    const child = spawn(process.execPath, [cli, 'loudness', '--db', killed, '--jobs', '1'], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 2000 && measured(killed) < 2; i++) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    await exited;
    const partial = measured(killed);
    expect(partial).toBeGreaterThanOrEqual(2);
    expect(partial).toBeLessThan(10);
    for (const file of [killed, clean]) {
      const r = await new Promise<number | null>((resolve) => {
        spawn(process.execPath, [cli, 'loudness', '--db', file], { stdio: 'ignore' }).on('exit', resolve);
      });
      expect(r).toBe(0);
    }
    const a = snapshot(killed);
    const b = snapshot(clean);
    expect(a.tracks).toHaveLength(10);
    expect(a.albums).toHaveLength(1);
    expect(a).toEqual(b);
  }, 120_000);
});
