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
import type { ParseOutcome, ParseTask } from './parse.worker.ts';
import type { ScanOptions, ScanProgressEvent, ScanResult } from './types.ts';

const workerFile = new URL('./parse.worker.ts', import.meta.url).href;
const BATCH = 256;
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

  // 1. walk
  const walked = await walk({ roots, only: scope, signal, onFile: (n, p) => progress.set({ found: n, currentPath: p }) });
  signal?.throwIfAborted();

  // 2. diff against the catalog
  const stamps = catalog.tracks.stamps(scope);
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

  // Folder images: new or changed ones are stored and pointed at by the folder's tracks.
  const touchedFolders = new Set<number>();
  const knownCovers = new Set<string>();
  const folderCover = new Map<string, string>();
  for (const folder of foldersWithAudio) {
    const image = walked.images.get(folder);
    const stored = storedImages.get(folder);
    if (!image) {
      if (stored) touchedFolders.add(catalog.folders.setImage(folder, null));
      continue;
    }
    if (stored && stored.path === image.path && stored.size === image.size && stored.mtimeMs === image.mtimeMs) {
      folderCover.set(folder, stored.hash);
      continue;
    }
    const data = readSmallFile(image.path, 32 * 1024 * 1024);
    const hash = data ? await storeCover(options.coverDir, catalog.covers, { data, mime: mimeForImage(image.path), source: 'folder', hash: hashImage(data) }, knownCovers) : null;
    if (hash) {
      folderCover.set(folder, hash);
      const stamp: FolderImageStamp = { path: image.path, size: image.size, mtimeMs: image.mtimeMs, hash };
      touchedFolders.add(catalog.folders.setImage(folder, stamp));
    }
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
    const threads = Math.max(1, options.threads ?? os.availableParallelism());
    const pool = new Piscina<ParseTask, ParseOutcome>({
      filename: workerFile,
      minThreads: Math.min(threads, toParse.length),
      maxThreads: threads,
      idleTimeout: 1_000,
      resourceLimits: { maxOldGenerationSizeMb: 192 },
    });
    try {
      let next = 0;
      const inFlight = threads * 4;
      const runOne = async (): Promise<void> => {
        for (;;) {
          signal?.throwIfAborted();
          const f = toParse[next++];
          if (f === undefined) return;
          progress.set({ currentPath: f.path });
          const pre = precheck(f);
          if (pre) {
            errors.push({ path: f.path, reason: pre, size: f.size, mtimeMs: f.mtimeMs });
            progress.add({ parsed: 1, errors: 1 });
            continue;
          }
          const folder = path.dirname(f.path);
          const task: ParseTask = {
            path: f.path, size: f.size, mtimeMs: f.mtimeMs, wantCover: !folderCover.has(folder),
            exceptions, exactDurationMaxBytes: EXACT_DURATION_MAX_BYTES,
          };
          const timeout = AbortSignal.timeout(FILE_TIMEOUT_MS);
          let outcome: ParseOutcome;
          try {
            outcome = await pool.run(task, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
          } catch (err) {
            signal?.throwIfAborted();
            outcome = { ok: false, reason: timeout.aborted ? `took longer than ${FILE_TIMEOUT_MS / 1000} s to read; skipped` : `reader failed: ${(err as Error).message}` };
          }
          if (!outcome.ok) {
            errors.push({ path: f.path, reason: outcome.reason, size: f.size, mtimeMs: f.mtimeMs });
            progress.add({ parsed: 1, errors: 1 });
            continue;
          }
          let coverHash = folderCover.get(folder) ?? null;
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
            const candidates = missingByFingerprint.get(input.fingerprint);
            const from = candidates?.shift();
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
        }
      };
      await Promise.all(Array.from({ length: Math.min(inFlight, toParse.length) }, runOne));
      flush();
      const removedPaths = missing.map(([p]) => p).filter((p) => !missingPathsMatched.has(p));
      return finish(removedPaths);
    } finally {
      await pool.destroy();
    }
  }
  return finish(missing.map(([p]) => p));

  function finish(removedPaths: string[]): ScanResult {
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
