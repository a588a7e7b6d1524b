// The library server's own routes (not on the sync server): audio and covers from disk, library
// folders, scans and their progress, scan errors, the demo library, and the Sync settings page.
import { z } from 'zod';
import { coverQuery } from './library.ts';
import { idParams, page, pageQuery } from './fields.ts';
import { route } from './route.ts';

export const scanPhase = z.enum(['idle', 'walking', 'parsing', 'writing', 'covers', 'done']);
export type ScanPhase = z.infer<typeof scanPhase>;

const count = z.number().int().min(0);

export const scanSummary = z.strictObject({
  tracks: count,
  added: count,
  updated: count,
  removed: count,
  moved: count,
  unchanged: count,
  errors: count,
  elapsedMs: z.number().min(0),
});
export type ScanSummary = z.infer<typeof scanSummary>;

export const scanProgress = z.strictObject({
  running: z.boolean(),
  phase: scanPhase,
  found: count,
  parsed: count,
  errors: count,
  /** Files parsed per second over the current scan. */
  rate: z.number().min(0),
  currentPath: z.string().nullable(),
  startedAt: z.number().nullable(),
  /** Summary of the last finished scan. */
  last: scanSummary.nullable(),
  /**
   * What keeps the library from being what is on disk, one sentence each: a library folder that is
   * away (not there, or empty while the catalog holds tracks from it: its tracks are kept until it is
   * back), the last full scan's failure. Null when there is nothing to say.
   */
  notice: z.string().nullable(),
});
export type ScanProgress = z.infer<typeof scanProgress>;

export const scanError = z.strictObject({ path: z.string(), reason: z.string(), at: z.number() });
export type ScanError = z.infer<typeof scanError>;

export const libraryFolders = z.strictObject({
  folders: z.array(z.string().min(1, 'must not be empty').max(4096)).max(100),
});
export type LibraryFolders = z.infer<typeof libraryFolders>;

/** Server-sent events on GET /api/library/scan/events: `event: progress`, `data: ScanProgress` JSON. */
export const scanEventName = 'progress';

// Sync (the library side): the device's sync settings and "Sync now" with progress.
export const syncRunPhase = z.enum(['idle', 'reading', 'loudness', 'manifest', 'transcoding', 'uploading', 'committing', 'removing', 'done']);
export type SyncRunPhase = z.infer<typeof syncRunPhase>;

const doneOf = z.strictObject({ done: z.number().min(0), total: z.number().min(0) });

export const syncRunProgress = z.strictObject({
  phase: syncRunPhase,
  /** Tracks settled (published, already up to date, or failed) out of the local tracks. */
  tracks: doneOf,
  /** Objects uploaded out of those the store lacked. */
  objects: doneOf,
  bytes: doneOf,
  /** Upload rate over this run, bytes/s. */
  rate: z.number().min(0),
  failures: count,
});
export type SyncRunProgress = z.infer<typeof syncRunProgress>;

export const syncRunSummary = z.strictObject({
  tracks: count,
  uploaded: count,
  skipped: count,
  bytes: z.number().min(0),
  failed: count,
  elapsedMs: z.number().min(0),
});
export type SyncRunSummary = z.infer<typeof syncRunSummary>;

export const syncStatus = z.strictObject({
  server: z.string().nullable(),
  /** A device token is stored (it is never sent back). */
  hasToken: z.boolean(),
  running: z.boolean(),
  progress: syncRunProgress.nullable(),
  last: syncRunSummary.extend({ at: z.number() }).nullable(),
  /** Why the last run stopped, as one sentence; null when it finished. */
  error: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof syncStatus>;

export const syncSettingsUpdate = z.strictObject({
  server: z.string().max(2000).optional(),
  /** Empty string removes the stored token. */
  token: z.string().max(4096).optional(),
});
export type SyncSettingsUpdate = z.infer<typeof syncSettingsUpdate>;

export const syncEventName = 'sync';

export const librarySyncApi = {
  status: () => '/api/library/sync',
  run: () => '/api/library/sync/run',
  events: () => '/api/library/sync/events',
} as const;

export const controlRoutes = {
  stream: route({ method: 'GET', path: '/api/tracks/:id/stream', params: idParams, response: 'file' }),
  cover: route({ method: 'GET', path: '/api/covers/:id', params: idParams, query: coverQuery, response: 'file' }),
  libraryFolders: route({ method: 'GET', path: '/api/library/folders', response: libraryFolders }),
  setLibraryFolders: route({ method: 'PUT', path: '/api/library/folders', body: libraryFolders, response: libraryFolders }),
  rescan: route({ method: 'POST', path: '/api/library/rescan', response: scanProgress, status: 202 }),
  scanEvents: route({ method: 'GET', path: '/api/library/scan/events', response: 'events' }),
  scanErrors: route({ method: 'GET', path: '/api/library/errors', query: pageQuery(), response: page(scanError) }),
  demo: route({ method: 'POST', path: '/api/library/demo', response: libraryFolders }),
  syncStatus: route({ method: 'GET', path: '/api/library/sync', response: syncStatus }),
  saveSync: route({ method: 'PUT', path: '/api/library/sync', body: syncSettingsUpdate, response: syncStatus }),
  runSync: route({ method: 'POST', path: '/api/library/sync/run', response: syncStatus, status: 202 }),
  syncEvents: route({ method: 'GET', path: '/api/library/sync/events', response: 'events' }),
} as const;
