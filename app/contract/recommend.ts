// Recommendations: daily mixes and similar tracks, served from a background-computed cache.
import { z } from 'zod';
import { artistRef, track, type Id } from './library.ts';
import { id, idParams } from './fields.ts';
import { route } from './route.ts';

export const recommendationReasonKind = z.enum(['co-played', 'artist', 'genre', 'similar-artist']);
export type RecommendationReasonKind = z.infer<typeof recommendationReasonKind>;

export const recommendationReason = z.strictObject({
  kind: recommendationReasonKind,
  /** Human sentence, e.g. "Because you played Come Together". */
  text: z.string(),
  sourceTrack: z.strictObject({ id, title: z.string(), artist: z.string() }).optional(),
  sourceArtist: artistRef.optional(),
  genre: z.string().optional(),
});
export type RecommendationReason = z.infer<typeof recommendationReason>;

export const recommendedTrack = z.strictObject({ track, score: z.number(), reason: recommendationReason });
export type RecommendedTrack = z.infer<typeof recommendedTrack>;

export const dailyMix = z.strictObject({
  /** 1-based mix number, stable for a computation. */
  id: z.number().int().min(1),
  title: z.string(),
  /** E.g. "Energy 52, The Beatles and more". */
  description: z.string(),
  /** The artists the mix is seeded from. */
  seedArtists: z.array(artistRef),
  /** Up to 4 distinct album covers. */
  coverIds: z.array(id),
  tracks: z.array(recommendedTrack),
});
export type DailyMix = z.infer<typeof dailyMix>;

export const recommendationStatus = z.strictObject({
  /** Epoch ms of the cached computation in use; null before the first. */
  computedAt: z.number().nullable(),
  computing: z.boolean(),
  /** Compute time of the last run. */
  elapsedMs: z.number().nullable(),
  /** Local hour (0–23) the cached mixes were weighted for. */
  hour: z.number().int().min(0).max(23).nullable(),
  events: z.number().int().min(0),
  sessions: z.number().int().min(0),
});
export type RecommendationStatus = z.infer<typeof recommendationStatus>;

export const dailyMixes = z.strictObject({ status: recommendationStatus, mixes: z.array(dailyMix) });
export type DailyMixes = z.infer<typeof dailyMixes>;

/** GET /api/recommendations/similar/:id?limit — from the cached model (empty before the first computation). */
export const similarTracks = z.strictObject({ status: recommendationStatus, trackId: id, tracks: z.array(recommendedTrack) });
export type SimilarTracks = z.infer<typeof similarTracks>;

const limitQuery = z.object({
  limit: z.string().regex(/^[0-9]{1,4}$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(1, 'must be at least 1').max(200, 'must be at most 200')).default(25),
});

export const recommendRoutes = {
  mixes: route({ method: 'GET', path: '/api/recommendations/mixes', response: dailyMixes }),
  similar: route({ method: 'GET', path: '/api/recommendations/similar/:id', params: idParams, query: limitQuery, response: similarTracks }),
  recommendationStatus: route({ method: 'GET', path: '/api/recommendations/status', response: recommendationStatus }),
  /** Schedules a recompute (202); `?wait=1` answers 200 when it is done (tests, benchmarks). */
  refreshRecommendations: route({ method: 'POST', path: '/api/recommendations/refresh', query: z.object({ wait: z.enum(['0', '1']).default('0') }), response: recommendationStatus, status: 202 }),
} as const;

export const recommendApi = {
  mixes: () => '/api/recommendations/mixes',
  similar: (trackId: Id) => `/api/recommendations/similar/${trackId}`,
  status: () => '/api/recommendations/status',
  refresh: () => '/api/recommendations/refresh',
} as const;
