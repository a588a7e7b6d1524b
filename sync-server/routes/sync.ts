// The sync protocol (app/sync/protocol.ts): manifest → uploads → PUT to storage → commit; remove;
// changes. Uploads go straight to storage with presigned URLs, never through this server (S3 mode):
// each URL is bound to its object's bytes and may only create, and a commit checks storage against
// what the URLs were bound to before anything becomes visible.
import { Router, type Response } from 'express';
import { IMMUTABLE } from '../../app/storage/types.ts';
import { syncProtocolRoutes as routes } from '../../app/contract/index.ts';
import { mount } from '../../app/http/mount.ts';
import type { CommitResponse, ManifestTrack, ObjectRef } from '../../app/sync/protocol.ts';
import { principalOf } from '../auth.ts';
import type { SyncContext } from '../context.ts';
import { storageReport } from '../storage.ts';
import { objectsOf, verifyTracks } from '../verify.ts';

/** The last entry per source id wins when a request names one twice. */
function lastPerSource(tracks: readonly ManifestTrack[]): ManifestTrack[] {
  return [...new Map(tracks.map((t) => [t.sourceId, t])).values()];
}

/** Whose sources a request names: a device's own, or the admin's (0). */
export function deviceOf(res: Response): number {
  const p = principalOf(res);
  return p.role === 'device' ? p.deviceId : 0;
}

export function syncRoutes(ctx: SyncContext): Router {
  const r = Router();

  mount(r, routes.manifest, ({ body }, _req, res) => {
    const tracks = lastPerSource(body.tracks);
    const current = ctx.mirror.upToDate(deviceOf(res), tracks);
    const upToDate: number[] = [];
    const wanted = new Map<string, ObjectRef>();
    for (const t of tracks) {
      if (current.has(t.sourceId)) {
        upToDate.push(t.sourceId);
        continue;
      }
      for (const o of objectsOf(t)) if (!wanted.has(o.key)) wanted.set(o.key, { key: o.key, bytes: o.bytes, contentType: o.contentType });
    }
    // Missing: not confirmed in storage. A confirmed object is never replaced, whatever size this
    // device's own encode of that audio has (keys are audio + rung): the one published stays.
    const verified = ctx.mirror.verified([...wanted.keys()]);
    const missing = [...wanted.values()].filter((o) => !verified.has(o.key));
    // The first request of every run learns which of this device's tracks need objects again.
    return { missing, upToDate, repair: ctx.mirror.repairs(deviceOf(res), 10_000) };
  });

  mount(r, routes.uploads, async ({ body: { objects } }, _req, res) => {
    const unique = [...new Map(objects.map((o) => [o.key, o])).values()];
    // A published object is never replaced: confirmed keys get no URL (their uploader is told they are there).
    const confirmed = ctx.mirror.verified(unique.map((o) => o.key));
    const present = unique.filter((o) => confirmed.has(o.key)).map((o) => o.key);
    const wanted = unique.filter((o) => !confirmed.has(o.key));
    // An object the audit found holding other bytes is deleted first: the new URL may only create.
    // (Under the commit/GC lock, taken only then: an uploads request never waits for another chunk's commit.)
    const wrong = [...ctx.mirror.problems(wanted.map((o) => o.key))].filter(([, problem]) => problem === 'wrong').map(([key]) => key);
    if (wrong.length > 0) {
      await ctx.lock.run(async () => {
        for (const key of wrong) await ctx.store.delete(key);
      });
    }
    ctx.mirror.recordUploads(deviceOf(res), wanted);
    const uploads = await Promise.all(wanted.map(async (o) => {
      // Bound to these bytes (SHA-256, MD5, length, type) and create-only: the store refuses anything else.
      const put = await ctx.store.presignPut(o.key, {
        contentType: o.contentType, contentLength: o.bytes, ttlSeconds: ctx.limits.uploadTtlSeconds, cacheControl: IMMUTABLE,
        sha256: o.sha256, md5: o.md5, createOnly: true,
      });
      return { key: o.key, bytes: o.bytes, contentType: o.contentType, url: put.url, method: 'PUT' as const, headers: put.headers, expiresAt: put.expiresAt };
    }));
    return { uploads, present };
  });

  mount(r, routes.commit, async ({ body }, _req, res) => {
    const tracks = lastPerSource(body.tracks);
    const deviceId = deviceOf(res);
    return ctx.lock.run(async (): Promise<CommitResponse> => {
      const current = ctx.mirror.upToDate(deviceId, tracks);
      const unchanged = tracks.filter((t) => current.has(t.sourceId)).map((t) => t.sourceId);
      const changed = tracks.filter((t) => !current.has(t.sourceId));
      // Every object confirmed in storage first: nothing becomes visible before it is there.
      const keys = [...new Set(changed.flatMap((t) => objectsOf(t).map((o) => o.key)))];
      const verified = await verifyTracks({ store: ctx.store, tracks: changed, verified: ctx.mirror.verified(keys), uploads: ctx.mirror.uploads(keys) });
      const { trackIds } = ctx.mirror.publish(deviceId, verified.accepted, verified.objects);
      if (trackIds.length > 0) ctx.changed({ changedTrackIds: trackIds, removedTrackIds: [] });
      return { published: [...unchanged, ...verified.accepted.map((t) => t.sourceId)], rejected: verified.rejected };
    });
  });

  mount(r, routes.remove, async ({ body: { sourceIds, keep } }, _req, res) => {
    const deviceId = deviceOf(res);
    const result = await ctx.lock.run(async () => ctx.mirror.remove(deviceId, sourceIds, keep ?? null));
    if (result.removedTrackIds.length > 0) ctx.changed({ changedTrackIds: [], removedTrackIds: result.removedTrackIds });
    return { removed: result.removed, tracksRemoved: result.removedTrackIds.length };
  });

  mount(r, routes.changes, ({ query: { since, limit } }) => ctx.mirror.changes(since, limit));
  mount(r, routes.storage, ({ query: { keepHighDays } }) => storageReport(ctx.catalog.db, { keepHighDays, now: Date.now() }));
  return r;
}
