// Cover images: the original (`full`) or a WebP variant (thumb 256 px, medium 600 px), generated
// on first request with sharp and cached beside the original (see app/covers/files.ts).
// Content-addressed, so responses are immutable and the ETag is the hash.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { RequestHandler } from 'express';
import type { CoverStore } from '../catalog/covers.ts';
import { coverFile, coverSizes, type CoverVariant } from '../covers/files.ts';
import { notFound } from '../http/errors.ts';
import { controlRoutes } from '../contract/index.ts';
import { parseRequest } from '../http/mount.ts';

export interface CoverOptions {
  covers: CoverStore;
  coverDir: string;
}

const pending = new Map<string, Promise<void>>();

/** Writes a resized WebP of `source` to `target` (once, even with concurrent requests). */
export function ensureVariant(source: string, target: string, size: number): Promise<void> {
  const running = pending.get(target);
  if (running) return running;
  const job = (async () => {
    if (fs.existsSync(target)) return;
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await sharp(source).rotate().resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true }).webp({ quality: 82 }).toFile(tmp);
      await fs.promises.rename(tmp, target);
    } finally {
      await fs.promises.rm(tmp, { force: true });
    }
  })().finally(() => pending.delete(target));
  pending.set(target, job);
  return job;
}

export function coverHandler(options: CoverOptions): RequestHandler {
  return async (req, res, next) => {
    const { params: { id }, query: { size } } = parseRequest(controlRoutes.cover, req);
    const cover = options.covers.get(id);
    if (!cover) throw notFound(`cover ${id} not found`);
    const original = coverFile(options.coverDir, cover.hash, 'full', cover.mime);
    if (!fs.existsSync(original)) throw notFound(`the image of cover ${id} is missing`);
    const variant: CoverVariant = size;
    let file = original;
    let type = cover.mime;
    if (variant !== 'full') {
      file = coverFile(options.coverDir, cover.hash, variant, cover.mime);
      await ensureVariant(original, file, coverSizes[variant]);
      type = 'image/webp';
    }
    res.setHeader('ETag', `"${cover.hash}-${variant}"`);
    res.sendFile(file, {
      etag: false, lastModified: false, cacheControl: false, dotfiles: 'allow',
      headers: { 'Content-Type': type, 'Cache-Control': 'public, max-age=31536000, immutable' },
    }, (error?: Error) => {
      const err = error as (Error & { code?: string }) | undefined;
      if (!err || res.headersSent || err.code === 'ECONNABORTED') return;
      next(notFound(`the image of cover ${id} is missing`));
    });
  };
}
