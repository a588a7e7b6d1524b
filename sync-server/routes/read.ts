// The library's read API over the mirror: app/server's browse and search routes unchanged, plus
// audio and covers answered with presigned URLs to storage (this server never carries them).
import { Router } from 'express';
import { api, type LibraryStats, type Session } from '../../app/contract/index.ts';
import { notFound } from '../../app/server/errors.ts';
import { browseRoutes } from '../../app/server/routes/browse.ts';
import { searchRoutes } from '../../app/server/routes/search.ts';
import { coverQuery, idParams, parse } from '../../app/server/validate.ts';
import type { StreamUrl } from '../../app/sync/protocol.ts';
import type { SyncContext } from '../context.ts';
import { streamQuery } from '../schemas.ts';

/** Stream URLs outlive the track: at least max(5 min, duration × 1.1), at most 7 days. */
export function streamTtlSeconds(defaultSeconds: number, durationMs: number): number {
  return Math.min(7 * 24 * 3600, Math.max(defaultSeconds, 300, Math.ceil((durationMs * 1.1) / 1000)));
}

export function readRoutes(ctx: SyncContext): Router {
  const r = Router();
  r.get(api.session(), (_req, res) => {
    res.json({ authenticated: true, mode: 'remote', version: ctx.version } satisfies Session);
  });
  r.get(api.stats(), (_req, res) => {
    res.json(ctx.catalog.stats() satisfies LibraryStats);
  });
  r.get('/api/tracks/:id/stream', async (req, res) => {
    const { id } = parse(idParams, req.params);
    const { quality, redirect } = parse(streamQuery, req.query);
    const rendition = ctx.mirror.rendition(id, quality);
    if (!rendition) throw notFound(`track ${id} not found`);
    const signed = await ctx.store.presignGet(rendition.key, { ttlSeconds: streamTtlSeconds(ctx.limits.streamTtlSeconds, rendition.durationMs) });
    if (redirect === '1') {
      res.redirect(302, signed.url);
      return;
    }
    res.json({ url: signed.url, expiresAt: signed.expiresAt, rung: rendition.rung, bitrate: rendition.bitrate, codec: rendition.codec } satisfies StreamUrl);
  });
  r.get('/api/covers/:id', async (req, res) => {
    const { id } = parse(idParams, req.params);
    // Only the original is in storage: every size redirects to it.
    parse(coverQuery, req.query);
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
