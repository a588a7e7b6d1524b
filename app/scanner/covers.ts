// Cover art: stores an image once in the cover cache (by content hash) with a grid thumbnail, and
// registers it in the catalog. Folder images win over embedded art (see scan.ts).
import fs from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { CoverStore } from '../catalog/covers.ts';
import { coverFile, coverSizes } from '../covers/files.ts';

/** sharp (libvips) is loaded on first use: a scan that meets no new cover never pays for it. */
let sharpModule: Promise<typeof import('sharp')> | null = null;
async function loadSharp(): Promise<typeof import('sharp')> {
  sharpModule ??= import('sharp').then((m) => {
    // Each image is decoded once: libvips' operation cache (50 MB by default) would only hold memory.
    m.default.cache(false);
    return m;
  });
  return sharpModule;
}

export interface CoverSource {
  data: Uint8Array;
  mime: string;
  source: 'folder' | 'embedded';
  /** Precomputed content hash, when the caller already has it. */
  hash?: string;
}

export function hashImage(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 32);
}

export function mimeForImage(file: string): string {
  const ext = path.extname(file).toLowerCase();
  return ext === '.png' ? 'image/png' : ext === '.webp' ? 'image/webp' : 'image/jpeg';
}

/**
 * Makes sure the image is in the cache and catalog; returns its hash, or null when the bytes are
 * not a decodable image (a broken cover never fails a scan).
 */
export async function storeCover(coverDir: string, covers: CoverStore, src: CoverSource, known: Set<string>): Promise<string | null> {
  const hash = src.hash ?? hashImage(src.data);
  if (known.has(hash) || covers.has(hash)) {
    known.add(hash);
    return hash;
  }
  try {
    const sharp = (await loadSharp()).default;
    const image = sharp(src.data, { failOn: 'error', limitInputPixels: 100_000_000 });
    const meta = await image.metadata();
    const mime = meta.format === 'png' ? 'image/png' : meta.format === 'webp' ? 'image/webp' : meta.format === 'gif' ? 'image/gif' : 'image/jpeg';
    const full = coverFile(coverDir, hash, 'full', mime);
    const thumb = coverFile(coverDir, hash, 'thumb');
    await fs.mkdir(path.dirname(full), { recursive: true });
    await fs.writeFile(full, src.data);
    await image.clone().resize(coverSizes.thumb, coverSizes.thumb, { fit: 'cover', withoutEnlargement: true }).webp({ quality: 78 }).toFile(thumb);
    covers.put({ hash, mime, width: meta.width ?? null, height: meta.height ?? null, bytes: src.data.length, source: src.source });
    known.add(hash);
    return hash;
  } catch {
    return null;
  }
}

