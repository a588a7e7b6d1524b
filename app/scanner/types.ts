// The scanner's public shapes: one options object in, one result out, progress as events.
import type { Catalog } from '../catalog/index.ts';
import type { ScanProgress, ScanSummary } from '../contract/index.ts';
import type { ParsePool } from './parsePool.ts';

export interface ScanOptions {
  /** Library roots (absolute or relative folders). */
  roots: readonly string[];
  catalog: Catalog;
  /** Where extracted cover art and thumbnails are cached. */
  coverDir: string;
  /** Restrict the walk to these folders/files inside the roots (watch mode); the rest is left as is. */
  only?: readonly string[];
  /** Worker threads for tag reading; defaults to the number of cores. */
  threads?: number;
  onProgress?: (event: ScanProgressEvent) => void;
  signal?: AbortSignal;
  /**
   * Leave files modified less than this many ms ago for a later scan (watch mode: a file still
   * being copied is not half-imported). They are listed in `ScanResult.deferred`; the watcher
   * rescans their folders once the quiet time has passed.
   */
  settleMs?: number;
  /** The tag reader's worker entry (default: `parse.worker.ts` beside the scanner, as bundled). */
  parseWorker?: string | undefined;
  /**
   * Tag readers the caller started already (the CLI boots them for a new catalog before it loads
   * the rest of itself); the scan uses them and closes them.
   */
  pool?: ParsePool | undefined;
  /** The clock `settleMs` is measured against (default `Date.now`); tests move it by hand. */
  now?: () => number;
}

/** A scan's progress, as the contract's ScanProgress carries it (without the summary fields). */
export type ScanProgressEvent = Pick<ScanProgress, 'phase' | 'found' | 'parsed' | 'errors' | 'rate' | 'currentPath'>;

export interface ScanResult extends ScanSummary {
  /** Ids of tracks added, updated or moved: what a search index must refresh. */
  changedTrackIds: number[];
  /** Ids of tracks that no longer exist. */
  removedTrackIds: number[];
  /** Files (audio and lyrics sidecars) left for a later scan: modified within `settleMs`. */
  deferred: string[];
}

export interface WatchOptions extends Omit<ScanOptions, 'only' | 'signal' | 'settleMs'> {
  /** Quiet time after the last file event before a folder is rescanned (ms); default 750. */
  settleMs?: number;
  /** Called after each incremental scan the watcher runs. */
  onScan?: (result: ScanResult) => void;
  onError?: (error: Error) => void;
  /**
   * Scans wait for this (the full scan the watcher was started before, so a change made while
   * that scan walks the folders is an event, not lost); a rejection counts as done.
   */
  after?: Promise<unknown>;
  /** The settle timer (default: the global setTimeout); tests hold it to decide when a scan may run. */
  timers?: WatchTimers;
  /**
   * Called with the library folders that are away (not there, or empty while the catalog holds tracks
   * from them: a drive unplugged) each time that list changes — during `watch()` already when one is
   * away at the start. Each is also reported to `onError` as it goes.
   */
  onAway?: (away: readonly AwayRoot[]) => void;
  /** How often the folders that are away are looked for (ms, default 5000); nothing is polled while none is. */
  pollMs?: number;
}

/** A library folder that is away, and the one sentence that says so. */
export interface AwayRoot {
  root: string;
  message: string;
}

export interface WatchTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface Watcher {
  /** Resolves once the initial file-system watch is established. */
  ready: Promise<void>;
  /** Resolves when no scan is pending or running. */
  idle(): Promise<void>;
  /**
   * Runs `task` (a scan of the caller's) once no watch-mode scan is running, and holds the watcher's
   * scans until it is done: two scans never write the catalog at once. Changes seen meanwhile wait.
   */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
