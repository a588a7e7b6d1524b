// The library's read API over the mirror: app/server's browse and search routes unchanged, plus
// audio and covers answered with presigned URLs to storage (this server never carries them).
import { LRUCache } from 'lru-cache';
import { Router } from 'express';
import { browseRoutes as browseApi, remoteRoutes, type StreamUrl } from '../../app/contract/index.ts';
import { notFound } from '../../app/http/errors.ts';
import { answered, mount } from '../../app/http/mount.ts';
import { browseRoutes } from '../../app/server/routes/browse.ts';
import { searchRoutes } from '../../app/server/routes/search.ts';
import type { SyncContext } from '../context.ts';

/** Stream URLs outlive the track: at least max(5 min, duration × 1.1), at most 7 days. */
export function streamTtlSeconds(defaultSeconds: number, durationMs: number): number {
  return Math.min(7 * 24 * 3600, Math.max(defaultSeconds, 300, Math.ceil((durationMs * 1.1) / 1000)));
}

/** How long a signed stream URL is handed out again: a sixth of its TTL, at most 5 min, within S3's 7-day limit. */
export function streamReuseSeconds(ttlSeconds: number): number {
  return Math.max(0, Math.min(300, Math.floor(ttlSeconds / 6), 7 * 24 * 3600 - ttlSeconds));
}

export function readRoutes(ctx: SyncContext): Router {
  const r = Router();
  mount(r, browseApi.session, () => ({ authenticated: true, mode: 'remote', version: ctx.version }));
  mount(r, browseApi.stats, () => ctx.catalog.stats());
  // Presigning is HMAC work (and the rendition lookup a 3-table join): answers are cached per
  // (track, quality) and reused for a while. Each URL is signed for its TTL plus the reuse
  // window, so every answer still has at least the full TTL left. A publish or removal (the
  // mirror's generation) drops them all.
  const streamCache = new LRUCache<string, { generation: number; reuseUntil: number; url: string; body: string }>({ max: 100_000 });
  mount(r, remoteRoutes.streamUrl, async ({ params: { id }, query: { quality, redirect } }, _req, res) => {
    const cacheKey = `${id}:${quality}`;
    const generation = ctx.mirror.generation();
    const now = Date.now();
    let hit = streamCache.get(cacheKey);
    if (!hit || hit.generation !== generation || hit.reuseUntil <= now) {
      const rendition = ctx.mirror.rendition(id, quality);
      if (!rendition) throw notFound(`track ${id} not found`);
      // `streamTtlExact` (tests, `--stream-ttl`): exactly the configured TTL, no floor.
      const ttl = ctx.limits.streamTtlExact ? ctx.limits.streamTtlSeconds : streamTtlSeconds(ctx.limits.streamTtlSeconds, rendition.durationMs);
      // Exact: each URL lives exactly the TTL, so none is handed out again.
      const reuse = ctx.limits.streamTtlExact ? 0 : streamReuseSeconds(ttl);
      const signed = await ctx.store.presignGet(rendition.key, { ttlSeconds: ttl + reuse });
      const body: StreamUrl = { url: signed.url, expiresAt: signed.expiresAt, rung: rendition.rung, bitrate: rendition.bitrate, codec: rendition.codec };
      hit = { generation, reuseUntil: now + reuse * 1000, url: signed.url, body: JSON.stringify(body) };
      streamCache.set(cacheKey, hit);
    }
    if (redirect === '1') res.redirect(302, hit.url);
    else res.type('application/json').send(hit.body);
    return answered;
  });
  // Only the original is in storage: every size redirects to it.
  mount(r, remoteRoutes.remoteCover, async ({ params: { id } }, _req, res) => {
    const key = ctx.mirror.coverKey(id);
    if (!key) throw notFound(`cover ${id} not found`);
    const ttl = ctx.limits.coverTtlSeconds;
    const signed = await ctx.store.presignGet(key, { ttlSeconds: ttl });
    res.setHeader('Cache-Control', `private, max-age=${Math.max(0, ttl - 60)}`);
    res.redirect(302, signed.url);
  });
  r.use(browseRoutes(ctx.queries));
  r.use(searchRoutes(ctx.search, ctx.queries));
  return r;
}
