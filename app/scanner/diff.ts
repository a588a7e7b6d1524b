// Phase 2, diff: what the walk found against what the catalog holds. Pure: no I/O.
import { filesize } from 'filesize';
import path from 'node:path';
import type { FileStamp } from '../catalog/model.ts';
import type { FolderImageStamp } from '../catalog/folders.ts';
import type { ScanErrorInput } from '../catalog/scanErrors.ts';
import type { FolderImage, WalkResult, WalkedFile } from './walk.ts';

export interface DiffInput {
  /** Catalogued tracks in the scanned scope, by path. */
  stamps: ReadonlyMap<string, FileStamp>;
  /** Recorded scan errors in the scope, by path. */
  errorStamps: ReadonlyMap<string, { size: number | null; mtimeMs: number | null }>;
  /** Folder images recorded in the scope, by folder. */
  storedImages: ReadonlyMap<string, FolderImageStamp>;
  /** True for a modification time too recent to read the file now (still being written). */
  unsettled: (mtimeMs: number) => boolean;
  /** Read every file again, changed or not (the catalog was made by an older reader: scan.ts). */
  rereadAll?: boolean;
}

/**
 * The diff taken as the walk goes: `add` sorts a folder's files as soon as the walk has listed it
 * (a first scan reads them while the walk goes on), `finish` adds what needs the whole walk.
 */
export interface Differ {
  /** Sorts walked files (with the folder images found so far): returns those to read. */
  add(files: readonly WalkedFile[], images: ReadonlyMap<string, FolderImage>): WalkedFile[];
  /** The diff of everything added, once the walk is complete. */
  finish(walked: WalkResult): Diff;
}

export interface MissingTrack {
  id: number;
  path: string;
  fingerprint: string;
}

export interface Diff {
  /** New or changed files that must be read. */
  toParse: WalkedFile[];
  /** Files rejected without being read (empty, sparse, absurd), with the walk's own errors. */
  rejected: ScanErrorInput[];
  unchanged: number;
  /** Bad files unchanged since their error was recorded: not retried. */
  knownBad: number;
  /** Files left for a later scan (modified too recently). */
  deferred: string[];
  /** Catalogued tracks not found on disk: moved (if a new file has their fingerprint) or removed. */
  missing: MissingTrack[];
  /** Recorded errors whose file is gone: to clear. */
  staleErrors: string[];
}

export function createDiff(input: DiffInput): Differ {
  const { stamps, errorStamps, storedImages } = input;
  /** Walked files that are catalogued: when that is all the stamps, none is missing. */
  let catalogued = 0;
  const toParse: WalkedFile[] = [];
  const rejected: ScanErrorInput[] = [];
  let unchanged = 0;
  let knownBad = 0;
  const staleErrors: string[] = [];
  const deferred: string[] = [];
  // A folder that lost its image: its tracks are re-read for their embedded art.
  const imageGone = (folder: string, images: ReadonlyMap<string, FolderImage>): boolean => storedImages.has(folder) && !images.has(folder);

  return {
    add(files, images) {
      const read: WalkedFile[] = [];
      for (const f of files) {
        const stamp = stamps.get(f.path);
        if (stamp) catalogued++;
        if (input.unsettled(f.mtimeMs)) {
          deferred.push(f.path);
          continue;
        }
        if (!input.rereadAll && stamp && stamp.size === f.size && stamp.mtimeMs === f.mtimeMs && (storedImages.size === 0 || !imageGone(path.dirname(f.path), images))) {
          unchanged++;
          if (errorStamps.has(f.path)) staleErrors.push(f.path); // a catalogued file's leftover error
          continue;
        }
        const bad = errorStamps.get(f.path);
        if (!input.rereadAll && !stamp && bad && bad.size === f.size && bad.mtimeMs === f.mtimeMs) {
          knownBad++;
          continue;
        }
        const reason = precheck(f);
        if (reason) rejected.push({ path: f.path, reason, size: f.size, mtimeMs: f.mtimeMs });
        else read.push(f);
      }
      for (const f of read) toParse.push(f);
      return read;
    },
    finish(walked) {
      const missing: MissingTrack[] = [];
      // A set of every walked path only when something may be missing or an error may be stale.
      const seen = catalogued < stamps.size || errorStamps.size > 0 ? new Set(walked.files.map((f) => f.path)) : new Set<string>();
      if (catalogued < stamps.size) for (const [p, s] of stamps) if (!seen.has(p)) missing.push({ id: s.id, path: p, fingerprint: s.fingerprint });
      const walkErrors = new Set(walked.errors.map((e) => e.path));
      for (const p of errorStamps.keys()) if (!seen.has(p) && !walkErrors.has(p)) staleErrors.push(p);
      return { toParse, rejected: [...walked.errors, ...rejected], unchanged, knownBad, deferred, missing, staleErrors };
    },
  };
}

/** The whole diff at once, after the walk. */
export function diff(input: DiffInput & { walked: WalkResult }): Diff {
  const differ = createDiff(input);
  differ.add(input.walked.files, input.walked.images);
  return differ.finish(input.walked);
}

/** Cheap checks before a file reaches a worker: empty, sparse (mostly holes) or absurdly large. */
export function precheck(f: WalkedFile): string | null {
  if (f.size === 0) return 'empty file (0 bytes)';
  if (f.size > 64 * 1024 * 1024 && f.allocated < f.size / 8) {
    return `sparse file: ${formatBytes(f.size)} with only ${formatBytes(f.allocated)} on disk is not audio`;
  }
  if (f.size > 16 * 1024 ** 3) return `file too large to be a track (${formatBytes(f.size)})`;
  return null;
}

/** Matches new files to missing tracks by audio fingerprint: a match is a move. */
export interface MoveMatcher {
  match(fingerprint: string): MissingTrack | undefined;
  /** Missing tracks no new file matched: really removed. */
  unmatched(): MissingTrack[];
}

export function createMoveMatcher(missing: readonly MissingTrack[]): MoveMatcher {
  const byFingerprint = new Map<string, MissingTrack[]>();
  for (const m of missing) {
    const list = byFingerprint.get(m.fingerprint) ?? [];
    list.push(m);
    byFingerprint.set(m.fingerprint, list);
  }
  const matched = new Set<number>();
  return {
    match(fingerprint) {
      const hit = byFingerprint.get(fingerprint)?.shift();
      if (hit) matched.add(hit.id);
      return hit;
    },
    unmatched: () => missing.filter((m) => !matched.has(m.id)),
  };
}

const formatBytes = (n: number): string => filesize(n, { base: 2, standard: 'jedec', round: 1 });
