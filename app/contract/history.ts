// Play history (reports, events) and the views over it: recently played, most played, recently
// added, listening stats. Schemas with their types inferred; routes at the end.
import { z } from 'zod';
import { artistRef, track } from './library.ts';
import { epochMs, id, intParam, page, pageQuery } from './fields.ts';
import { route, type ClientParams } from './route.ts';

export const playSources = ['album', 'artist', 'playlist', 'smart-playlist', 'search', 'queue', 'folder', 'recommendation', 'library', 'other'] as const;
export const playSource = z.enum(playSources);
export type PlaySource = z.infer<typeof playSource>;

/**
 * How the renderer reports plays. Each play gets a `clientEventId` (UUID made when the track
 * starts). While playing, send `PlayProgress` now and then (every ~15 s and on pause); at the end
 * (track ended, skipped, stopped, window closing) send the `PlayReport`. Reports queued offline are
 * sent later with their original `startedAt`; the server dedupes by `clientEventId`. A crash or
 * reload loses at most the current play's last few seconds: open plays without progress for 10
 * minutes are closed by the server from their last progress.
 */
export const playProgress = z.strictObject({
  clientEventId: z.string().min(1, 'must not be empty').max(100),
  trackId: id,
  /** Epoch ms when playback of this track started. */
  startedAt: epochMs,
  /** Actual listening time so far (ms of audio played, NOT the playhead position: seeks add nothing). */
  msListened: z.number().min(0).max(86_400_000),
  source: playSource,
  /** E.g. the playlist or album id as a string. */
  sourceId: z.string().max(200).optional(),
  /** The device/window that played it (for dedupe across devices and sync). */
  clientId: z.string().max(200).optional(),
});
export type PlayProgress = z.infer<typeof playProgress>;

export const playReport = playProgress.extend({
  /** True when the track played to its natural end. */
  completed: z.boolean(),
  /** Epoch ms when it ended; default startedAt + msListened. */
  endedAt: epochMs.optional(),
}).refine((p) => p.endedAt === undefined || p.endedAt >= p.startedAt, { message: 'must not be before startedAt', path: ['endedAt'] });
export type PlayReport = z.infer<typeof playReport>;

/** POST /api/history/plays */
export const playReportBatch = z.strictObject({ plays: z.array(playReport).min(1, 'must not be empty').max(5000) });
export type PlayReportBatch = z.infer<typeof playReportBatch>;

export const playReportResult = z.strictObject({
  /** Newly stored events. */
  accepted: z.number().int().min(0),
  /** Already-known clientEventIds (retries, re-sent queues). */
  duplicates: z.number().int().min(0),
  /** How many of the accepted ones counted as plays (30 s or half the track). */
  counted: z.number().int().min(0),
});
export type PlayReportResult = z.infer<typeof playReportResult>;

/** One stored play event (GET /api/history/events). */
export const playEvent = z.strictObject({
  id,
  clientEventId: z.string(),
  trackId: id,
  startedAt: z.number(),
  endedAt: z.number(),
  msListened: z.number().min(0),
  completed: z.boolean(),
  /** Stopped before 30 s of listening. */
  skipped: z.boolean(),
  /** Counted as a play (≥ 30 s, or ≥ half the track, of actual listening). */
  counted: z.boolean(),
  source: playSource,
  sourceId: z.string().nullable(),
  clientId: z.string().nullable(),
});
export type PlayEvent = z.infer<typeof playEvent>;

/** A track with its play aggregate (recently played, most played). */
export const playedTrack = z.strictObject({
  track,
  playCount: z.number().int().min(0),
  /** Epoch ms of the last counted play; null when never. */
  lastPlayedAt: z.number().nullable(),
  /** Plays in the requested range (most played); equals playCount for "all". */
  plays: z.number().int().min(0),
  msListened: z.number().min(0),
});
export type PlayedTrack = z.infer<typeof playedTrack>;

export const playRanges = ['week', 'month', 'year', 'all'] as const;
export type PlayRange = (typeof playRanges)[number];

export const mostPlayedQuery = pageQuery(50).extend({ range: z.enum(playRanges).default('month') });
export type MostPlayedQuery = ClientParams<typeof mostPlayedQuery>;

/** GET /api/stats/listening?from&to&tzOffsetMin&top */
export const listeningStatsQuery = z.object({
  /** Epoch ms, inclusive; default 30 days ago. */
  from: intParam(0, 8.64e15).optional(),
  /** Epoch ms, exclusive; default now. */
  to: intParam(0, 8.64e15).optional(),
  /** Minutes to ADD to UTC to get local time (e.g. 120 for UTC+2; i.e. -Date#getTimezoneOffset()). Default 0. */
  tzOffsetMin: intParam(-16 * 60, 16 * 60).default(0),
  /** Rows in each top list; default 10, max 100. */
  top: intParam(1, 100).default(10),
});
export type ListeningStatsQuery = ClientParams<typeof listeningStatsQuery>;

export const listeningBucket = z.strictObject({
  /** Local date `YYYY-MM-DD`: the day, or the Monday starting the ISO week. */
  date: z.string(),
  ms: z.number().min(0),
  plays: z.number().int().min(0),
});
export type ListeningBucket = z.infer<typeof listeningBucket>;

const amount = { ms: z.number().min(0), plays: z.number().int().min(0) };
export const topArtist = z.strictObject({ artist: artistRef, ...amount });
export type TopArtist = z.infer<typeof topArtist>;
export const topAlbum = z.strictObject({ album: z.strictObject({ id, title: z.string(), artist: z.string(), coverId: id.nullable() }), ...amount });
export type TopAlbum = z.infer<typeof topAlbum>;
export const topGenre = z.strictObject({ genre: z.strictObject({ id, name: z.string() }), ...amount });
export type TopGenre = z.infer<typeof topGenre>;

export const listeningStats = z.strictObject({
  from: z.number(),
  to: z.number(),
  tzOffsetMin: z.number().int(),
  /** All listening time in range (every event, counted or not). */
  totalMs: z.number().min(0),
  /** Counted plays in range. */
  plays: z.number().int().min(0),
  /** Every local day in the range, zeros included. */
  days: z.array(listeningBucket),
  /** Every ISO week (Monday start) touching the range, zeros included. */
  weeks: z.array(listeningBucket),
  topArtists: z.array(topArtist),
  topAlbums: z.array(topAlbum),
  topGenres: z.array(topGenre),
});
export type ListeningStats = z.infer<typeof listeningStats>;

export const historyRoutes = {
  playProgress: route({ method: 'POST', path: '/api/history/progress', body: playProgress, response: 'none' }),
  reportPlays: route({ method: 'POST', path: '/api/history/plays', body: playReportBatch, response: playReportResult }),
  playEvents: route({ method: 'GET', path: '/api/history/events', query: pageQuery(100), response: page(playEvent) }),
  recentlyPlayed: route({ method: 'GET', path: '/api/history/recent', query: pageQuery(50), response: page(playedTrack) }),
  mostPlayed: route({ method: 'GET', path: '/api/history/most-played', query: mostPlayedQuery, response: page(playedTrack) }),
  recentlyAdded: route({ method: 'GET', path: '/api/history/recently-added', query: pageQuery(50), response: page(track) }),
  listeningStats: route({ method: 'GET', path: '/api/stats/listening', query: listeningStatsQuery, response: listeningStats }),
} as const;

export const historyApi = {
  progress: () => '/api/history/progress',
  plays: () => '/api/history/plays',
  events: () => '/api/history/events',
  recent: () => '/api/history/recent',
  mostPlayed: () => '/api/history/most-played',
  recentlyAdded: () => '/api/history/recently-added',
  stats: () => '/api/stats/listening',
} as const;

/** A play counts after this much actual listening, or half the track, whichever comes first. */
export const playCountThresholdMs = 30_000;
/** Stopped before this much listening = a skip. */
export const skipThresholdMs = 30_000;

