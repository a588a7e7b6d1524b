// Background loudness measurement (the library server only; app/loudness): its status, start and
// cancel, the "measure automatically" setting, and progress as server-sent events.
import { z } from 'zod';
import { route } from './route.ts';

const count = z.number().int().min(0);

export const loudnessRun = z.strictObject({
  /** Tracks measured (or found already measured elsewhere in the library) in this run. */
  done: count,
  /** done + what this run still has to measure. */
  total: count,
  /** Tracks ffmpeg could not measure in this run. */
  failed: count,
  /** Tracks per second over this run. */
  rate: z.number().min(0),
  /** Seconds of audio measured per second of wall time. */
  realtime: z.number().min(0),
  currentPath: z.string().nullable(),
  startedAt: z.number(),
});
export type LoudnessRun = z.infer<typeof loudnessRun>;

export const loudnessStatus = z.strictObject({
  /** Measure after every scan (a setting; default on). */
  auto: z.boolean(),
  running: z.boolean(),
  /** The user cancelled: no automatic run until started again (or the app restarts). */
  cancelled: z.boolean(),
  /** Tracks that need a measurement: no ReplayGain/R128 track gain, or in an album with such tracks. */
  wanted: count,
  /** Of those, measured on their current audio. */
  measured: count,
  /** Of those, that could not be measured (not retried until the file changes). */
  failed: count,
  run: loudnessRun.nullable(),
  /** The last finished or cancelled run. */
  last: loudnessRun.extend({ finishedAt: z.number(), cancelled: z.boolean() }).nullable(),
  /** Why the last run stopped early, as one sentence (e.g. ffmpeg is missing); null otherwise. */
  error: z.string().nullable(),
});
export type LoudnessStatus = z.infer<typeof loudnessStatus>;

export const loudnessSettings = z.strictObject({ auto: z.boolean() });
export type LoudnessSettings = z.infer<typeof loudnessSettings>;

/** Server-sent events on GET /api/library/loudness/events: `event: loudness`, `data: LoudnessStatus`. */
export const loudnessEventName = 'loudness';

export const loudnessRoutes = {
  loudnessStatus: route({ method: 'GET', path: '/api/library/loudness', response: loudnessStatus }),
  saveLoudness: route({ method: 'PUT', path: '/api/library/loudness', body: loudnessSettings, response: loudnessStatus }),
  startLoudness: route({ method: 'POST', path: '/api/library/loudness/start', response: loudnessStatus, status: 202 }),
  cancelLoudness: route({ method: 'POST', path: '/api/library/loudness/cancel', response: loudnessStatus }),
  loudnessEvents: route({ method: 'GET', path: '/api/library/loudness/events', response: 'events' }),
} as const;
