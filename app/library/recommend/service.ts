// The recommendation service: computes in the background (a worker thread over the catalog file;
// in-thread for ':memory:' catalogs), debounced after history changes, re-run when the hour of day
// moves on; serves daily mixes and similar tracks from the cached result.
import { LRUCache } from 'lru-cache';
import { Worker } from 'node:worker_threads';
import { builtUrl } from '../../prebuilt.ts';
import type { Db } from '../../catalog/index.ts';
import type { TrackQueries } from '../../catalog/queries/index.ts';
import type { DailyMix, DailyMixes, Id, RecommendationStatus, RecommendedTrack, SimilarTracks, Track } from '../../contract/index.ts';
import { compute, createLookup, similarTracks, type Computation, type Lookup, type Pick } from './engine.ts';
import { localHour } from './model.ts';

export interface RecommenderOptions {
  db: Db;
  /** The catalog file, for the worker's own connection; ':memory:' computes in-thread. */
  file: string;
  tracks: TrackQueries;
  now?: () => number;
  /** Minutes added to UTC for local time; default the machine's offset. */
  tzOffsetMin?: number;
  /** Quiet time after the last change before recomputing; default 5 s. */
  debounceMs?: number;
  /** Compute in a worker thread (default: when `file` is a real file). */
  worker?: boolean;
}

export interface Recommender {
  /** Schedules a recompute (debounced). */
  schedule(): void;
  /** Recomputes now; resolves when the new result is in use. */
  refresh(): Promise<void>;
  mixes(): DailyMixes;
  similar(trackId: Id, limit: number): SimilarTracks;
  status(): RecommendationStatus;
  close(): Promise<void>;
}

export function createRecommender(options: RecommenderOptions): Recommender {
  const now = options.now ?? Date.now;
  const tz = () => options.tzOffsetMin ?? -new Date(now()).getTimezoneOffset();
  const useWorker = options.worker ?? options.file !== ':memory:';
  const lookup: Lookup = createLookup(options.db);
  let current: Computation | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  const worker = new Set<Worker>();
  const similarCache = new LRUCache<string, Pick[]>({ max: 2000 });
  /** Hydrated mixes of the current computation (tracks as of when they were first served). */
  let mixesCache: DailyMix[] | null = null;

  function run(): Promise<Computation> {
    const input = { file: options.file, now: now(), tzOffsetMin: tz() };
    if (!useWorker) return Promise.resolve(compute(lookup, input));
    return new Promise((resolve, reject) => {
      const w = new Worker(builtUrl(new URL('./recommend.worker.ts', import.meta.url)), { workerData: input });
      worker.add(w);
      w.once('message', (m: Computation) => resolve(m));
      w.once('error', reject);
      w.once('exit', (code) => {
        worker.delete(w);
        if (code !== 0) reject(new Error(`recommendation worker exited with ${code}`));
      });
    });
  }

  function refresh(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          const result = await run();
          if (closed) return;
          current = result;
          similarCache.clear();
          mixesCache = null;
        } catch (err) {
          if (!closed) process.stderr.write(`tonearm: recommendations failed: ${(err as Error).message}\n`);
        }
      } while (again && !closed);
    })().finally(() => { running = null; });
    return running;
  }

  function schedule(): void {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void refresh();
    }, options.debounceMs ?? 5_000);
    timer.unref();
  }

  /** A cached result for another hour of the day is still served, and a recompute is scheduled. */
  function freshen(): void {
    if (current && !running && !timer && localHour(now(), tz()) !== current.model.hour) schedule();
  }

  function status(): RecommendationStatus {
    return {
      computedAt: current?.model.computedAt ?? null, computing: running !== null, elapsedMs: current ? Math.round(current.elapsedMs) : null,
      hour: current?.model.hour ?? null, events: current?.model.events ?? 0, sessions: current?.model.sessions ?? 0,
    };
  }

  function hydrate(picks: readonly Pick[]): RecommendedTrack[] {
    const byId = new Map(options.tracks.byIds(picks.map((p) => p.trackId)).map((t) => [t.id, t]));
    return picks.flatMap((p) => {
      const track = byId.get(p.trackId);
      return track ? [{ track, score: Math.round(p.score * 1000) / 1000, reason: p.reason }] : [];
    });
  }

  const coverIds = (tracks: readonly Track[]): number[] => [...new Set(tracks.flatMap((t) => (t.coverId === null ? [] : [t.coverId])))].slice(0, 4);

  return {
    schedule,
    refresh,
    mixes() {
      freshen();
      mixesCache ??= (current?.mixes ?? []).map((m) => {
        const tracks = hydrate(m.picks);
        return { id: m.id, title: m.title, description: m.description, seedArtists: m.seedArtists, coverIds: coverIds(tracks.map((t) => t.track)), tracks };
      });
      return { status: status(), mixes: mixesCache };
    },
    similar(trackId, limit) {
      freshen();
      if (!current) return { status: status(), trackId, tracks: [] };
      const key = `${trackId}:${limit}`;
      let picks = similarCache.get(key);
      if (!picks) {
        picks = similarTracks(current.model, lookup, trackId, limit);
        similarCache.set(key, picks);
      }
      return { status: status(), trackId, tracks: hydrate(picks) };
    },
    status,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await Promise.all([...worker].map((w) => w.terminate()));
      await running?.catch(() => {});
    },
  };
}
