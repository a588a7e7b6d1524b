// The library service behind /api/library: which folders are the library, scanning and watching
// them with the scanner, the scan progress the SSE stream pushes, and keeping search current.
import fs from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../catalog/index.ts';
import type { ScanProgress, ScanSummary } from '../contract/index.ts';
import type { AwayRoot, ScanOptions, ScanProgressEvent, ScanResult, WatchOptions, Watcher } from './types.ts';
import type { SearchIndex } from '../search/index.ts';
import { removeCoverFiles } from '../covers/files.ts';
import { releaseMemory } from './releaseMemory.ts';

/** What the HTTP routes need from the library. */
export interface LibraryControl {
  folders(): string[];
  /** Replaces the library folders (absolute paths), forgets removed ones, rescans. */
  setFolders(folders: readonly string[]): Promise<string[]>;
  /** Starts a full rescan (after the current one, if any). */
  rescan(): void;
  progress(): ScanProgress;
  subscribe(listener: (progress: ScanProgress) => void): () => void;
  /** The demo library folder, when this build has one. */
  demoDir(): string | undefined;
}

export interface Scanner {
  scan(options: ScanOptions): Promise<ScanResult>;
  watch(options: WatchOptions): Watcher;
}

export interface LibraryOptions {
  catalog: Catalog;
  coverDir: string;
  scanner: Scanner;
  search?: SearchIndex | undefined;
  demoDir?: string | undefined;
  /** Follow changes on disk after each scan (default true). */
  watch?: boolean;
  threads?: number;
  log?: (message: string) => void;
  /** Quiet time before a changed search index is written to disk (ms, default 2000). */
  saveDelayMs?: number;
  /** Called after every finished scan (first scan, rescans, watch-mode scans). */
  onScan?: (result: ScanResult) => void;
}

export interface Library extends LibraryControl {
  /**
   * Scans the library folders, then watches them; resolves when the first scan finished. With
   * `folders`, they replace the stored ones first (removed ones are forgotten).
   */
  start(folders?: readonly string[]): Promise<void>;
  /**
   * A full scan of the library folders after any scan queued or running, without restarting the
   * watcher (whose own scans wait for it); resolves with its summary (`tonearm scan` handed over).
   */
  scanNow(): Promise<ScanSummary>;
  /** Resolves once no scan is queued or running. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const foldersKey = 'library.folders';
/** Tracks a watcher scan must change (or remove) to count as a burst whose memory is given back. */
const BURST_TRACKS = 1000;
/** Quiet time after a burst before its memory is given back (the loudness job's first look goes first). */
const RELEASE_AFTER_MS = 1000;

/** The scan state; its `notice` is made when it is read (`current()`). */
type ScanState = Omit<ScanProgress, 'notice'>;

const idleProgress = (last: ScanSummary | null): ScanState => ({
  running: false, phase: 'idle', found: 0, parsed: 0, errors: 0, rate: 0, currentPath: null, startedAt: null, last,
});

/** A scan's result as its summary (the counts, not the id lists). */
export function summaryOf(r: ScanResult): ScanSummary {
  return { tracks: r.tracks, added: r.added, updated: r.updated, removed: r.removed, moved: r.moved, unchanged: r.unchanged, errors: r.errors, elapsedMs: r.elapsedMs };
}

export function createLibrary(options: LibraryOptions): Library {
  const { catalog, coverDir, scanner, search } = options;
  const log = options.log ?? (() => {});
  const listeners = new Set<(p: ScanProgress) => void>();
  let state: ScanState = idleProgress(catalog.settings.get<ScanSummary | null>('library.lastScan', null));
  let watcher: Watcher | undefined;
  /** Library folders the watcher holds as away (a drive unplugged): not scanned until they are back. */
  let away: readonly AwayRoot[] = [];
  /** Why the last full scan failed (one sentence), until one succeeds. */
  let failure: string | null = null;
  let abort: AbortController | undefined;
  let chain: Promise<void> = Promise.resolve();
  let closed = false;
  let saveTimer: NodeJS.Timeout | undefined;
  let lastEmit = 0;
  let trailing: NodeJS.Timeout | undefined;
  let releaseTimer: NodeJS.Timeout | undefined;

  const folders = (): string[] => catalog.settings.get<string[]>(foldersKey, []);

  function emit(force: boolean): void {
    const now = Date.now();
    if (!force && now - lastEmit < 100) {
      trailing ??= setTimeout(() => { trailing = undefined; emit(true); }, 100 - (now - lastEmit));
      return;
    }
    if (trailing) clearTimeout(trailing);
    trailing = undefined;
    lastEmit = now;
    const progress = current();
    for (const l of listeners) l(progress);
  }

  function current(): ScanProgress {
    const said = [...away.map((a) => a.message), ...(failure ? [failure] : [])];
    return { ...state, notice: said.length > 0 ? said.join(' ') : null };
  }

  function onProgress(e: ScanProgressEvent): void {
    // The scanner's own 'done' precedes its result; the result (applyResult) ends the scan here.
    if (e.phase === 'done') return;
    const phaseChanged = e.phase !== state.phase;
    state = { ...state, running: true, phase: e.phase, found: e.found, parsed: e.parsed, errors: e.errors,
      rate: e.rate, currentPath: e.currentPath, startedAt: state.running ? state.startedAt : Date.now() };
    emit(phaseChanged);
  }

  /**
   * After a full scan (or a watcher scan that changed many tracks), once things are quiet: the pages
   * its peak left in V8's pool go back to the system (`releaseMemory.ts`; ~45 MB at 100k tracks).
   */
  function releaseSoon(): void {
    if (releaseTimer) clearTimeout(releaseTimer);
    releaseTimer = setTimeout(() => {
      releaseTimer = undefined;
      if (!closed) releaseMemory();
    }, RELEASE_AFTER_MS);
    releaseTimer.unref();
  }

  function applyResult(result: ScanResult, full = false): void {
    try {
      search?.update(result);
    } catch (err) {
      log(`search index update failed, rebuilding: ${(err as Error).message}`);
      search?.rebuild();
    }
    const last = summaryOf(result);
    catalog.settings.set('library.lastScan', last);
    state = { ...state, running: false, phase: 'done', currentPath: null, last };
    emit(true);
    scheduleSave();
    options.onScan?.(result);
    if (full || result.changedTrackIds.length + result.removedTrackIds.length >= BURST_TRACKS) releaseSoon();
  }

  function scheduleSave(): void {
    if (!search) return;
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      saveTimer = undefined;
      // Save once the watcher has reported everything it wrote, so the stamp matches the index.
      void (watcher?.idle() ?? Promise.resolve()).then(() => {
        if (!closed) search.save();
      }).catch((err: unknown) => log(`cannot save the search index: ${(err as Error).message}`));
    }, options.saveDelayMs ?? 2000);
  }

  async function stopWatching(): Promise<void> {
    abort?.abort();
    const w = watcher;
    watcher = undefined;
    away = [];
    await w?.close();
  }

  function scanOptions(roots: string[]): ScanOptions {
    return { roots, catalog, coverDir, onProgress, ...(options.threads ? { threads: options.threads } : {}) };
  }

  function begin(): void {
    state = { ...idleProgress(state.last), running: true, phase: 'walking', startedAt: Date.now() };
    emit(true);
  }

  async function cycle(): Promise<void> {
    await stopWatching();
    if (closed) return;
    const roots = folders();
    if (roots.length === 0) {
      state = idleProgress(state.last);
      emit(true);
      return;
    }
    const controller = new AbortController();
    abort = controller;
    begin();
    const common = scanOptions(roots);
    // Watch before scanning: a change made while the scan walks the folders is then an event, not
    // lost (a watcher started after the scan misses what happened in between). The watcher's own
    // scans wait for this one.
    const scanned = Promise.withResolvers<void>();
    if (options.watch !== false) {
      watcher = scanner.watch({ ...common, after: scanned.promise, onScan: applyResult, onError: (err) => log(`watch: ${err.message}`),
        onAway: (list) => {
          away = list;
          emit(true);
        } });
      // Not past a close: the watcher takes seconds to be ready on a big library (~10 s at 100k folders' worth).
      await Promise.race([watcher.ready, new Promise((resolve) => controller.signal.addEventListener('abort', resolve, { once: true }))]);
      if (closed || controller.signal.aborted) return scanned.resolve();
    }
    // A folder away at the start (a drive not plugged in) is left to the watcher: it is scanned when it
    // is back, and its tracks are kept meanwhile; the others are scanned now (as a part: a catalog due
    // to be read again after an upgrade stays due until every folder has been).
    const present = roots.filter((r) => !away.some((a) => a.root === r));
    if (present.length === 0) {
      state = idleProgress(state.last);
      emit(true);
      return scanned.resolve();
    }
    try {
      const result = await scanner.scan({ ...common, roots: present, ...(present.length < roots.length ? { only: present } : {}), signal: controller.signal });
      failure = null;
      applyResult(result, true);
    } catch (err) {
      if (controller.signal.aborted || closed) return;
      failure = (err as Error).message;
      log(`scan failed: ${failure}`);
      state = { ...idleProgress(state.last) };
      emit(true);
    } finally {
      scanned.resolve();
    }
  }

  /** One scan of the folders as they are, the watcher kept (and held off) meanwhile. */
  async function scanOnce(): Promise<ScanSummary> {
    const roots = folders();
    if (closed) throw new Error('Tonearm is closing');
    if (roots.length === 0) throw new Error('the library has no folders');
    const controller = new AbortController();
    abort = controller;
    const run = async (): Promise<ScanSummary> => {
      begin();
      try {
        const result = await scanner.scan({ ...scanOptions(roots), signal: controller.signal });
        failure = null;
        applyResult(result, true);
        return summaryOf(result);
      } catch (err) {
        state = idleProgress(state.last);
        emit(true);
        throw controller.signal.aborted ? new Error('the scan was cancelled: Tonearm is closing or its library folders changed') : err;
      }
    };
    return watcher ? watcher.exclusive(run) : run();
  }

  function enqueue(task: () => Promise<void>): Promise<void> {
    const next = chain.then(task, task);
    chain = next.catch((err: unknown) => log(`library: ${(err as Error).message}`));
    return chain;
  }

  /** Removes everything catalogued under a folder that is no longer part of the library. */
  function forget(root: string): void {
    const removedTrackIds = catalog.folders.removeRoot(root);
    void removeCoverFiles(coverDir, catalog.albums.prune());
    if (removedTrackIds.length > 0) {
      search?.update({ changedTrackIds: [], removedTrackIds });
      scheduleSave();
    }
  }

  /** Stores a new folder list; answers it and the folders it no longer has. */
  function store(list: readonly string[]): { next: string[]; removed: string[] } {
    const next = [...new Set(list.map((f) => path.resolve(f)))];
    const removed = folders().filter((f) => !next.includes(f));
    catalog.settings.set(foldersKey, next);
    return { next, removed };
  }

  const library: Library = {
    folders,
    demoDir: () => (options.demoDir && fs.existsSync(options.demoDir) ? path.resolve(options.demoDir) : undefined),
    async setFolders(list) {
      const { next, removed } = store(list);
      abort?.abort();
      void enqueue(async () => {
        await stopWatching();
        for (const root of removed) forget(root);
        await cycle();
      });
      return next;
    },
    rescan() {
      void enqueue(cycle);
    },
    scanNow() {
      const done = Promise.withResolvers<ScanSummary>();
      void enqueue(() => scanOnce().then(done.resolve, done.reject));
      return done.promise;
    },
    progress: current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start(list) {
      const removed = list ? store(list).removed : [];
      return enqueue(async () => {
        for (const root of removed) forget(root);
        await cycle();
      });
    },
    idle: async () => {
      let seen: Promise<void> | undefined;
      while (seen !== chain) {
        seen = chain;
        await seen;
      }
      await watcher?.idle();
    },
    async close() {
      closed = true;
      abort?.abort();
      if (trailing) clearTimeout(trailing);
      if (releaseTimer) clearTimeout(releaseTimer);
      await chain;
      await stopWatching();
      if (saveTimer) {
        clearTimeout(saveTimer);
        saveTimer = undefined;
        try {
          search?.save();
        } catch (err) {
          log(`cannot save the search index: ${(err as Error).message}`);
        }
      }
      listeners.clear();
    },
  };
  return library;
}
