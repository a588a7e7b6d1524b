// The sync server: catalogs the mirrored library, signs storage URLs, never carries audio in S3
// mode. Must not import main/ or renderer/ (enforced by .dependency-cruiser.cjs).
export { startSyncServer, defaultLimits, defaultGraceMs, type SyncServerOptions, type RunningSyncServer } from './start.ts';
export { createSyncApp, defaultRateLimit, type RateLimitConfig, type SyncAppOptions } from './app.ts';
export { collectGarbage, type GcOptions } from './gc.ts';
