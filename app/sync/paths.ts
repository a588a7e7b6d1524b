// Default places and stored settings of sync on this device.
import fs from 'node:fs';
import path from 'node:path';
import { coverDirFor } from '../covers/files.ts';

/** Catalog settings keys (the library API's Settings page writes them; the CLI falls back to them). */
export const syncSettingKeys = { server: 'sync.server', token: 'sync.token' } as const;

/** The default rendition cache for a catalog file: `library.db` → `library.renditions/`. */
export function renditionCacheFor(dbFile: string): string {
  return path.resolve(dbFile).replace(/\.(db|sqlite3?)$/i, '') + '.renditions';
}

/**
 * The cover cache a catalog's scans used: `tonearm scan` puts it beside the file (`library.covers/`),
 * `tonearm serve` in `covers/` next to it. The first that exists, else the scan default.
 */
export function findCoverDir(dbFile: string): string {
  const candidates = [coverDirFor(dbFile), path.join(path.dirname(path.resolve(dbFile)), 'covers')];
  return candidates.find((d) => fs.existsSync(d)) ?? candidates[0] ?? coverDirFor(dbFile);
}
