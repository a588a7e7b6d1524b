// Default places and stored settings of sync on this device.
import path from 'node:path';

/** Catalog settings keys (the library API's Settings page writes them; the CLI falls back to them). */
export const syncSettingKeys = { server: 'sync.server', token: 'sync.token' } as const;

/** The default rendition cache for a catalog file: `library.db` → `library.renditions/`. */
export function renditionCacheFor(dbFile: string): string {
  return path.resolve(dbFile).replace(/\.(db|sqlite3?)$/i, '') + '.renditions';
}

