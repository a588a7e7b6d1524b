// One chunk of a sync run (client.ts): loudness and lyrics of its tracks, their plans, the manifest,
// then the objects storage lacks made and uploaded and the tracks committed — a second pass for the
// tracks a commit rejected.
import fs from 'node:fs';
import type { Catalog } from '../catalog/index.ts';
import type { Lyrics, SyncRunPhase, SyncRunProgress } from '../contract/index.ts';
import type { SyncApi } from './api.ts';
import { readLyrics, type LocalTrack } from './localTracks.ts';
import { measureMissing } from './loudness.ts';
import type { RenditionMaker } from './maker.ts';
import { withSizes, type PlannedTrack } from './manifest.ts';
import type { ObjectPipeline } from './objects.ts';
import type { ManifestTrack } from './protocol.ts';
import type { SyncState } from './state.ts';

export interface ChunkContext {
  chunk: LocalTrack[];
  catalog: Catalog;
  api: SyncApi;
  state: SyncState;
  maker: RenditionMaker;
  pipeline: ObjectPipeline;
  plan: (track: LocalTrack, lyrics?: readonly Lyrics[]) => PlannedTrack;
  emit: (phase?: SyncRunPhase, force?: boolean) => void;
  progress: SyncRunProgress;
  /** The run's counts this chunk adds to. */
  result: { skipped: number };
  fail: (t: LocalTrack, reason: string) => void;
  transcodes: { run<T>(task: () => Promise<T>): Promise<T> };
  signal: AbortSignal | undefined;
  /** Tracks measured in this run (their albums' gain may have changed). */
  measured: { count: number };
  /** Tracks published in this run (one may be published twice: once more with its album's gain). */
  publishedIds: Set<number>;
  /** Tracks the server asked for again (their objects are uploaded anew). */
  repair: ReadonlySet<number>;
}

export async function syncChunk(c: ChunkContext): Promise<void> {
  const { api, state, result, progress } = c;
  // a. Loudness of the tracks nothing is known of (./loudness.ts), then their lyrics.
  const measured = await measureMissing(c.chunk, { ...c, onMeasured: () => c.emit('loudness') });
  if (measured > 0) c.measured.count += measured;
  const lyrics = readLyrics(c.catalog.db, c.chunk.filter((t) => t.lyricsDigest !== null).map((t) => t.sourceId));

  // b. Plans with the sizes this device already knows.
  const planned: PlannedTrack[] = [];
  for (const t of c.chunk) {
    try {
      planned.push(c.plan(t, lyrics.get(t.sourceId) ?? []));
    } catch (err) {
      c.fail(t, `cannot plan renditions: ${(err as Error).message}`);
    }
  }
  const sizes = new Map<string, number>();
  for (const o of state.objects(planned.flatMap((p) => p.objects.map((x) => x.ref.key))).values()) sizes.set(o.key, o.bytes);
  const manifests = new Map<number, ManifestTrack>(planned.map((p) => [p.track.sourceId, withSizes(p.manifest, sizes)]));

  // c. Manifest: what is up to date, what storage lacks.
  c.emit('manifest');
  const res = await api.manifest({ tracks: [...manifests.values()] });
  const upToDate = new Set(res.upToDate);
  const missing = new Set(res.missing.map((o) => o.key));
  const done = planned.filter((p) => upToDate.has(p.track.sourceId));
  state.markPublished(api.server, done.map((p) => ({ sourceId: p.track.sourceId, revision: p.manifest.revision, fingerprint: p.track.fingerprint })));
  result.skipped += done.length;
  progress.tracks.done += done.length;
  const work = planned.filter((p) => !upToDate.has(p.track.sourceId));
  const queued = new Set<string>();
  for (const p of work) {
    for (const o of p.objects) {
      if (!missing.has(o.ref.key) || queued.has(o.ref.key)) continue;
      queued.add(o.ref.key);
      progress.objects.total++;
    }
  }
  c.emit(undefined, true);

  // d. Objects this device already uploaded (or started uploading) to this server, by a run killed
  //    before its commit, are not sent again: the commit HEADs them. A track the commit rejects
  //    (say, storage lost an object after all) gets a second pass that uploads every object of it
  //    not uploaded by this run, then commits again.
  // (Not for the objects of tracks the server asked for again: those it lost or found broken.)
  const broken = new Set(work.filter((p) => c.repair.has(p.track.sourceId)).flatMap((p) => p.objects.map((o) => o.ref.key)));
  if (broken.size > 0) state.forgetUploaded(api.server, [...broken]);
  const uploadedBefore = state.uploaded(api.server, [...missing].filter((k) => !broken.has(k)));
  for (const [key, bytes] of uploadedBefore) sizes.set(key, bytes);
  const firstPass = await uploadAndCommit(c, work, (key) => missing.has(key) && !uploadedBefore.has(key), sizes, true);
  if (firstPass.length > 0) {
    state.forgetUploaded(api.server, firstPass.flatMap((p) => p.objects.map((o) => o.ref.key)));
    await uploadAndCommit(c, firstPass, () => true, sizes, false);
  }
  c.emit(undefined, true);
}

/**
 * Makes and uploads what each track lacks, then commits the tracks whose objects are all there.
 * Returns the rejected tracks when `retry` (to try again); every other failure is recorded.
 */
async function uploadAndCommit(
  c: ChunkContext, work: readonly PlannedTrack[], upload: (key: string) => boolean, sizes: Map<string, number>, retry: boolean,
): Promise<PlannedTrack[]> {
  const { api, state, result, progress } = c;
  const ready: PlannedTrack[] = [];
  await Promise.all(work.map(async (p) => {
    const needed = p.objects.filter((o) => upload(o.ref.key));
    const results = await Promise.all(needed.map((o) => c.pipeline.ensure(o, p.track)));
    const failed = results.find((r) => !r.ok);
    if (failed && !failed.ok) {
      c.fail(p.track, `${failed.key}: ${failed.reason}`);
      return;
    }
    for (const r of results) if (r.ok) sizes.set(r.key, r.bytes);
    // Objects storage already has: their size as made here (the commit names exact sizes).
    for (const o of p.objects) {
      if (sizes.has(o.ref.key) || o.ref.bytes > 0) continue;
      const st = await fs.promises.stat(o.source.file).catch(() => null);
      if (st?.isFile() && st.size > 0) sizes.set(o.ref.key, st.size);
    }
    ready.push(p);
  }));
  if (ready.length === 0) return [];

  // The server HEADs every object before the track becomes visible.
  c.emit('committing');
  const commit = await api.commit({ tracks: ready.map((p) => withSizes(p.manifest, sizes)) });
  const byId = new Map(ready.map((p) => [p.track.sourceId, p]));
  const ok = commit.published.map((id) => byId.get(id)).filter((p): p is PlannedTrack => p !== undefined);
  state.markPublished(api.server, ok.map((p) => ({ sourceId: p.track.sourceId, revision: p.manifest.revision, fingerprint: p.track.fingerprint })));
  for (const p of ok) c.publishedIds.add(p.track.sourceId);
  // Committed: no longer "uploaded, maybe not committed" (that record only serves a run killed in between).
  state.forgetUploaded(api.server, ok.flatMap((p) => p.objects.map((o) => o.ref.key)));
  progress.tracks.done += ok.length;
  const settled = new Set(commit.published);
  const again: PlannedTrack[] = [];
  for (const r of commit.rejected) {
    const p = byId.get(r.sourceId);
    settled.add(r.sourceId);
    if (!p) continue;
    if (retry) again.push(p);
    else c.fail(p.track, `rejected by the server: ${r.reason}`);
  }
  for (const p of ready) if (!settled.has(p.track.sourceId)) c.fail(p.track, 'the server did not confirm the commit');
  return again;
}
