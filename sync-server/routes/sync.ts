// The sync protocol (app/sync/protocol.ts): manifest → uploads → PUT to storage → commit; remove;
// changes. Uploads go straight to storage with presigned URLs, never through this server (S3 mode).
import { Router, type Response } from 'express';
import { IMMUTABLE, StoreError } from '../../app/storage/types.ts';
import { HttpError } from '../../app/http/errors.ts';
import { syncProtocolRoutes as routes } from '../../app/contract/index.ts';
import { mount } from '../../app/http/mount.ts';
import type { CommitResponse, ManifestTrack, ObjectRef } from '../../app/sync/protocol.ts';
import { principalOf } from '../auth.ts';
import type { SyncContext } from '../context.ts';
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
    const verified = ctx.mirror.verified([...wanted.keys()]);
    // Missing: never verified, or verified at another size (bytes 0 = "not known yet": any size will do).
    const missing = [...wanted.values()].filter((o) => {
      const size = verified.get(o.key)?.bytes;
      return size === undefined || (o.bytes > 0 && size !== o.bytes);
    });
    return { missing, upToDate };
  });

  mount(r, routes.uploads, async ({ body: { objects } }) => {
    const unique = [...new Map(objects.map((o) => [o.key, o])).values()];
    const uploads = await Promise.all(unique.map(async (o) => {
      const put = await ctx.store.presignPut(o.key, {
        contentType: o.contentType, contentLength: o.bytes, ttlSeconds: ctx.limits.uploadTtlSeconds, cacheControl: IMMUTABLE,
      });
      return { key: o.key, bytes: o.bytes, contentType: o.contentType, url: put.url, method: 'PUT' as const, headers: put.headers, expiresAt: put.expiresAt };
    }));
    return { uploads };
  });

  mount(r, routes.multipart, async ({ body: o }) => {
    const started = await ctx.store.startMultipart(o.key, {
      contentType: o.contentType, contentLength: o.bytes, ttlSeconds: Math.max(ctx.limits.uploadTtlSeconds, 3600),
      cacheControl: IMMUTABLE, ...(o.partSize ? { partSize: o.partSize } : {}),
    });
    return {
      key: started.key, uploadId: started.uploadId, partSize: started.partSize,
      parts: started.parts.map((p) => ({ partNumber: p.partNumber, start: p.start, end: p.end, url: p.url, method: 'PUT' as const, headers: p.headers, expiresAt: p.expiresAt })),
    };
  });
  mount(r, routes.completeMultipart, async ({ body }) => {
    try {
      await ctx.store.completeMultipart(body.key, body.uploadId, body.parts);
    } catch (err) {
      // An unknown upload or a part never uploaded is the client's mistake: a 400, not a 500.
      if (err instanceof StoreError) throw new HttpError(400, `parts: ${err.message}`, { field: 'parts' });
      throw err;
    }
  });
  mount(r, routes.abortMultipart, async ({ body }) => {
    await ctx.store.abortMultipart(body.key, body.uploadId);
  });

  mount(r, routes.commit, async ({ body }, _req, res) => {
    const tracks = lastPerSource(body.tracks);
    const deviceId = deviceOf(res);
    return ctx.lock.run(async (): Promise<CommitResponse> => {
      const current = ctx.mirror.upToDate(deviceId, tracks);
      const unchanged = tracks.filter((t) => current.has(t.sourceId)).map((t) => t.sourceId);
      const changed = tracks.filter((t) => !current.has(t.sourceId));
      // Every object confirmed in storage first: nothing becomes visible before it is there.
      const known = ctx.mirror.verified([...new Set(changed.flatMap((t) => objectsOf(t).map((o) => o.key)))]);
      const verified = await verifyTracks({ store: ctx.store, tracks: changed, verified: known });
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
  return r;
}
