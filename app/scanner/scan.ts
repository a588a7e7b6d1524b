// The scan: walk → diff → parse (worker pool) → write (batched) → group → prune. See README.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import type { TrackWrite } from '../catalog/tracks.ts';
import type { ScanErrorInput } from '../catalog/scanErrors.ts';
import type { FolderImageStamp } from '../catalog/folders.ts';
import type { ScanPhase } from '../contract/index.ts';
import { walk, type WalkedFile } from './walk.ts';
import { hashImage, mimeForImage, removeCoverFiles, storeCover } from './covers.ts';
import { defaultArtistExceptions } from './artists.ts';
import type { FileTask, ParseBatch, ParseOutcome } from './parse.worker.ts';
import type { ScanOptions, ScanProgressEvent, ScanResult } from './types.ts';

const workerFile = new URL('./parse.worker.ts', import.meta.url).href;
const BATCH = 256;
/** Files per worker task. */
const FILES_PER_TASK = 16;
/** A file whose tags take longer than this to read is recorded as an error and skipped. */
const FILE_TIMEOUT_MS = 5_000;
/** Above this size a file without a duration in its headers gets an estimate, not a full parse. */
const EXACT_DURATION_MAX_BYTES = 64 * 1024 * 1024;

/** A scan that cannot start (a missing root); its message is one sentence for the user. */
export class ScanError extends Error {
  override name = 'ScanError';
}

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const { catalog, signal } = options;
  const roots = options.roots.map((r) => path.resolve(r));
  for (const r of roots) {
    if (!fs.statSync(r, { throwIfNoEntry: false })?.isDirectory()) throw new ScanError(`library folder not found: ${r}`);
  }
  const scope = options.only ? options.only.map((p) => path.resolve(p)) : roots;
  catalog.db.transaction(() => roots.forEach((r) => catalog.entities.rootId(r)))();
  const exceptions = catalog.settings.get<string[]>('artistExceptions', [...defaultArtistExceptions]);

  const progress = createProgress(options.onProgress);
  progress.set({ phase: 'walking' });
  const stamps = catalog.tracks.stamps(scope);
  const threads = Math.max(1, options.threads ?? os.availableParallelism());
  let pool: Piscina<ParseBatch, ParseOutcome[]> | null = null;
  const startPool = (): Piscina<ParseBatch, ParseOutcome[]> => {
    pool ??= new Piscina<ParseBatch, ParseOutcome[]>({
      filename: workerFile,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 1_000,
      // Small heaps: tag reading needs little, and the scan must stay lean on big libraries.
      resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 4 },
    });
    return pool;
  };
  // A first scan will read everything: boot the workers while the folders are walked.
  if (stamps.size === 0) startPool();
  try {
    return await scanWith();
  } finally {
    await (pool as Piscina<ParseBatch, ParseOutcome[]> | null)?.destroy();
  }

  async function scanWith(): Promise<ScanResult> {

  // 1. walk
  const walked = await walk({ roots, only: scope, signal, onFile: (n, p) => progress.set({ found: n, currentPath: p }) });
  signal?.throwIfAborted();

  // 2. diff against the catalog
  const errorStamps = catalog.scanErrors.stamps(scope);
  const storedImages = catalog.folders.images(scope);
  const seen = new Set<string>();
  const toParse: WalkedFile[] = [];
  const errors: ScanErrorInput[] = [...walked.errors];
  let unchanged = 0;
  let knownBad = 0;
  const foldersWithAudio = new Set(walked.files.map((f) => path.dirname(f.path)));
  const imageGone = new Set([...storedImages.keys()].filter((folder) => foldersWithAudio.has(folder) && !walked.images.has(folder)));
  const youngerThan = options.settleMs ? Date.now() - options.settleMs : Infinity;
  for (const f of walked.files) {
    seen.add(f.path);
    if (f.mtimeMs > youngerThan) continue; // still settling: a later scan takes it
    const stamp = stamps.get(f.path);
    if (stamp && stamp.size === f.size && stamp.mtimeMs === f.mtimeMs && !imageGone.has(path.dirname(f.path))) {
      unchanged++;
      continue;
    }
    const bad = errorStamps.get(f.path);
    if (!stamp && bad && bad.size === f.size && bad.mtimeMs === f.mtimeMs) {
      knownBad++;
      continue;
    }
    toParse.push(f);
  }
  const missing = [...stamps.entries()].filter(([p]) => !seen.has(p));
  const missingByFingerprint = new Map<string, Array<{ id: number; path: string }>>();
  for (const [p, s] of missing) {
    const list = missingByFingerprint.get(s.fingerprint) ?? [];
    list.push({ id: s.id, path: p });
    missingByFingerprint.set(s.fingerprint, list);
  }
  const staleErrors = [...errorStamps.keys()].filter((p) => !seen.has(p) && !walked.errors.some((e) => e.path === p));
  progress.set({ found: walked.files.length });

  // Folder images: new or changed ones are stored (concurrently with parsing) and pointed at by the
  // folder's tracks; `wantCover` only needs to know that a folder has one.
  const touchedFolders = new Set<number>();
  const knownCovers = new Set<string>();
  const folderCover = new Map<string, Promise<string | null>>();
  for (const folder of foldersWithAudio) {
    const image = walked.images.get(folder);
    const stored = storedImages.get(folder);
    if (!image) {
      if (stored) touchedFolders.add(catalog.folders.setImage(folder, null));
      continue;
    }
    if (stored && stored.path === image.path && stored.size === image.size && stored.mtimeMs === image.mtimeMs) {
      folderCover.set(folder, Promise.resolve(stored.hash));
      continue;
    }
    folderCover.set(folder, (async () => {
      const data = readSmallFile(image.path, 32 * 1024 * 1024);
      const hash = data ? await storeCover(options.coverDir, catalog.covers, { data, mime: mimeForImage(image.path), source: 'folder', hash: hashImage(data) }, knownCovers) : null;
      if (hash) touchedFolders.add(catalog.folders.setImage(folder, { path: image.path, size: image.size, mtimeMs: image.mtimeMs, hash }));
      return hash;
    })());
  }

  // 3. parse in worker threads, 4. write in batches as results arrive
  const counts = { added: 0, updated: 0, moved: 0 };
  const changedIds = new Set<number>();
  const parsedOk: string[] = [];
  const missingPathsMatched = new Set<string>();
  let batch: TrackWrite[] = [];
  const flush = (): void => {
    if (batch.length === 0) return;
    progress.set({ phase: 'writing' });
    for (const id of catalog.tracks.write(batch)) touchedFolders.add(id);
    batch = [];
    progress.set({ phase: 'parsing' });
  };

  if (toParse.length > 0) {
    progress.set({ phase: 'parsing' });
    const workers = startPool();
    const exact = EXACT_DURATION_MAX_BYTES;
    /** Runs a batch; if it fails or overruns, each of its files again alone, so only a culprit fails. */
    const runBatch = async (files: FileTask[]): Promise<ParseOutcome[]> => {
      const budget = AbortSignal.timeout(FILE_TIMEOUT_MS + files.length * 250);
      try {
        return await workers.run({ files, exceptions, exactDurationMaxBytes: exact }, { signal: signal ? AbortSignal.any([signal, budget]) : budget });
      } catch (err) {
        signal?.throwIfAborted();
        if (files.length > 1) return (await Promise.all(files.map((f) => runBatch([f])))).flat();
        return [{ ok: false, reason: budget.aborted ? `took longer than ${FILE_TIMEOUT_MS / 1000} s to read; skipped` : `reader failed: ${(err as Error).message}` }];
      }
    };
    const accept = async (f: WalkedFile, outcome: ParseOutcome): Promise<void> => {
      if (!outcome.ok) {
        errors.push({ path: f.path, reason: outcome.reason, size: f.size, mtimeMs: f.mtimeMs });
        progress.add({ parsed: 1, errors: 1 });
        return;
      }
      const folder = path.dirname(f.path);
      let coverHash = (await folderCover.get(folder)) ?? null;
      if (coverHash === null && outcome.cover) {
        coverHash = await storeCover(options.coverDir, catalog.covers, { ...outcome.cover, source: 'embedded' }, knownCovers);
      }
      const input = { ...outcome.track, coverHash };
      const stamp = stamps.get(f.path);
      let movedFromId: number | undefined;
      if (stamp) {
        counts.updated++;
        changedIds.add(stamp.id);
      } else {
        const from = missingByFingerprint.get(input.fingerprint)?.shift();
        if (from) {
          movedFromId = from.id;
          counts.moved++;
          changedIds.add(from.id);
          missingPathsMatched.add(from.path);
        } else {
          counts.added++;
        }
      }
      batch.push(movedFromId === undefined ? { input } : { input, movedFromId });
      parsedOk.push(f.path);
      progress.add({ parsed: 1 });
      if (batch.length >= BATCH) flush();
    };
    let next = 0;
    const worker = async (): Promise<void> => {
        while (next < toParse.length) {
          signal?.throwIfAborted();
          const files: WalkedFile[] = [];
          while (files.length < FILES_PER_TASK && next < toParse.length) {
            const f = toParse[next++];
            if (f === undefined) break;
            const pre = precheck(f);
            if (pre) {
              errors.push({ path: f.path, reason: pre, size: f.size, mtimeMs: f.mtimeMs });
              progress.add({ parsed: 1, errors: 1 });
            } else {
              files.push(f);
            }
          }
          if (files.length === 0) continue;
          progress.set({ currentPath: files[0]?.path ?? null });
          const outcomes = await runBatch(files.map((f) => ({ path: f.path, size: f.size, mtimeMs: f.mtimeMs, wantCover: !folderCover.has(path.dirname(f.path)) })));
          for (let i = 0; i < files.length; i++) {
            const f = files[i];
            const o = outcomes[i];
            if (f && o) await accept(f, o);
          }
        }
      };
      // Two batches in flight per thread: one running, one queued.
      await Promise.all(Array.from({ length: threads * 2 }, worker));
      flush();
      const removedPaths = missing.map(([p]) => p).filter((p) => !missingPathsMatched.has(p));
      return await finish(removedPaths);
  }
  return await finish(missing.map(([p]) => p));

  async function finish(removedPaths: string[]): Promise<ScanResult> {
    // Covers still being stored must land before the albums are grouped.
    await Promise.allSettled(folderCover.values());
    const removedIds = removedPaths.map((p) => stamps.get(p)?.id).filter((id): id is number => id !== undefined);
    for (const id of catalog.tracks.remove(removedPaths)) touchedFolders.add(id);
    catalog.scanErrors.clear([...parsedOk, ...staleErrors]);
    catalog.scanErrors.record(errors);
    progress.set({ phase: 'writing' });
    catalog.albums.regroup(touchedFolders);
    const orphanCovers = catalog.albums.prune();
    void removeCoverFiles(options.coverDir, orphanCovers);
    for (const id of catalog.tracks.idsOf(parsedOk)) changedIds.add(id);
    progress.set({ phase: 'done', currentPath: null });
    return {
      tracks: catalog.tracks.count(),
      added: counts.added,
      updated: counts.updated,
      removed: removedPaths.length,
      moved: counts.moved,
      unchanged,
      errors: errors.length + knownBad,
      elapsedMs: Math.round(performance.now() - started),
      changedTrackIds: [...changedIds].sort((a, b) => a - b),
      removedTrackIds: removedIds,
    };
  }
}

}

/** Cheap checks before a file reaches a worker: empty, sparse (mostly holes) or absurdly large. */
function precheck(f: WalkedFile): string | null {
  if (f.size === 0) return 'empty file (0 bytes)';
  if (f.size > 64 * 1024 * 1024 && f.allocated < f.size / 8) return `sparse file: ${formatBytes(f.size)} with only ${formatBytes(f.allocated)} on disk is not audio`;
  if (f.size > 16 * 1024 ** 3) return `file too large to be a track (${formatBytes(f.size)})`;
  return null;
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.round(n / 1024)} KB`;
}

function readSmallFile(file: string, max: number): Buffer | null {
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size === 0 || st.size > max) return null;
    return fs.readFileSync(file);
  } catch {
    return null;
  }
}

interface Progress {
  set(patch: Partial<ScanProgressEvent>): void;
  add(delta: { parsed?: number; errors?: number }): void;
}

/** Progress state with throttled emission (at most every 100 ms, plus every phase change). */
function createProgress(onProgress: ((e: ScanProgressEvent) => void) | undefined): Progress {
  const state: ScanProgressEvent = { phase: 'walking' as ScanPhase, found: 0, parsed: 0, errors: 0, rate: 0, currentPath: null };
  const t0 = performance.now();
  let last = 0;
  const emit = (force: boolean): void => {
    if (!onProgress) return;
    const now = performance.now();
    if (!force && now - last < 100) return;
    last = now;
    state.rate = Math.round((state.parsed / Math.max(1, now - t0)) * 1000);
    onProgress({ ...state });
  };
  return {
    set(patch) {
      const phaseChanged = patch.phase !== undefined && patch.phase !== state.phase;
      Object.assign(state, patch);
      emit(phaseChanged);
    },
    add(delta) {
      state.parsed += delta.parsed ?? 0;
      state.errors += delta.errors ?? 0;
      emit(false);
    },
  };
}
