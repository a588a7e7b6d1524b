// Scan phase for lyrics sidecars: a `.lrc` file beside an audio file with the same base name
// (`Song.flac` + `Song.lrc`, any case of the extension) belongs to that track. The walk notes them;
// here each is compared with the stamp recorded for its track and read only when new or changed; a
// sidecar that disappeared takes its lyrics with it. A file that cannot be used (binary, too large,
// unreadable) becomes a scan error with one sentence and never stops the scan. Embedded lyrics are
// read with the tags (parse.worker.ts → app/lyrics/read.ts).
import path from 'node:path';
import type { Catalog } from '../catalog/index.ts';
import type { ScanErrorInput } from '../catalog/scanErrors.ts';
import { readSidecar } from '../lyrics/read.ts';
import { fsPath } from '../text/fsPath.ts';

export interface SidecarFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface SidecarOptions {
  catalog: Catalog;
  /** The folders this scan covered. */
  scope: readonly string[];
  audio: ReadonlyArray<{ path: string }>;
  sidecars: readonly SidecarFile[];
  /** True for a modification time too recent to read the file now (still being written). */
  unsettled: (mtimeMs: number) => boolean;
}

export interface SidecarResult {
  errors: ScanErrorInput[];
  /** Tracks whose lyrics changed. */
  changedTrackIds: number[];
  /** Sidecars left for a later scan (modified too recently). */
  deferred: string[];
}

/** A path without its extension (paths from the walk are already normal). */
const baseKey = (p: string): string => p.slice(0, p.length - path.extname(p).length);

export function syncSidecarLyrics(options: SidecarOptions): SidecarResult {
  const { catalog } = options;
  const errors: ScanErrorInput[] = [];
  const changed: number[] = [];
  const deferred: string[] = [];
  const byBase = new Map(options.sidecars.map((s) => [baseKey(s.path), s]));
  const stored = new Map(options.scope.flatMap((root) => catalog.lyrics.sidecars(root)).map((s) => [s.trackId, s]));
  const kept = new Set<number>();
  for (const a of byBase.size > 0 ? options.audio : []) {
    const side = byBase.get(baseKey(a.path));
    if (!side) continue;
    const trackId = catalog.tracks.idsOf([a.path])[0];
    if (trackId === undefined) continue;
    kept.add(trackId);
    if (options.unsettled(side.mtimeMs)) {
      deferred.push(side.path);
      continue;
    }
    const before = stored.get(trackId);
    const stamp = { trackId, path: side.path, size: side.size, mtimeMs: side.mtimeMs, error: null as string | null };
    if (before && before.path === side.path && before.size === side.size && before.mtimeMs === side.mtimeMs) {
      if (before.error) errors.push({ path: side.path, reason: before.error, size: side.size, mtimeMs: side.mtimeMs });
      continue;
    }
    let lyrics = null;
    try {
      lyrics = readSidecar(fsPath(side.path));
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      stamp.error = `lyrics file not used: ${e.code ? `cannot read it (${e.code})` : e.message}`;
      errors.push({ path: side.path, reason: stamp.error, size: side.size, mtimeMs: side.mtimeMs });
    }
    catalog.lyrics.setSidecar(stamp, lyrics);
    changed.push(trackId);
  }
  for (const s of stored.values()) {
    if (kept.has(s.trackId)) continue;
    catalog.lyrics.dropSidecar(s.trackId);
    changed.push(s.trackId);
  }
  return { errors, changedTrackIds: changed, deferred };
}
