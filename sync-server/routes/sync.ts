// The sync protocol (app/sync/protocol.ts): manifest → uploads → PUT to storage → commit; remove;
// changes. Uploads go straight to storage with presigned URLs, never through this server (S3 mode).
import { Router } from 'express';
import { IMMUTABLE } from '../../app/storage/types.ts';
import { parse } from '../../app/server/validate.ts';
import type {
  CommitResponse, ManifestResponse, ManifestTrack, MultipartUploadResponse, ObjectRef, RemoveResponse, UploadsResponse,
} from '../../app/sync/protocol.ts';
import { syncApi } from '../../app/sync/protocol.ts';
import type { SyncContext } from '../context.ts';
import {
  abortMultipartRequest, changesQuery, commitRequest, completeMultipartRequest, manifestRequest, multipartRequest,
  removeRequest, uploadsRequest,
} from '../schemas.ts';
import { objectsOf, verifyTracks } from '../verify.ts';

/** The last entry per source id wins when a request names one twice. */
function lastPerSource(tracks: readonly ManifestTrack[]): ManifestTrack[] {
  return [...new Map(tracks.map((t) => [t.sourceId, t])).values()];
}

export function syncRoutes(ctx: SyncContext): Router {
  const r = Router();

  r.post(syncApi.manifest(), (req, res) => {
    const tracks = lastPerSource(parse(manifestRequest, req.body).tracks);
    const revisions = ctx.mirror.revisions(tracks.map((t) => t.sourceId));
    const upToDate: number[] = [];
    const wanted = new Map<string, ObjectRef>();
    for (const t of tracks) {
      if (revisions.get(t.sourceId) === t.revision) {
        upToDate.push(t.sourceId);
        continue;
      }
      for (const o of objectsOf(t)) if (!wanted.has(o.key)) wanted.set(o.key, { key: o.key, bytes: o.bytes, contentType: o.contentType });
    }
    const verified = ctx.mirror.verified([...wanted.keys()]);
    // Missing: never verified, or verified at another size (bytes 0 = "not known yet": any size will do).
    const missing = [...wanted.values()].filter((o) => {
      const size = verified.get(o.key);
      return size === undefined || (o.bytes > 0 && size !== o.bytes);
    });
    res.json({ missing, upToDate } satisfies ManifestResponse);
  });

  r.post(syncApi.uploads(), async (req, res) => {
    const { objects } = parse(uploadsRequest, req.body);
    const unique = [...new Map(objects.map((o) => [o.key, o])).values()];
    const uploads = await Promise.all(unique.map(async (o) => {
      const put = await ctx.store.presignPut(o.key, {
        contentType: o.contentType, contentLength: o.bytes, ttlSeconds: ctx.limits.uploadTtlSeconds, cacheControl: IMMUTABLE,
      });
      return { key: o.key, bytes: o.bytes, contentType: o.contentType, url: put.url, method: 'PUT' as const, headers: put.headers, expiresAt: put.expiresAt };
    }));
    res.json({ uploads } satisfies UploadsResponse);
  });

  r.post(syncApi.multipart(), async (req, res) => {
    const o = parse(multipartRequest, req.body);
    const started = await ctx.store.startMultipart(o.key, {
      contentType: o.contentType, contentLength: o.bytes, ttlSeconds: Math.max(ctx.limits.uploadTtlSeconds, 3600),
      cacheControl: IMMUTABLE, ...(o.partSize ? { partSize: o.partSize } : {}),
    });
    res.json({
      key: started.key, uploadId: started.uploadId, partSize: started.partSize,
      parts: started.parts.map((p) => ({ partNumber: p.partNumber, start: p.start, end: p.end, url: p.url, method: 'PUT' as const, headers: p.headers, expiresAt: p.expiresAt })),
    } satisfies MultipartUploadResponse);
  });
  r.post(syncApi.multipartComplete(), async (req, res) => {
    const body = parse(completeMultipartRequest, req.body);
    await ctx.store.completeMultipart(body.key, body.uploadId, body.parts);
    res.status(204).end();
  });
  r.post(syncApi.multipartAbort(), async (req, res) => {
    const body = parse(abortMultipartRequest, req.body);
    await ctx.store.abortMultipart(body.key, body.uploadId);
    res.status(204).end();
  });

  r.post(syncApi.commit(), async (req, res) => {
    const tracks = lastPerSource(parse(commitRequest, req.body).tracks);
    const response = await ctx.lock.run(async (): Promise<CommitResponse> => {
      const revisions = ctx.mirror.revisions(tracks.map((t) => t.sourceId));
      const unchanged = tracks.filter((t) => revisions.get(t.sourceId) === t.revision).map((t) => t.sourceId);
      const changed = tracks.filter((t) => revisions.get(t.sourceId) !== t.revision);
      // HEAD every object first: nothing becomes visible before storage confirmed it.
      const verified = await verifyTracks({ store: ctx.store, tracks: changed });
      const { trackIds } = ctx.mirror.publish(verified.accepted, verified.objects);
      if (trackIds.length > 0) ctx.changed({ changedTrackIds: trackIds, removedTrackIds: [] });
      return { published: [...unchanged, ...verified.accepted.map((t) => t.sourceId)], rejected: verified.rejected };
    });
    res.json(response);
  });

  r.post(syncApi.remove(), async (req, res) => {
    const { sourceIds } = parse(removeRequest, req.body);
    const result = await ctx.lock.run(async () => ctx.mirror.remove(sourceIds));
    if (result.trackIds.length > 0) ctx.changed({ changedTrackIds: [], removedTrackIds: result.trackIds });
    res.json({ removed: result.removed } satisfies RemoveResponse);
  });

  r.get('/api/sync/changes', (req, res) => {
    const { since, limit } = parse(changesQuery, req.query);
    res.json(ctx.mirror.changes(since, limit));
  });
  return r;
}
