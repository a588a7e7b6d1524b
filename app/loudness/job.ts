// The background loudness job: measures EBU R128 (app/transcoder's measureLoudness, ffmpeg at a low
// priority) for tracks without ReplayGain/R128 track gain tags, album by album, one measurement per
// audio fingerprint, each stored as soon as it is made (so a killed run resumes where it was), and
// album loudness computed over each complete album's blocks. Progress for the UI; cancellable.
import fs from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Catalog } from '../catalog/index.ts';
import type { LoudnessCursor, LoudnessWork } from '../catalog/loudness.ts';
import type { LoudnessRun, LoudnessStatus } from '../contract/index.ts';
import { FfmpegMissingError, measureLoudness } from '../transcoder/index.ts';
import type { Loudness } from '../transcoder/types.ts';

export interface LoudnessJobOptions {
  catalog: Catalog;
  /** ffmpeg processes at once; default half the cores (at least 1), so playback and scans keep theirs. */
  concurrency?: number;
  /** Niceness of the ffmpeg processes (default 10: background). */
  niceness?: number;
  ffmpegPath?: string;
  log?: (message: string) => void;
}

export interface LoudnessJob {
  status(): LoudnessStatus;
  subscribe(listener: (status: LoudnessStatus) => void): () => void;
  /** Starts a run (the user asked): clears a cancel. No-op while one runs. */
  start(): void;
  /** After a scan: starts a run when automatic measurement is on and the user did not cancel. */
  kick(): void;
  /** Stops the running measurement (ffmpeg killed); no automatic run until `start`. */
  cancel(): Promise<void>;
  setAuto(auto: boolean): void;
  /** Resolves when no run is going. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const autoKey = 'loudness.auto';
const EMIT_EVERY_MS = 100;
const ALBUMS_EVERY_MS = 3000;
/** The catalog-wide counts are one query over every track: at most this often during a run. */
const COUNTS_EVERY_MS = 1000;
/** A lane that stores measurements it already had (copies of one audio) gives the event loop a turn this often… */
const YIELD_EVERY_MS = 10;
/** …or after this many tracks, whichever comes first. */
const YIELD_EVERY_TRACKS = 64;
/** Tracks read from the catalog at a time: the work list is paged, never loaded whole (100k tracks). */
const PAGE = 256;

export function createLoudnessJob(options: LoudnessJobOptions): LoudnessJob {
  const { catalog } = options;
  const store = catalog.loudness;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? availableParallelism() / 2));
  const log = options.log ?? (() => {});
  const listeners = new Set<(s: LoudnessStatus) => void>();
  let controller: AbortController | null = null;
  let running: Promise<void> | null = null;
  let cancelled = false;
  let closed = false;
  let run: LoudnessRun | null = null;
  let last: LoudnessStatus['last'] = null;
  let error: string | null = null;
  let lastEmit = 0;
  let trailing: NodeJS.Timeout | undefined;
  let counts = store.counts();

  const status = (): LoudnessStatus => ({
    auto: catalog.settings.get<boolean>(autoKey, true), running: running !== null, cancelled, ...counts,
    run: run ? { ...run } : null, last, error,
  });
  const emit = (force = false): void => {
    const now = Date.now();
    if (!force && now - lastEmit < EMIT_EVERY_MS) {
      trailing ??= setTimeout(() => {
        trailing = undefined;
        emit(true);
      }, EMIT_EVERY_MS);
      return;
    }
    clearTimeout(trailing);
    trailing = undefined;
    lastEmit = now;
    const s = status();
    for (const l of listeners) l(s);
  };

  async function loop(signal: AbortSignal): Promise<void> {
    const started = Date.now();
    const current: LoudnessRun = { done: 0, total: 0, failed: 0, rate: 0, realtime: 0, currentPath: null, startedAt: started };
    run = current;
    let audioMs = 0;
    let albumsAt = Date.now();
    let countsAt = Date.now();
    counts = store.counts();
    /** What is left, by the catalog's counts (re-read now and then, counted down in between). */
    const total = (): number => Math.max(current.done, current.done + counts.wanted - counts.measured - counts.failed);
    current.total = total();
    const inFlight = new Map<string, Promise<Loudness | string>>();
    /**
     * Tracks this run handled that stay in the work list (file gone since the scan, row removed,
     * measurement without blocks): not taken again by this run. Every other handled track leaves
     * the list in the commit that stores its measurement or failure.
     */
    const passed = new Set<number>();
    const tick = (): void => {
      const seconds = (Date.now() - started) / 1000;
      current.rate = seconds > 0 ? Math.round((current.done / seconds) * 100) / 100 : 0;
      current.realtime = seconds > 0 ? Math.round((audioMs / 1000 / seconds) * 10) / 10 : 0;
      if (Date.now() - albumsAt > ALBUMS_EVERY_MS) {
        albumsAt = Date.now();
        store.refreshAlbums();
      }
      if (Date.now() - countsAt > COUNTS_EVERY_MS) {
        countsAt = Date.now();
        counts = store.counts();
      }
      current.total = total();
      emit();
    };

    const measureOne = async (w: LoudnessWork): Promise<void> => {
      const reuse = store.byFingerprint(w.fingerprint);
      if (reuse?.blocks) {
        store.put(w.trackId, w.fingerprint, reuse);
        counts.measured++;
        current.done++;
        return tick();
      }
      if (!fs.existsSync(w.path)) {
        passed.add(w.trackId); // moved or deleted since the scan: the next scan decides
        return;
      }
      current.currentPath = w.path;
      emit();
      let pending = inFlight.get(w.fingerprint);
      if (!pending) {
        pending = measureLoudness({ file: w.path, signal, niceness: options.niceness ?? 10, ffmpegPath: options.ffmpegPath }).then(
          (l) => {
            audioMs += w.durationMs;
            return l;
          },
          (err: unknown) => {
            if (signal.aborted || err instanceof FfmpegMissingError) throw err;
            return (err as Error).message;
          },
        );
        inFlight.set(w.fingerprint, pending);
      }
      const l = await pending;
      // A measurement is stored below and later copies take it from the catalog; a failure stays here for them.
      if (typeof l !== 'string' && inFlight.get(w.fingerprint) === pending) inFlight.delete(w.fingerprint);
      try {
        if (typeof l === 'string') {
          store.fail(w.trackId, w.fingerprint, l);
          current.failed++;
          counts.failed++;
        } else {
          store.put(w.trackId, w.fingerprint, l);
          counts.measured++;
          if (!l.blocks) passed.add(w.trackId);
        }
      } catch (err) {
        // The track was removed by a scan meanwhile (its row is gone): nothing to store.
        passed.add(w.trackId);
        log(`loudness of ${w.path} not stored: ${(err as Error).message}`);
      }
      current.done++;
      tick();
    };

    // Passes over the work list in the catalog's order, a page at a time from a cursor: a track a
    // lane finished is stored (and out of the list) before the next page is read, so no page holds
    // it again; a pass ends at the end of the list. Tracks added (or given new audio) meanwhile
    // behind the cursor are the next pass's, and the run ends with a pass that finds nothing.
    for (;;) {
      let after: LoudnessCursor | null = null;
      let page: LoudnessWork[] = [];
      let taken = 0;
      let end = false;
      const next = (): LoudnessWork | undefined => {
        while (page.length === 0 && !end) {
          const rows = store.work({ after, limit: PAGE });
          const last = rows.at(-1);
          if (!last) end = true;
          else after = last;
          page = rows.filter((w) => !passed.has(w.trackId)).reverse();
        }
        return page.pop();
      };
      const lane = async (): Promise<void> => {
        let turn = performance.now();
        let since = 0;
        for (let w = next(); w; w = next()) {
          taken++;
          // A measurement already made for the same audio is stored without ffmpeg, synchronously:
          // thousands of copies in a row would otherwise hold the event loop (requests, signals).
          if (++since > YIELD_EVERY_TRACKS || performance.now() - turn > YIELD_EVERY_MS) {
            await new Promise((resolve) => setImmediate(resolve));
            turn = performance.now();
            since = 0;
          }
          signal.throwIfAborted();
          await measureOne(w);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, lane));
      inFlight.clear();
      if (taken === 0) break;
    }
    store.refreshAlbums();
  }

  function begin(): void {
    if (running || closed) return;
    const c = new AbortController();
    controller = c;
    error = null;
    running = loop(c.signal)
      .catch((err: unknown) => {
        if (c.signal.aborted) return;
        error = err instanceof FfmpegMissingError ? err.message : `loudness measurement stopped: ${(err as Error).message}`;
        log(error);
      })
      .finally(() => {
        if (run) {
          last = { ...run, currentPath: null, finishedAt: Date.now(), cancelled: c.signal.aborted };
          try {
            store.refreshAlbums();
          } catch (err) {
            log(`album loudness: ${(err as Error).message}`);
          }
        }
        run = null;
        running = null;
        controller = null;
        if (!closed) counts = store.counts();
        emit(true);
      });
    emit(true);
  }

  return {
    status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      cancelled = false;
      begin();
    },
    kick() {
      counts = store.counts();
      if (!cancelled && catalog.settings.get<boolean>(autoKey, true)) begin();
      else emit(true);
    },
    async cancel() {
      cancelled = true;
      controller?.abort();
      await running;
      emit(true);
    },
    setAuto(auto) {
      catalog.settings.set(autoKey, auto);
      emit(true);
    },
    idle: async () => {
      while (running) await running;
    },
    async close() {
      closed = true;
      controller?.abort();
      await running;
      clearTimeout(trailing);
      listeners.clear();
    },
  };
}
