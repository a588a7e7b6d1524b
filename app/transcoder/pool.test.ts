// transcodeAll with real ffmpeg: the cache layout, reuse, per-job failures, cancellation, no upscaling.
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseFile } from 'music-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp.ts';
import { AAC_LADDER } from './ladders.ts';
import { jobsFor, transcodeAll, type TranscodeProgress } from './pool.ts';
import { renditionPath } from './cache.ts';
import { probeSource } from './transcode.ts';
import { ffmpegProcessesMentioning, writeSource } from './testSources.ts';
import type { SourceInfo } from './types.ts';

let dir: string;
const FP = { flac: 'a1'.repeat(32), mp3: 'b2'.repeat(32), broken: 'c3'.repeat(32), long: 'd4'.repeat(32) };
let flac: SourceInfo;
let mp3: SourceInfo;

function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(path.join(root, f)).isFile()).sort();
}

beforeAll(async () => {
  dir = tempDir('tonearm-pool-');
  await Promise.all([
    writeSource(path.join(dir, 'a.flac'), 'music', 40),
    writeSource(path.join(dir, 'b.mp3'), 'music', 40, 'mp3_128'),
  ]);
  flac = await probeSource(path.join(dir, 'a.flac'));
  mp3 = await probeSource(path.join(dir, 'b.mp3'));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('transcodeAll', () => {
  it('makes every planned rendition into <cache>/<fp[0..2]>/<fp>/<rung>.<ext>, then reuses them', async () => {
    const cacheDir = path.join(dir, 'cache-1');
    const jobs = jobsFor([{ fingerprint: FP.flac, source: flac }, { fingerprint: FP.mp3, source: mp3 }], 'aac');
    // FLAC: 3 encodes. mp3 128: high skipped, medium = the source, low encoded.
    expect(jobs.map((j) => `${j.fingerprint.slice(0, 2)}:${j.plan.rung.name}:${j.plan.action}`)).toEqual([
      'a1:high:encode', 'a1:medium:encode', 'a1:low:encode',
      'b2:medium:source', 'b2:low:encode',
    ]);
    const events: TranscodeProgress[] = [];
    const run = await transcodeAll({ jobs, cacheDir, concurrency: 2, onProgress: (p) => events.push(p) });
    expect(run.cancelled).toBe(false);
    expect(run.failures).toEqual([]);
    expect(run.results).toHaveLength(5);
    expect(run.results.every((r) => !r.reused)).toBe(true);
    expect(filesUnder(cacheDir)).toEqual([
      'a1/a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1/high.m4a',
      'a1/a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1/high.m4a.json',
      'a1/a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1/low.m4a',
      'a1/a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1/low.m4a.json',
      'a1/a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1/medium.m4a',
      'a1/a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1/medium.m4a.json',
      'b2/b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2/low.m4a',
      'b2/b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2/low.m4a.json',
      'b2/b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2/medium.mp3',
      'b2/b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2/medium.mp3.json',
    ]);
    expect(run.results.find((r) => r.job.fingerprint === FP.flac && r.result.rung === 'high')?.result.file).toBe(
      renditionPath(cacheDir, FP.flac, 'high', 'm4a'),
    );
    // Progress: done climbs to total, bytes and audio seconds add up, in-flight jobs are named.
    const last = events.at(-1)!;
    expect(last).toMatchObject({ total: 5, done: 5, failed: 0, reused: 0, current: [] });
    expect(last.bytes).toBe(run.bytes);
    expect(run.bytes).toBe(run.results.reduce((s, r) => s + r.result.bytes, 0));
    expect(run.audioSeconds).toBeCloseTo(40 * 5, -1);
    expect(run.realtime).toBeGreaterThan(1);
    expect(events.some((e) => e.current.length === 2)).toBe(true);
    expect(events.some((e) => e.current.some((c) => c.seconds > 0))).toBe(true);
    expect(events.map((e) => e.done)).toEqual([...events.map((e) => e.done)].sort((a, b) => a - b));

    // Again: nothing made, everything reused, same results.
    const again = await transcodeAll({ jobs, cacheDir, concurrency: 2 });
    expect(again.results.every((r) => r.reused)).toBe(true);
    expect(again.audioSeconds).toBe(0);
    expect(again.results.map((r) => r.result)).toEqual(run.results.map((r) => r.result));
    // A lost sidecar is rebuilt from the file.
    rmSync(renditionPath(cacheDir, FP.flac, 'low', 'm4a') + '.json');
    const third = await transcodeAll({ jobs, cacheDir });
    expect(third.results.map((r) => r.result)).toEqual(run.results.map((r) => r.result));
  }, 120_000);

  it('never upscales a lossy source: a 128 kb/s mp3 has no high rung, its medium is its own audio', async () => {
    const cacheDir = path.join(dir, 'cache-2');
    const run = await transcodeAll({ jobs: jobsFor([{ fingerprint: FP.mp3, source: mp3 }], 'aac'), cacheDir });
    const byRung = new Map(run.results.map((r) => [r.result.rung, r.result]));
    expect([...byRung.keys()].sort()).toEqual(['low', 'medium']);
    const medium = byRung.get('medium')!;
    expect(medium).toMatchObject({ codec: 'mp3', contentType: 'audio/mpeg' });
    expect((await parseFile(medium.file)).format.bitrate).toBe(128_000);
    for (const r of byRung.values()) expect(r.bitrate).toBeLessThanOrEqual(128_000 * 1.1);
  }, 60_000);

  it('a broken source fails its own jobs only, with a readable reason', async () => {
    const cacheDir = path.join(dir, 'cache-3');
    const brokenPath = path.join(dir, 'broken.flac');
    writeFileSync(brokenPath, Buffer.alloc(50_000, 7));
    const broken: SourceInfo = { path: brokenPath, codec: 'FLAC', container: 'FLAC', lossless: true, bitrate: 900_000, durationMs: 40_000 };
    const low = AAC_LADDER.rungs[2]!;
    const run = await transcodeAll({
      jobs: [
        { fingerprint: FP.broken, source: broken, plan: { rung: low, action: 'encode' } },
        { fingerprint: FP.flac, source: flac, plan: { rung: low, action: 'encode' } },
        { fingerprint: 'not-a-fingerprint', source: flac, plan: { rung: low, action: 'encode' } },
      ],
      cacheDir,
    });
    expect(run.results.map((r) => r.job.fingerprint)).toEqual([FP.flac]);
    expect(run.failures.map((f) => f.job.fingerprint)).toEqual([FP.broken, 'not-a-fingerprint']);
    expect(run.failures[0]!.error).toMatch(/^ffmpeg failed on broken\.flac: .+/);
    expect(run.failures[1]!.error).toMatch(/not a fingerprint/);
    expect(filesUnder(cacheDir).filter((f) => f.includes(FP.broken))).toEqual([]);
  }, 60_000);

  it('cancelling mid-job kills ffmpeg and leaves no output, no temp file, no process', async () => {
    const cacheDir = path.join(dir, 'cache-4');
    const longPath = path.join(dir, 'long.flac');
    await writeSource(longPath, 'music', 300);
    const long = await probeSource(longPath);
    const controller = new AbortController();
    let sawProcess = 0;
    const run = await transcodeAll({
      jobs: jobsFor([{ fingerprint: FP.long, source: long }], 'aac'),
      cacheDir,
      concurrency: 2,
      signal: controller.signal,
      onProgress: (p) => {
        // Mid-job: both encoders have written some output and both processes are alive now (a
        // progress report can outlive its encoder, which may have just finished its last part).
        if (controller.signal.aborted || p.current.length !== 2 || !p.current.every((c) => c.seconds > 5)) return;
        const alive = ffmpegProcessesMentioning(cacheDir).length;
        if (alive === 2) {
          sawProcess = alive;
          controller.abort();
        }
      },
    });
    expect(sawProcess).toBe(2);
    expect(run.cancelled).toBe(true);
    expect(run.results).toEqual([]);
    expect(run.failures).toEqual([]);
    expect(filesUnder(cacheDir)).toEqual([]);
    expect(ffmpegProcessesMentioning(cacheDir)).toEqual([]);
  }, 120_000);

  it('an already aborted signal starts nothing', async () => {
    const cacheDir = path.join(dir, 'cache-5');
    const run = await transcodeAll({ jobs: jobsFor([{ fingerprint: FP.flac, source: flac }]), cacheDir, signal: AbortSignal.abort() });
    expect(run).toMatchObject({ cancelled: true, results: [], failures: [], total: 3 });
    expect(filesUnder(cacheDir)).toEqual([]);
  });
});
