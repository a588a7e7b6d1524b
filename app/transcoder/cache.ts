// The rendition cache on disk: `<cache>/<fp[0..2]>/<fp>/<rung>.<ext>`, content-addressed by the
// audio fingerprint, so a tag edit or a move never re-encodes. Beside each rendition a small
// `<rung>.<ext>.json` records its RenditionResult, so a resumed run reuses it without ffprobe.
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renditionKey } from '../storage/types.ts';
import { PART_SUFFIX } from './transcode.ts';
import type { RenditionResult } from './types.ts';

/** Where one rendition lives in the cache. Validates the names as the object key does. */
export function renditionPath(cacheDir: string, fingerprint: string, rung: string, extension: string): string {
  renditionKey(fingerprint, rung, extension); // throws on a bad fingerprint or name
  return path.join(cacheDir, fingerprint.slice(0, 2), fingerprint, `${rung}.${extension}`);
}

const sidecar = (file: string): string => `${file}.json`;

/**
 * A complete rendition already in the cache, or null. Files appear under their final name only
 * when complete, so existence is enough; the sidecar supplies bitrate/duration (when it is missing
 * or disagrees with the file's size, `reprobe` is asked).
 */
export async function cachedRendition(file: string, reprobe: () => Promise<RenditionResult>): Promise<RenditionResult | null> {
  const st = await stat(file).catch(() => null);
  if (st === null || !st.isFile() || st.size === 0) return null;
  try {
    const saved = JSON.parse(await readFile(sidecar(file), 'utf8')) as RenditionResult;
    if (saved.bytes === st.size && saved.durationMs > 0) return { ...saved, file };
  } catch {
    // no or bad sidecar: probe again below
  }
  const result = await reprobe();
  await saveSidecar(result);
  return result;
}

export async function saveSidecar(result: RenditionResult): Promise<void> {
  const { file: _file, ...rest } = result;
  await writeFile(sidecar(result.file), JSON.stringify(rest) + '\n');
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes `<name>.<pid>.<hex>.part` leftovers of crashed runs (their pid is gone) next to `file`. */
export async function sweepParts(file: string): Promise<void> {
  const dir = path.dirname(file);
  const base = path.basename(file);
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(`${base}.`) || !name.endsWith(PART_SUFFIX)) continue;
    const pid = Number(name.slice(base.length + 1).split('.')[0]);
    if (Number.isInteger(pid) && !alive(pid)) await rm(path.join(dir, name), { force: true });
  }
}
