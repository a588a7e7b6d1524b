// Loudness measurement benchmark: the background job (niceness 10, half the cores, histograms, SQLite
// writes, album loudness) against the anchor in the same run — plain `ffmpeg -af ebur128 -f null`
// on the same files, as many at once as the job runs. Also the job's album loudness against ffmpeg's
// over the concatenated album.
//
//   npm run bench:loudness -- [--tracks 12] [--seconds 180]
//
// Sources: music-like FLAC (pink noise under a chord, stereo 44.1 kHz), each at its own level,
// cached under .cache/bench/loudness-<tracks>x<seconds>/.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openCatalog } from '../catalog/index.ts';
import { createQueries } from '../catalog/queries/index.ts';
import { scan } from '../scanner/index.ts';
import { parseEbur128 } from '../transcoder/index.ts';
import { runFfmpegCli, writeSource } from '../transcoder/testSources.ts';
import { createLoudnessJob } from './job.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values: args } = parseArgs({ options: { tracks: { type: 'string', default: '12' }, seconds: { type: 'string', default: '180' } } });
const tracks = Number(args.tracks);
const seconds = Number(args.seconds);
const dir = path.join(REPO, '.cache/bench', `loudness-${tracks}x${seconds}`);
const files = Array.from({ length: tracks }, (_, i) => path.join(dir, 'Album', `${String(i + 1).padStart(2, '0')}.flac`));
if (!files.every((f) => existsSync(f))) {
  mkdirSync(path.join(dir, 'Album'), { recursive: true });
  const base = path.join(dir, 'base.flac');
  await writeSource(base, 'music', seconds);
  for (const [i, f] of files.entries()) await runFfmpegCli(['-i', base, '-af', `volume=${-i * 1.5}dB`, '-c:a', 'flac', f]);
  rmSync(base);
}
const concurrency = Math.max(1, Math.floor(availableParallelism() / 2));
const audioSeconds = tracks * seconds;
process.stdout.write(`loudness bench: ${tracks} × ${seconds} s FLAC, ${concurrency} at once, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);

// Anchor: plain ffmpeg ebur128, the same concurrency.
let t0 = performance.now();
let next = 0;
await Promise.all(Array.from({ length: concurrency }, async () => {
  while (next < files.length) await runFfmpegCli(['-i', files[next++] as string, '-af', 'ebur128=peak=true', '-f', 'null', '-']);
}));
const anchorS = (performance.now() - t0) / 1000;

// The job, on a fresh catalog.
const work = path.join(tmpdir(), `tonearm-loudness-bench-${process.pid}`);
mkdirSync(work, { recursive: true });
const catalog = openCatalog({ file: path.join(work, 'library.db') });
await scan({ roots: [dir], catalog, coverDir: path.join(work, 'covers') });
const job = createLoudnessJob({ catalog, concurrency });
t0 = performance.now();
job.start();
await job.idle();
const jobS = (performance.now() - t0) / 1000;
const albumGain = createQueries(catalog).tracks.page({ offset: 0, limit: 1, sort: 'title', order: 'asc' }).items[0]?.gain?.albumGainDb ?? NaN;
await job.close();
catalog.close();
rmSync(work, { recursive: true, force: true });

const filter = `${files.map((_, i) => `[${i}:a]`).join('')}concat=n=${files.length}:v=0:a=1,ebur128=peak=true`;
const reference = parseEbur128(await runFfmpegCli([...files.flatMap((f) => ['-i', f]), '-filter_complex', filter, '-f', 'null', '-']));

const row = (name: string, s: number) =>
  `${name.padEnd(28)} ${s.toFixed(2).padStart(7)} s  ${(tracks / s).toFixed(2).padStart(6)} tracks/s  ${(audioSeconds / s).toFixed(0).padStart(5)}× realtime\n`;
process.stdout.write(row('anchor: ffmpeg ebur128', anchorS));
process.stdout.write(row('tonearm loudness job', jobS));
process.stdout.write(`job / anchor time: ${(jobS / anchorS).toFixed(2)}\n`);
process.stdout.write(`album gain: job ${albumGain.toFixed(2)} dB, ffmpeg over the concatenated album ${(-18 - reference.integratedLufs).toFixed(2)} dB\n`);
