// Cover art: stores an image once in the cover cache (by content hash) and registers it in the
// catalog. Folder images win over embedded art (see scan.ts). Nothing is decoded here: the format and
// size come from the image header (imageInfo.ts); thumbnails are made on first request and cached
// (app/server/covers.ts), so a scan never loads libvips.
import fs from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { CoverStore } from '../catalog/covers.ts';
import { coverFile } from '../covers/files.ts';
import { imageInfo } from './imageInfo.ts';

export interface CoverSource {
  /** Null for an image known by its hash only (stored already, or else not stored: null is answered). */
  data: Uint8Array | null;
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
 * not an image (a broken cover never fails a scan).
 */
export async function storeCover(coverDir: string, covers: CoverStore, src: CoverSource, known: Set<string>): Promise<string | null> {
  const hash = src.hash ?? (src.data ? hashImage(src.data) : null);
  if (hash === null) return null;
  if (known.has(hash) || covers.has(hash)) {
    known.add(hash);
    return hash;
  }
  if (!src.data) return null;
  const info = imageInfo(src.data);
  if (!info) return null;
  try {
    const full = coverFile(coverDir, hash, 'full', info.mime);
    await fs.mkdir(path.dirname(full), { recursive: true });
    await fs.writeFile(full, src.data);
    covers.put({ hash, mime: info.mime, width: info.width, height: info.height, bytes: src.data.length, source: src.source });
    known.add(hash);
    return hash;
  } catch {
    return null;
  }
}

