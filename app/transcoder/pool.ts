// Many (source, rung) jobs with a concurrency limit: progress, cancellation, per-job failures.
import { mkdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { cachedRendition, renditionPath, saveSidecar, sweepParts } from './cache.ts';
import { probe, resolveFfmpeg, type FfmpegOptions, type FfmpegPaths } from './ffmpeg.ts';
import { renditionFormat } from './format.ts';
import { ladderOf } from './ladders.ts';
import { planRenditions } from './plan.ts';
import { transcode } from './transcode.ts';
import type { Ladder, RenditionResult, RungPlan, SourceInfo } from './types.ts';

export interface TranscodeJob {
  /** Audio fingerprint of the source: the cache (and object) key. */
  fingerprint: string;
  source: SourceInfo;
  /** 'encode' or 'source' (a 'skip' plan is not a job: transcodeAll ignores it). */
  plan: RungPlan;
}

/** The jobs for some tracks on a ladder: the planner's 'encode' and 'source' rungs. */
export function jobsFor(tracks: Iterable<{ fingerprint: string; source: SourceInfo }>, ladder: Ladder | 'aac' | 'opus' = 'aac'): TranscodeJob[] {
  const l = ladderOf(ladder);
  const jobs: TranscodeJob[] = [];
  for (const t of tracks) {
    for (const plan of planRenditions({ source: t.source, ladder: l })) {
      if (plan.action !== 'skip') jobs.push({ fingerprint: t.fingerprint, source: t.source, plan });
    }
  }
  return jobs;
}

export interface TranscodeProgress {
  total: number;
  /** Finished jobs: made, reused or failed. */
  done: number;
  failed: number;
  /** Already complete in the cache; not made again. */
  reused: number;
  /** Bytes of renditions made or reused so far. */
  bytes: number;
  /** Seconds of audio encoded so far by this run (reused outputs excluded). */
  audioSeconds: number;
  elapsedMs: number;
  /** audioSeconds / elapsed seconds: how many times faster than realtime the run encodes. */
  realtime: number;
  /** Jobs in flight. */
  current: Array<{ fingerprint: string; rung: string; path: string; seconds: number }>;
}

export interface TranscodeAllOptions extends FfmpegOptions {
  jobs: readonly TranscodeJob[];
  /** Root of the rendition cache: `<cacheDir>/<fp[0..2]>/<fp>/<rung>.<ext>`. */
  cacheDir: string;
  /** Parallel ffmpeg processes. Default: the number of cores. */
  concurrency?: number;
  /** Called on each job start/end and at most ~4×/s while encoding. */
  onProgress?: (progress: TranscodeProgress) => void;
  /** Aborting kills every running ffmpeg, deletes their partial files, and starts no more jobs. */
  signal?: AbortSignal;
}

export interface TranscodeAllResult {
  /** One per job that has its rendition (made now or reused), in job order. */
  results: Array<{ job: TranscodeJob; result: RenditionResult; reused: boolean }>;
  /** One per failed job; a failure never stops the others. */
  failures: Array<{ job: TranscodeJob; error: string }>;
  /** True when the signal aborted the run; unfinished jobs are in neither list. */
  cancelled: boolean;
  total: number;
  bytes: number;
  audioSeconds: number;
  elapsedMs: number;
  realtime: number;
}

interface Unit {
  file: string;
  jobs: Array<{ job: TranscodeJob; index: number }>;
}

/**
 * Runs the jobs, at most `concurrency` ffmpeg processes at a time. Idempotent and resumable: a
 * rendition already complete in the cache is reused; identical jobs (same fingerprint + rung) run
 * once. Never rejects for a job's failure; rejects only when ffmpeg itself cannot be found.
 */
export async function transcodeAll(options: TranscodeAllOptions): Promise<TranscodeAllResult> {
  const paths: FfmpegPaths = resolveFfmpeg(options);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? availableParallelism()));
  const started = performance.now();
  const signal = options.signal;

  // Group identical outputs (two copies of one song share a fingerprint).
  const units = new Map<string, Unit>();
  const results: Array<{ job: TranscodeJob; result: RenditionResult; reused: boolean } | undefined> = [];
  const failures: Array<{ job: TranscodeJob; error: string; index: number }> = [];
  let total = 0;
  options.jobs.forEach((job, index) => {
    if (job.plan.action === 'skip') return;
    total++;
    let file: string;
    try {
      const { extension } = renditionFormat(job.plan, job.source);
      file = renditionPath(options.cacheDir, job.fingerprint, job.plan.rung.name, extension);
    } catch (err) {
      failures.push({ job, error: (err as Error).message, index });
      return;
    }
    const unit = units.get(file) ?? { file, jobs: [] };
    unit.jobs.push({ job, index });
    units.set(file, unit);
  });

  let done = failures.length;
  let reused = 0;
  let bytes = 0;
  let audioSeconds = 0;
  const current = new Map<string, { fingerprint: string; rung: string; path: string; seconds: number }>();
  let lastEmit = 0;
  const snapshot = (): TranscodeProgress => {
    const elapsedMs = performance.now() - started;
    const inFlight = [...current.values()].reduce((s, c) => s + c.seconds, 0);
    const audio = audioSeconds + inFlight;
    return {
      total, done, failed: failures.length, reused, bytes, audioSeconds: audio, elapsedMs,
      realtime: elapsedMs > 0 ? audio / (elapsedMs / 1000) : 0,
      current: [...current.values()].map((c) => ({ ...c })),
    };
  };
  const emit = (force: boolean): void => {
    if (!options.onProgress) return;
    const now = performance.now();
    if (!force && now - lastEmit < 250) return;
    lastEmit = now;
    options.onProgress(snapshot());
  };

  const runUnit = async (unit: Unit): Promise<void> => {
    const first = unit.jobs[0];
    if (first === undefined) return;
    const { job } = first;
    const { plan, source } = job;
    const action = plan.action === 'source' ? 'source' : 'encode';
    const format = renditionFormat(plan, source);
    const reprobe = async (): Promise<RenditionResult> => {
      const info = await probe(paths, unit.file);
      const { size } = await stat(unit.file);
      return {
        rung: plan.rung.name, file: unit.file, bytes: size, codec: format.codec, contentType: format.contentType,
        durationMs: info.durationMs, bitrate: info.durationMs > 0 ? Math.round((size * 8) / (info.durationMs / 1000)) : 0,
      };
    };
    const finish = (result: RenditionResult, wasReused: boolean): void => {
      for (const { job: j, index } of unit.jobs) results[index] = { job: j, result, reused: wasReused };
      done += unit.jobs.length;
      bytes += result.bytes;
      if (wasReused) reused += unit.jobs.length;
    };
    try {
      const existing = await cachedRendition(unit.file, reprobe);
      if (existing !== null) {
        finish(existing, true);
        return;
      }
      if (signal?.aborted) return;
      await mkdir(path.dirname(unit.file), { recursive: true });
      await sweepParts(unit.file);
      const entry = { fingerprint: job.fingerprint, rung: plan.rung.name, path: source.path, seconds: 0 };
      current.set(unit.file, entry);
      emit(true);
      const result = await transcode({
        paths, source, rung: plan.rung, outFile: unit.file, signal, action,
        bitrate: plan.action === 'encode' ? plan.bitrate : undefined,
        onProgress: (seconds) => {
          entry.seconds = seconds;
          emit(false);
        },
      });
      current.delete(unit.file);
      await saveSidecar(result);
      audioSeconds += result.durationMs / 1000;
      finish(result, false);
    } catch (err) {
      current.delete(unit.file);
      if (signal?.aborted) return; // cancelled, not failed
      const message = (err as Error).message;
      for (const { job: j, index } of unit.jobs) failures.push({ job: j, error: message, index });
      done += unit.jobs.length;
    } finally {
      emit(true);
    }
  };

  const queue = [...units.values()];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < queue.length && !signal?.aborted) {
      const unit = queue[next++];
      if (unit !== undefined) await runUnit(unit);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, queue.length)) }, worker));

  const elapsedMs = performance.now() - started;
  return {
    results: results.filter((r): r is NonNullable<typeof r> => r !== undefined),
    failures: failures.sort((a, b) => a.index - b.index).map(({ job, error }) => ({ job, error })),
    cancelled: signal?.aborted ?? false,
    total,
    bytes,
    audioSeconds,
    elapsedMs,
    realtime: elapsedMs > 0 ? audioSeconds / (elapsedMs / 1000) : 0,
  };
}
