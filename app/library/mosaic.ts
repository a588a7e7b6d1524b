// Playlist cover mosaic: up to 4 distinct album covers as a 2×2 WebP (sharp), cached in the cover
// directory under the hash of its tiles, so an unchanged set of covers is never composed twice.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { CoverStore } from '../catalog/covers.ts';
import { coverFile, coverSizes } from '../covers/files.ts';

export interface Mosaic {
  file: string;
  /** Content key (hash of the tile covers and size): the ETag. */
  key: string;
}

const pending = new Map<string, Promise<void>>();

/** Tile order for 1–4 covers: always a full 2×2 grid (a, b / b, a for two; a, b / c, a for three). */
export function tileOrder<T>(covers: readonly T[]): T[] {
  const [a, b, c, d] = covers;
  if (a === undefined) return [];
  if (b === undefined) return [a, a, a, a];
  if (c === undefined) return [a, b, b, a];
  if (d === undefined) return [a, b, c, a];
  return [a, b, c, d];
}

/** Builds (once) and returns the mosaic of `coverIds`; undefined when none of them has an image. */
export async function playlistMosaic(options: { covers: CoverStore; coverDir: string; coverIds: readonly number[]; size: 'thumb' | 'medium' | 'full' }): Promise<Mosaic | undefined> {
  const rows = options.coverIds.flatMap((id) => {
    const c = options.covers.get(id);
    if (!c) return [];
    const file = coverFile(options.coverDir, c.hash, 'full', c.mime);
    return fs.existsSync(file) ? [{ hash: c.hash, file }] : [];
  }).slice(0, 4);
  if (rows.length === 0) return undefined;
  const px = options.size === 'full' ? 1200 : coverSizes[options.size];
  const key = crypto.createHash('sha256').update(`${rows.map((r) => r.hash).join(',')}:${px}`).digest('hex').slice(0, 32);
  const file = path.join(options.coverDir, 'mosaics', `${key}.webp`);
  let job = pending.get(file);
  if (!job) {
    job = (async () => {
      if (fs.existsSync(file)) return;
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      const tile = Math.floor(px / 2);
      const tiles = await Promise.all(tileOrder(rows).map((r) => sharp(r.file).rotate().resize(tile, tile, { fit: 'cover' }).toBuffer()));
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      try {
        await sharp({ create: { width: tile * 2, height: tile * 2, channels: 3, background: { r: 0, g: 0, b: 0 } } })
          .composite(tiles.map((input, i) => ({ input, left: (i % 2) * tile, top: Math.floor(i / 2) * tile })))
          .webp({ quality: 82 }).toFile(tmp);
        await fs.promises.rename(tmp, file);
      } finally {
        await fs.promises.rm(tmp, { force: true });
      }
    })().finally(() => pending.delete(file));
    pending.set(file, job);
  }
  await job;
  return { file, key };
}
