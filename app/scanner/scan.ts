// The scan: walk → diff → parse (worker pool) → write (batched) → group → prune. See README.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { walk } from './walk.ts';
import { createDiff, createMoveMatcher, type MoveMatcher } from './diff.ts';
import { storeFolderImages } from './folderImages.ts';
import { createParsePool, type ParsePool } from './parsePool.ts';
import { createApplier, type Applier } from './apply.ts';
import { createReadQueue } from './queue.ts';
import { removeCoverFiles } from '../covers/files.ts';
import { createProgress } from './progress.ts';
import { syncSidecarLyrics } from './lyrics.ts';
import { defaultArtistExceptions } from './artists.ts';
import type { FolderImage, WalkedFile } from './walk.ts';
import type { ScanOptions, ScanResult } from './types.ts';
import { ScanError } from './scanError.ts';
import { displayPath } from '../text/fsPath.ts';
import { isWithin } from '../catalog/pathRange.ts';

/** Files per worker task. */
const FILES_PER_TASK = 32;

/**
 * What a scan reads from a file, as a version: bump it when that changes (a tag read, a decoding
 * fixed, a duration taken differently), and a catalog scanned before reads every file again once —
 * by its next scan of all its folders — instead of keeping what the older reader made of them.
 *   1: MP4 durations from the edit list (the priming was counted).
 */
export const READER_VERSION = 1;
const readerKey = 'scanner.readerVersion';

export { ScanError };

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const { catalog, signal } = options;
  const roots = options.roots.map((r) => path.resolve(r));
  for (const r of roots) {
    if (fs.statSync(r, { throwIfNoEntry: false })?.isDirectory()) continue;
    await options.pool?.close();
    throw new ScanError(`library folder not found: ${r}`);
  }
  const scope = options.only ? options.only.map((p) => path.resolve(p)) : roots;
  catalog.db.transaction(() => roots.forEach((r) => catalog.entities.rootId(r)))();
  const progress = createProgress(options.onProgress);
  const threads = Math.max(1, options.threads ?? os.availableParallelism());
  const exceptions = catalog.settings.get<string[]>('artistExceptions', [...defaultArtistExceptions]);
  let pool: ParsePool | null = options.pool ?? null;
  let closing: Promise<void> | null = null;
  const startPool = (): ParsePool => (pool ??= createParsePool({ threads, workerFile: options.parseWorker }));

  const unsettled = settleCheck(options);
  const stamps = catalog.tracks.stamps(scope);
  const storedImages = catalog.folders.images(scope);
  const rereadAll = stamps.size > 0 && catalog.settings.get<number>(readerKey, 0) < READER_VERSION;
  const differ = createDiff({ stamps, errorStamps: catalog.scanErrors.stamps(scope), storedImages, unsettled, rereadAll });
  const knownCovers = new Set<string>();
  const folderCovers = new Map<string, Promise<string | null>>();
  const queue = createReadQueue<WalkedFile>();
  // A first scan reads everything: the workers boot at once and read each folder as soon as the walk
  // has listed it, and each folder is grouped into albums as soon as its last file is written (see
  // apply.ts). A rescan, whose moves need the whole walk and whose removals touch folders across the
  // library, reads after the diff and groups at the end.
  const first = stamps.size === 0;
  const unread = first ? new Map<string, number>() : undefined;
  /** Diffs walked files, stores their folders' images, and queues those to read. */
  const admit = (files: readonly WalkedFile[], images: ReadonlyMap<string, FolderImage>): void => {
    const toRead = differ.add(files, images);
    const folders = new Set(files.map((f) => path.dirname(f.path)));
    const covers = storeFolderImages({ catalog, coverDir: options.coverDir, folders, found: images, stored: storedImages, knownCovers });
    for (const [folder, hash] of covers) folderCovers.set(folder, hash);
    for (const f of toRead) {
      const folder = path.dirname(f.path);
      unread?.set(folder, (unread.get(folder) ?? 0) + 1);
    }
    queue.push(toRead);
  };
  let walking = true;
  const writerFor = (moves: MoveMatcher): Applier => createApplier({
    catalog, coverDir: options.coverDir, stamps, moves, folderCovers, knownCovers, unread,
    // While the walk goes on (a first scan reads meanwhile) the phase stays 'walking': the total is not known yet.
    onWriting: (writing) => progress.set({ phase: writing ? 'writing' : walking ? 'walking' : 'parsing' }),
  });
  /** Reads what the queue hands out and writes the results as they arrive, until it is drained. */
  const read = (writer: Applier): Promise<void> => {
    // Two tasks in flight per thread: one running, one queued.
    const lane = async (): Promise<void> => {
      for (let files = await queue.take(FILES_PER_TASK); files.length > 0; files = await queue.take(FILES_PER_TASK)) {
        signal?.throwIfAborted();
        progress.set({ currentPath: files[0]?.path ?? null });
        const outcomes = await startPool().parse(files.map((f) => toTask(f, folderCovers)), { exceptions, signal });
        for (const [i, f] of files.entries()) {
          const outcome = outcomes[i] ?? { ok: false, reason: 'reader returned no result' };
          await writer.accept(f, outcome);
          progress.add({ parsed: 1, errors: outcome.ok ? 0 : 1 });
        }
        // The last files: written as they come rather than all at the end, while the others are read.
        if (queue.drained()) writer.flush();
      }
    };
    const lanes = Promise.all(Array.from({ length: threads * 2 }, lane)).then(() => undefined);
    lanes.catch(() => {}); // awaited below; a walk that fails first must not leave it unhandled
    return lanes;
  };
  // A first scan has nothing to move from: its writer exists before the walk.
  let applier: Applier | null = first ? writerFor(createMoveMatcher([])) : null;
  let reading: Promise<void> | null = null;
  if (applier) {
    startPool();
    reading = read(applier);
  }
  try {
    // 1. walk (a first scan: 2. diff and 3. parse each folder as it is listed)
    const walked = await walk({
      roots, only: scope, signal,
      onFile: (n, p) => progress.set({ found: n, currentPath: p }),
      onFolder: first ? admit : undefined,
    });
    walking = false;
    signal?.throwIfAborted();
    if (!first) refuseVanishedRoots({ roots, scope, files: walked.files, stamps, catalog });

    // 2. diff
    if (!first) admit(walked.files, walked.images);
    const d = differ.finish(walked);
    queue.close();
    progress.set({ found: walked.files.length });
    const moves = createMoveMatcher(d.missing);
    progress.add({ parsed: d.rejected.length - walked.errors.length, errors: d.rejected.length });

    // 3. parse, 4. write as results arrive.
    applier ??= writerFor(moves);
    if (d.toParse.length > 0) progress.set({ phase: 'parsing' });
    if (!reading && d.toParse.length > 0) reading = read(applier);
    await reading;
    signal?.throwIfAborted(); // cancelled while the last files were read: nothing more is written
    // Everything is read: the workers shut down while the rest of the scan writes and groups.
    closing = (pool as ParsePool | null)?.close() ?? null;
    applier.flush();

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
    // Every folder read by this reader (a scan of all of them, none left for later): the catalog is its.
    if (!options.only && d.deferred.length === 0) catalog.settings.set(readerKey, READER_VERSION);
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
    queue.close();
    await (closing ?? (pool as ParsePool | null)?.close());
    // A scan that failed or was cancelled returns only once no lane can write any more.
    await (reading as Promise<void> | null)?.catch(() => {});
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

/**
 * A library folder that is empty, or lists no audio at all in a scan of all of it, while the catalog
 * holds tracks from it, is a drive not mounted (its mount point left empty), a share offline or a
 * folder made unreadable — not a library emptied on purpose: the scan stops before it removes
 * anything (removing would take the tracks' playlist entries, ratings and measurements with them).
 * Watch mode too: unmounting reports every top folder gone. Removing the folder from the library is
 * how its tracks go.
 */
function refuseVanishedRoots(o: { roots: readonly string[]; scope: readonly string[]; files: readonly WalkedFile[]; stamps: ReadonlyMap<string, unknown>; catalog: ScanOptions['catalog'] }): void {
  for (const root of o.roots) {
    const inside = (p: string): boolean => isWithin(p, root);
    const whole = o.scope.includes(root);
    const empty = isEmptyFolder(root);
    if (!empty && !(whole && !o.files.some((f) => inside(f.path)))) continue;
    let held = 0;
    for (const p of (whole ? o.stamps : o.catalog.tracks.stamps([root])).keys()) if (inside(p)) held++;
    if (held === 0) continue;
    const tracks = `${held} track${held === 1 ? '' : 's'}`;
    throw new ScanError(empty
      ? `library folder ${displayPath(root)} is empty now, but the catalog has ${tracks} from it: nothing was removed (is the drive mounted?)`
      : `library folder ${displayPath(root)} has no audio files now, but the catalog has ${tracks} from it: nothing was removed (is the drive mounted?)`);
  }
}

/** Nothing in it but hidden entries (a mount point with its drive away). */
function isEmptyFolder(dir: string): boolean {
  try {
    return fs.readdirSync(dir).every((name) => name.startsWith('.'));
  } catch {
    return false; // unreadable or gone: the scan says so itself
  }
}
