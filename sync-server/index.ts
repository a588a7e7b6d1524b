// Placeholder for the sync server (filled by a later issue). It will speak the same read API as
// app/server (see app/contract) but answer audio requests with presigned URLs; it never carries
// audio bytes itself. Must not import main/ or renderer/ (enforced by .dependency-cruiser.cjs).

export interface SyncServerConfig {
  /** TCP port to listen on. */
  port: number;
  /** Lifetime of presigned URLs, in seconds. */
  urlTtlSeconds: number;
}

export const defaultSyncServerConfig: SyncServerConfig = { port: 8787, urlTtlSeconds: 3600 };

/** Validates and fills a partial config; throws on nonsense values. */
export function resolveSyncServerConfig(partial: Partial<SyncServerConfig> = {}): SyncServerConfig {
  const config = { ...defaultSyncServerConfig, ...partial };
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
    throw new Error(`invalid port: ${config.port}`);
  }
  if (!Number.isInteger(config.urlTtlSeconds) || config.urlTtlSeconds <= 0) {
    throw new Error(`invalid urlTtlSeconds: ${config.urlTtlSeconds}`);
  }
  return config;
}
