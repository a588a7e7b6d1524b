// Where cover images live in the cover cache directory: by content hash, plus sized variants.
import fs from 'node:fs/promises';
import path from 'node:path';

export const coverSizes = { thumb: 256, medium: 600 } as const;
export type CoverVariant = keyof typeof coverSizes | 'full';

const extByMime: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif', 'image/bmp': 'bmp' };

export function extensionFor(mime: string): string {
  return extByMime[mime] ?? 'img';
}

/** The file for a cover's original bytes or one of its sized variants (always WebP). */
export function coverFile(coverDir: string, hash: string, variant: CoverVariant, mime = 'image/jpeg'): string {
  const dir = path.join(coverDir, hash.slice(0, 2));
  return variant === 'full' ? path.join(dir, `${hash}.${extensionFor(mime)}`) : path.join(dir, `${hash}-${variant}.webp`);
}

/** The default cover cache for a catalog file: `library.db` → `library.covers/`. */
export function coverDirFor(dbFile: string): string {
  const resolved = path.resolve(dbFile);
  return resolved.replace(/\.(db|sqlite3?)$/i, '') + '.covers';
}

/** Deletes every cached file (original and variants) of the given cover hashes. */
export async function removeCoverFiles(coverDir: string, hashes: readonly string[]): Promise<void> {
  for (const hash of hashes) {
    const dir = path.join(coverDir, hash.slice(0, 2));
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => n.startsWith(hash)).map((n) => fs.rm(path.join(dir, n), { force: true })));
  }
}
