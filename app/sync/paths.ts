// Default places and stored settings of sync on this device.
import path from 'node:path';

/** Catalog settings keys (the library API's Settings page writes them; the CLI falls back to them). */
/** Catalog settings of `tonearm sync`: the server, the device token, the storage policy's days (a number; absent: no policy). */
export const syncSettingKeys = { server: 'sync.server', token: 'sync.token', keepHighDays: 'sync.keepHighDays' } as const;

/** The default rendition cache for a catalog file: `library.db` → `library.renditions/`. */
export function renditionCacheFor(dbFile: string): string {
  return path.resolve(dbFile).replace(/\.(db|sqlite3?)$/i, '') + '.renditions';
}

