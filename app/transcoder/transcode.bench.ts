// Transcoding benchmark: throughput (× realtime, all cores) per rung and per ladder, and bytes
// stored per minute of audio for each rung.
//
//   npm run bench:transcode -- [--tracks 8] [--seconds 180] [--concurrency <cores>] [--keep]
//
// Sources are music-like FLAC files (pink noise under a moving chord, stereo 44.1 kHz) made with
// ffmpeg and cached under .cache/bench/transcode-<tracks>x<seconds>/; a pure sine would let the
// encoders (Opus VBR above all) undershoot and flatter the byte figures.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AAC_LADDER, OPUS_LADDER } from './ladders.ts';
import { transcodeAll, type TranscodeJob } from './pool.ts';
import { probeSource } from './transcode.ts';
import { writeSource } from './testSources.ts';
import type { Ladder, SourceInfo } from './types.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const { values: args } = parseArgs({
  options: {
    tracks: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '180' },
    concurrency: { type: 'string' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  process.stdout.write(`usage: npm run bench:transcode -- [--tracks N] [--seconds S] [--concurrency C] [--keep]

  --tracks N        source tracks (default 8)
  --seconds S       length of each (default 180)
  --concurrency C   parallel ffmpeg processes (default: cores = ${availableParallelism()})
  --keep            keep the rendition cache and print its path
`);
  process.exit(0);
}
const tracks = Number(args.tracks);
const seconds = Number(args.seconds);
const concurrency = args.concurrency === undefined ? availableParallelism() : Number(args.concurrency);

const srcDir = path.join(REPO, '.cache', 'bench', `transcode-${tracks}x${seconds}`);
await mkdir(srcDir, { recursive: true });
const files = Array.from({ length: tracks }, (_, i) => path.join(srcDir, `track-${String(i + 1).padStart(2, '0')}.flac`));
const t0 = performance.now();
for (let i = 0; i < files.length; i += availableParallelism()) {
  await Promise.all(files.slice(i, i + availableParallelism()).filter((f) => !existsSync(f)).map((f) => writeSource(f, 'music', seconds)));
}
const sources: SourceInfo[] = await Promise.all(files.map((f) => probeSource(f)));
const audioSeconds = sources.reduce((s, x) => s + x.durationMs / 1000, 0);
process.stdout.write(
  `sources: ${tracks} × ${seconds} s FLAC (${(audioSeconds / 60).toFixed(0)} min) ready in ${((performance.now() - t0) / 1000).toFixed(1)} s\n` +
    `machine: ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}, concurrency ${concurrency}, Node ${process.versions.node}\n\n`,
);

const cache = await mkdtemp(path.join(tmpdir(), 'tonearm-transcode-bench-'));
const fingerprint = (i: number, ladder: string): string =>
  (ladder === 'aac' ? 'a' : 'b') + i.toString(16).padStart(63, '0');

interface RungFigure {
  ladder: string;
  rung: string;
  kbps: number;
  wallS: number;
  realtime: number;
  outputSeconds: number;
  bytes: number;
  bytesPerMinute: number;
  measuredKbps: number;
}
const figures: RungFigure[] = [];
const ladderTotals: Array<{ ladder: string; wallS: number; realtime: number; bytesPerMinute: number; failures: number }> = [];

for (const ladder of [AAC_LADDER, OPUS_LADDER] as Ladder[]) {
  let wall = 0;
  let bytesAll = 0;
  let failures = 0;
  for (const rung of ladder.rungs) {
    const jobs: TranscodeJob[] = sources.map((source, i) => ({ fingerprint: fingerprint(i, ladder.name), source, plan: { rung, action: 'encode' } }));
    const run = await transcodeAll({ jobs, cacheDir: path.join(cache, ladder.name), concurrency });
    failures += run.failures.length;
    for (const f of run.failures) process.stderr.write(`failed: ${f.job.source.path} ${rung.name}: ${f.error}\n`);
    const wallS = run.elapsedMs / 1000;
    const outSeconds = run.results.reduce((s, r) => s + r.result.durationMs / 1000, 0);
    wall += wallS;
    // Full-track rungs are what a sync stores per minute of library; previews are per track.
    if (rung.previewSeconds === undefined) bytesAll += run.bytes;
    figures.push({
      ladder: ladder.name,
      rung: rung.name,
      kbps: rung.bitrate / 1000,
      wallS,
      realtime: outSeconds / wallS,
      outputSeconds: outSeconds,
      bytes: run.bytes,
      bytesPerMinute: run.bytes / (outSeconds / 60),
      measuredKbps: (run.bytes * 8) / outSeconds / 1000,
    });
  }
  ladderTotals.push({ ladder: ladder.name, wallS: wall, realtime: audioSeconds / wall, bytesPerMinute: bytesAll / (audioSeconds / 60), failures });
}

const pad = (s: string, n: number): string => s.padEnd(n);
const lpad = (s: string, n: number): string => s.padStart(n);
process.stdout.write(`${pad('ladder', 7)}${pad('rung', 9)}${lpad('target', 8)}${lpad('stored', 9)}${lpad('MB/min', 8)}${lpad('MB/hour', 9)}${lpad('wall s', 8)}${lpad('× realtime', 12)}\n`);
for (const f of figures) {
  process.stdout.write(
    `${pad(f.ladder, 7)}${pad(f.rung, 9)}${lpad(`${f.kbps}k`, 8)}${lpad(`${f.measuredKbps.toFixed(1)}k`, 9)}` +
      `${lpad((f.bytesPerMinute / 1e6).toFixed(2), 8)}${lpad(((f.bytesPerMinute * 60) / 1e6).toFixed(0), 9)}` +
      `${lpad(f.wallS.toFixed(1), 8)}${lpad(f.realtime.toFixed(0) + '×', 12)}\n`,
  );
}
process.stdout.write('\nwhole ladder (every rung of every track; × realtime = minutes of library per minute of wall time):\n');
for (const t of ladderTotals) {
  process.stdout.write(
    `  ${pad(t.ladder, 5)} ${t.wallS.toFixed(1)} s for ${(audioSeconds / 60).toFixed(0)} min → ${t.realtime.toFixed(1)}× realtime; ` +
      `full-track rungs store ${(t.bytesPerMinute / 1e6).toFixed(2)} MB per minute of audio (+ previews)${t.failures ? `; ${t.failures} FAILED` : ''}\n`,
  );
}
process.stdout.write(`\n${JSON.stringify({ tracks, seconds, concurrency, figures, ladders: ladderTotals })}\n`);

if (args.keep) process.stdout.write(`kept: ${cache}\n`);
else await rm(cache, { recursive: true, force: true });
