// sync(): mirrors the local catalog to a sync server (protocol.ts). See README.md for the flow.
//
//   read tracks → plan renditions → revision per track → skip those published at that revision
//   (local state, checked against the server with a small sample) → per chunk: measure the
//   loudness of tracks without any gain, load lyrics → POST manifest → make + upload what the store
//   lacks → POST commit → tombstones → listening data both ways (listening.ts: replay remote edits
//   and plays, push local changes). Gain and lyrics are metadata: a changed .lrc or a measurement
//   finished later changes the revision, and the track is re-committed without any upload.
//
// Resumable: objects are content-addressed, renditions are cached on disk (renamed into place when
// complete), published revisions are recorded as soon as the server confirms them, and the server's
// manifest names what storage lacks. A run killed at any point redoes at most its in-flight chunks.
import { availableParallelism } from 'node:os';
import type { Catalog } from '../catalog/index.ts';
import { coverDirFor } from '../covers/files.ts';
import type { Lyrics, SyncRunPhase, SyncRunProgress } from '../contract/index.ts';
import { ladderOf } from '../transcoder/index.ts';
import type { Ladder } from '../transcoder/types.ts';
import { createSyncApi, SyncError } from './api.ts';
import { createLimiter } from './limiter.ts';
import { syncListening, type ListeningSyncOptions, type ListeningSyncSummary } from './listening.ts';
import { syncChunk } from './chunk.ts';
import { readLocalTracks, readLyrics, type LocalTrack } from './localTracks.ts';
import { chunked } from './lyrics.ts';
import { transcoderMaker, type RenditionMaker } from './maker.ts';
import { planTrack, type PlannedTrack } from './manifest.ts';
import { createObjectPipeline } from './objects.ts';
import { tracksKeepingHigh, withoutHigh, type StoragePolicy } from './policy.ts';
import { trackKey, type SyncSummary } from './protocol.ts';
import type { RetryPolicy } from './retry.ts';
import { createSyncState } from './state.ts';

export interface SyncOptions {
  catalog: Catalog;
  /** Base URL of the sync server. */
  server: string;
  /** Device token. */
  token: string;
  /** Folder where renditions are kept between runs. */
  renditionCache: string;
  /** Cover cache of the catalog; default `coverDirFor(catalog.file)`. */
  coverDir?: string;
  ladder?: Ladder;
  /** The storage policy (policy.ts): `high` only for favorites and tracks played or added lately. Default: none (every rung kept). */
  policy?: StoragePolicy;
  /** Parallel transcodes (default: the cores) and uploads (default: adaptive, from 2 × cores). */
  concurrency?: { transcode?: number; upload?: number };
  signal?: AbortSignal;
  onProgress?: (progress: SyncRunProgress) => void;
  /** Send every track's manifest even when its revision is recorded as published. */
  full?: boolean;
  /** Tracks per manifest/commit request (default 200). */
  chunkSize?: number;
  /** The transcoder; default app/transcoder. */
  maker?: RenditionMaker;
  retry?: RetryPolicy;
  /**
   * Listening data (playlists, track favorites/ratings, plays) both ways after the tracks: the
   * desktop's live stores (default: made from the catalog), or false to skip it.
   */
  listening?: ListeningSyncOptions['stores'] | false;
}

export interface SyncFailure {
  sourceId: number;
  path: string;
  reason: string;
}

export interface SyncResult extends SyncSummary {
  /** Tracks newly published (or re-published) on this run. */
  published: number;
  /** Sources the server let go of (tracks gone from this device). */
  removed: number;
  /** Tracks whose objects the server's audit found missing or holding other bytes, sent again. */
  repaired: number;
  failures: SyncFailure[];
  /** The listening-data exchange; null when skipped or the server does not offer it (404). */
  listening?: ListeningSyncSummary | null;
}

/** How many unchanged tracks are re-checked against the server each run (server reset detection). */
const SAMPLE = 32;
const PIPELINE_DEPTH = 2;
const PROGRESS_EVERY_MS = 100;

export async function sync(options: SyncOptions): Promise<SyncResult> {
  const started = Date.now();
  const { catalog, signal } = options;
  const api = createSyncApi({ server: options.server, token: options.token, signal });
  const state = createSyncState(catalog.db);
  const maker = options.maker ?? transcoderMaker;
  const coverDir = options.coverDir ?? coverDirFor(catalog.file);
  const chunkSize = options.chunkSize ?? 200;
  const cores = availableParallelism();
  const transcodes = createLimiter(options.concurrency?.transcode ?? cores);
  const uploadStart = options.concurrency?.upload ?? Math.max(4, cores * 2);
  const uploads = createLimiter(uploadStart, options.concurrency?.upload ? undefined : { min: 2, max: Math.max(16, cores * 8) });

  // Progress.
  const progress: SyncRunProgress = {
    phase: 'reading', tracks: { done: 0, total: 0 }, objects: { done: 0, total: 0 }, bytes: { done: 0, total: 0 }, rate: 0, failures: 0,
  };
  let uploadStarted = 0;
  let lastEmit = 0;
  const emit = (phase?: SyncRunPhase, force = false) => {
    if (phase) progress.phase = phase;
    const now = Date.now();
    if (!force && now - lastEmit < PROGRESS_EVERY_MS) return;
    lastEmit = now;
    const seconds = uploadStarted ? (now - uploadStarted) / 1000 : 0;
    progress.rate = seconds > 0.05 ? Math.round(progress.bytes.done / seconds) : 0;
    options.onProgress?.(structuredClone(progress));
  };
  // 1. Local tracks, their plans and revisions.
  const tracks = readLocalTracks(catalog.db);
  progress.tracks.total = tracks.length;
  const recorded = state.published(api.server);
  const published = options.full ? new Map<number, string>() : recorded;
  // A run that checks every track (the first from this catalog, --full, or after the server lost
  // state) ends by naming every track it has: the server lets go of this device's other sources.
  let checksAll = options.full || recorded.size === 0;
  // Lyrics matter only for a manifest that is sent: the revision covers their digest.
  // The storage policy takes `high` out of the ladder of the tracks it does not keep it for.
  const keepingHigh = options.policy ? tracksKeepingHigh(catalog.db, options.policy, Date.now()) : null;
  const lean = withoutHigh(ladderOf(options.ladder));
  const ladderOfTrack = (t: LocalTrack) => (keepingHigh && !keepingHigh.has(t.sourceId) ? lean : options.ladder);
  const plan = (track: LocalTrack, lyrics: readonly Lyrics[] = []) =>
    planTrack({ track, plan: maker.plan(track.source, ladderOfTrack(track)), maker, renditionCache: options.renditionCache, lyrics, known: new Map(), coverDir });

  const unchanged: PlannedTrack[] = [];
  let candidates: LocalTrack[] = [];
  for (const t of tracks) {
    if (t.needsLoudness) {
      candidates.push(t);
      continue;
    }
    let p: PlannedTrack;
    try {
      p = plan(t);
    } catch {
      candidates.push(t); // reported as a failure below
      continue;
    }
    if (published.get(t.sourceId) === p.manifest.revision) unchanged.push(p);
    else candidates.push(t);
  }
  const localIds = new Set(tracks.map((t) => t.sourceId));
  const gone = [...recorded.keys()].filter((id) => !localIds.has(id));

  // 2. The first request, and the cheap server-side check: the server is reachable, takes the token
  //    (else one sentence, before any work), and a sample of "unchanged" tracks is still published there.
  const sample = chunked(pickSample(unchanged, SAMPLE).map((p) => p.track), SAMPLE)[0] ?? [];
  const sampleLyrics = readLyrics(catalog.db, sample.map((t) => t.sourceId));
  const checked = await api.manifest({ tracks: sample.map((t) => plan(t, sampleLyrics.get(t.sourceId)).manifest) });
  emit('reading', true);
  if (sample.length > 0) {
    const upToDate = new Set(checked.upToDate);
    if (sample.some((t) => !upToDate.has(t.sourceId))) {
      // The server lost (some of) what we published: forget our record and check everything.
      state.resetServer(api.server);
      candidates = tracks;
      unchanged.length = 0;
      checksAll = true;
    }
  }
  // Tracks whose objects the server's audit found missing or broken: sent again, objects uploaded anew.
  const repair = new Set(checked.repair.filter((id) => localIds.has(id)));
  if (repair.size > 0) {
    const back = unchanged.filter((p) => repair.has(p.track.sourceId));
    for (let i = unchanged.length - 1; i >= 0; i--) if (repair.has(unchanged[i]?.track.sourceId ?? 0)) unchanged.splice(i, 1);
    const queued = new Set(candidates.map((t) => t.sourceId));
    candidates.push(...back.map((p) => p.track).filter((t) => !queued.has(t.sourceId)));
  }
  progress.tracks.done = unchanged.length;

  const result: SyncResult = {
    tracks: tracks.length, uploaded: 0, skipped: unchanged.length, bytes: 0, failed: 0, elapsedMs: 0, published: 0, removed: 0, repaired: 0, failures: [],
  };
  const fail = (t: LocalTrack, reason: string) => {
    result.failed++;
    progress.failures++;
    progress.tracks.done++;
    result.failures.push({ sourceId: t.sourceId, path: t.source.path, reason });
  };

  const pipeline = createObjectPipeline({
    api, state, maker, transcodes, uploads, signal,
    ...(options.retry ? { retry: options.retry } : {}),
    onPlanned: (bytes) => {
      progress.bytes.total += bytes;
    },
    onTranscoding: () => emit('transcoding'),
    onBytes: (n) => {
      if (!uploadStarted) uploadStarted = Date.now();
      progress.bytes.done += n;
      emit('uploading');
    },
    onUploaded: (bytes) => {
      result.uploaded++;
      result.bytes += bytes;
      progress.objects.done++;
      progress.objects.total = Math.max(progress.objects.total, progress.objects.done);
      emit('uploading');
    },
  });

  // 3. Changed and new tracks, chunk by chunk, two chunks in flight.
  //    Requests are sized by tracks and by the lyrics they carry.
  const measured = { count: 0 };
  const publishedIds = new Set<number>();
  const syncAll = async (list: readonly LocalTrack[]) => {
    const chunks = chunked(list, chunkSize);
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        signal?.throwIfAborted();
        const chunk = chunks[next++] as LocalTrack[];
        await syncChunk({ chunk, catalog, api, state, maker, pipeline, plan, emit, progress, result, fail, transcodes, signal, measured, publishedIds, repair });
      }
    };
    await Promise.all(Array.from({ length: Math.min(PIPELINE_DEPTH, chunks.length) }, worker));
  };
  await syncAll(candidates);
  // Measurements made in this run change their albums' gain: album mates published before them
  // (in an earlier request, or an earlier run) are sent again, metadata only, so the mirror matches
  // the desktop when the run ends.
  if (measured.count > 0) {
    const now = state.published(api.server);
    const failed = new Set(result.failures.map((f) => f.sourceId));
    const stale = readLocalTracks(catalog.db).filter((t) => {
      const at = now.get(t.sourceId);
      if (at === undefined || failed.has(t.sourceId) || t.needsLoudness) return false;
      try {
        return plan(t).manifest.revision !== at;
      } catch {
        return false;
      }
    });
    progress.tracks.total += stale.length;
    await syncAll(stale);
  }
  result.published = publishedIds.size;
  result.repaired = [...repair].filter((id) => publishedIds.has(id)).length;

  // 4. Tombstones for tracks gone since the last sync; the last request ends the run on the server
  //    (tracks no source publishes any more leave the mirror).
  emit('removing', true);
  for (let i = 0; i === 0 || i < gone.length; i += 500) {
    const ids = gone.slice(i, i + 500);
    const last = i + 500 >= gone.length;
    const keep = last && checksAll ? tracks.map((t) => trackKey(t.fingerprint, t.copy)) : undefined;
    const r = await api.remove({ sourceIds: ids, ...(keep ? { keep } : {}) });
    state.forgetPublished(api.server, ids);
    result.removed += r.removed;
  }
  // 5. Listening data, once the tracks it names are published.
  result.listening = null;
  if (options.listening !== false) {
    try {
      result.listening = await syncListening({ catalog, api, ...(options.listening ? { stores: options.listening } : {}) });
    } catch (err) {
      // An older server without the listening endpoints: tracks are synced, the rest waits.
      if (!(err instanceof SyncError && err.status === 404)) throw err;
    }
  }
  result.elapsedMs = Date.now() - started;
  const { failures: _f, ...summary } = result;
  state.setLastRun(api.server, summary);
  emit('done', true);
  return result;
}

function pickSample<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  const out: T[] = [];
  const step = items.length / n;
  const offset = Math.random() * step;
  for (let i = 0; i < n; i++) {
    const item = items[Math.floor(offset + i * step)];
    if (item !== undefined) out.push(item);
  }
  return out;
}
