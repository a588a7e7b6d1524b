// The scan: walk → diff → parse (worker pool) → write (batched) → group → prune. See README.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { walk } from './walk.ts';
import { createMoveMatcher, diff } from './diff.ts';
import { storeFolderImages } from './folderImages.ts';
import { createParsePool, type ParsePool } from './parsePool.ts';
import { createApplier } from './apply.ts';
import { removeCoverFiles } from '../covers/files.ts';
import { createProgress } from './progress.ts';
import { syncSidecarLyrics } from './lyrics.ts';
import { defaultArtistExceptions } from './artists.ts';
import type { WalkedFile } from './walk.ts';
import type { ScanOptions, ScanResult } from './types.ts';
import { ScanError } from './scanError.ts';

/** Files per worker task. */
const FILES_PER_TASK = 32;

export { ScanError };

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const { catalog, signal } = options;
  const roots = options.roots.map((r) => path.resolve(r));
  for (const r of roots) {
    if (!fs.statSync(r, { throwIfNoEntry: false })?.isDirectory()) throw new ScanError(`library folder not found: ${r}`);
  }
  const scope = options.only ? options.only.map((p) => path.resolve(p)) : roots;
  catalog.db.transaction(() => roots.forEach((r) => catalog.entities.rootId(r)))();
  const progress = createProgress(options.onProgress);
  const threads = Math.max(1, options.threads ?? os.availableParallelism());
  const exceptions = catalog.settings.get<string[]>('artistExceptions', [...defaultArtistExceptions]);
  let pool: ParsePool | null = null;
  let closing: Promise<void> | null = null;
  const startPool = (): ParsePool => (pool ??= createParsePool({ threads, exceptions, workerFile: options.parseWorker }));

  const unsettled = settleCheck(options);
  const stamps = catalog.tracks.stamps(scope);
  // A first scan reads everything: boot the workers while the folders are walked.
  if (stamps.size === 0) startPool();
  try {
    // 1. walk
    const walked = await walk({ roots, only: scope, signal, onFile: (n, p) => progress.set({ found: n, currentPath: p }) });
    signal?.throwIfAborted();

    // 2. diff
    const storedImages = catalog.folders.images(scope);
    const d = diff({
      walked, stamps,
      errorStamps: catalog.scanErrors.stamps(scope),
      storedImages,
      unsettled,
    });
    progress.set({ found: walked.files.length });
    const moves = createMoveMatcher(d.missing);
    const knownCovers = new Set<string>();
    const folderCovers = storeFolderImages({
      catalog, coverDir: options.coverDir, folders: d.foldersWithAudio, found: walked.images,
      stored: storedImages, knownCovers,
    });
    // A first scan groups each folder as soon as its last file is written (see apply.ts); a rescan,
    // whose moves and removals touch folders across the library, groups at the end.
    const unread = stamps.size === 0 ? filesPerFolder(d.toParse) : undefined;
    const applier = createApplier({
      catalog, coverDir: options.coverDir, stamps, moves, folderCovers, knownCovers, unread,
      onWriting: (writing) => progress.set({ phase: writing ? 'writing' : 'parsing' }),
    });
    progress.add({ parsed: d.rejected.length - walked.errors.length, errors: d.rejected.length });

    // 3. parse, 4. write as results arrive: two tasks in flight per thread, one running, one queued.
    if (d.toParse.length > 0) {
      progress.set({ phase: 'parsing' });
      const workers = startPool();
      const queue = d.toParse.slice();
      const lane = async (): Promise<void> => {
        for (let files = queue.splice(0, FILES_PER_TASK); files.length > 0; files = queue.splice(0, FILES_PER_TASK)) {
          signal?.throwIfAborted();
          progress.set({ currentPath: files[0]?.path ?? null });
          const outcomes = await workers.parse(files.map((f) => toTask(f, folderCovers)), signal);
          for (const [i, f] of files.entries()) {
            const outcome = outcomes[i] ?? { ok: false, reason: 'reader returned no result' };
            await applier.accept(f, outcome);
            progress.add({ parsed: 1, errors: outcome.ok ? 0 : 1 });
          }
        }
      };
      await Promise.all(Array.from({ length: threads * 2 }, lane));
      // Everything is read: the workers shut down while the rest of the scan writes and groups.
      closing = workers.close();
      applier.flush();
    }

    // 5. group, 6. prune. Covers still being stored must land before albums are grouped. Every write
    // above marked its folders dirty in its own transaction; regrouping clears the marks, so a scan
    // killed at any point leaves the next one the folders it did not finish.
    await Promise.allSettled(folderCovers.values());
    const removed = moves.unmatched();
    catalog.tracks.remove(removed.map((m) => m.path));
    const lyrics = syncSidecarLyrics({
      catalog, scope, audio: walked.files, sidecars: walked.sidecars, unsettled,
    });
    for (const id of lyrics.changedTrackIds) applier.changedIds.add(id);
    catalog.scanErrors.clear(d.staleErrors); // a file read fine had its error cleared in the commit that wrote it
    const errors = [...d.rejected, ...applier.errors, ...lyrics.errors];
    catalog.scanErrors.record(errors);
    progress.set({ phase: 'writing' });
    catalog.albums.regroupDirty();
    void removeCoverFiles(options.coverDir, catalog.albums.prune());
    for (const id of catalog.tracks.idsOf(applier.parsed)) applier.changedIds.add(id);
    progress.set({ phase: 'done', currentPath: null });
    return {
      tracks: catalog.tracks.count(),
      ...applier.counts,
      removed: removed.length,
      unchanged: d.unchanged,
      errors: errors.length + d.knownBad,
      elapsedMs: Math.round(performance.now() - started),
      changedTrackIds: [...applier.changedIds].sort((a, b) => a - b),
      removedTrackIds: removed.map((m) => m.id),
      deferred: [...d.deferred, ...lyrics.deferred],
    };
  } finally {
    await (closing ?? (pool as ParsePool | null)?.close());
  }
}

/**
 * Whether a file is too fresh to read now: modified within `settleMs` before the clock. A time
 * further in the future than that (a skewed clock, an archive's dates) is not a file being written.
 */
function settleCheck(options: ScanOptions): (mtimeMs: number) => boolean {
  const settleMs = options.settleMs;
  if (!settleMs) return () => false;
  const now = (options.now ?? Date.now)();
  return (mtimeMs) => mtimeMs > now - settleMs && mtimeMs <= now + settleMs;
}

function toTask(f: WalkedFile, folderCovers: ReadonlyMap<string, unknown>) {
  return { path: f.path, size: f.size, mtimeMs: f.mtimeMs, wantCover: !folderCovers.has(path.dirname(f.path)) };
}

function filesPerFolder(files: readonly WalkedFile[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of files) counts.set(path.dirname(f.path), (counts.get(path.dirname(f.path)) ?? 0) + 1);
  return counts;
}
