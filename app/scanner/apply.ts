// Phase 4, write: parse outcomes become catalog writes in transactions of 256. A new file whose
// fingerprint matches a missing track is a move (the row keeps its id); a changed file at a known
// path updates its row; a failure becomes a scan error.
import path from 'node:path';
import type { Catalog } from '../catalog/index.ts';
import type { FileStamp } from '../catalog/model.ts';
import type { TrackWrite } from '../catalog/tracks.ts';
import type { ScanErrorInput } from '../catalog/scanErrors.ts';
import { storeCover } from './covers.ts';
import type { MoveMatcher } from './diff.ts';
import type { ParseOutcome } from './parseFile.ts';
import type { WalkedFile } from './walk.ts';

const BATCH = 256;

export interface ApplyOptions {
  catalog: Catalog;
  coverDir: string;
  stamps: ReadonlyMap<string, FileStamp>;
  moves: MoveMatcher;
  folderCovers: ReadonlyMap<string, Promise<string | null>>;
  knownCovers: Set<string>;
  /**
   * Folder → how many of its files are still to be read. A folder whose last file has been written
   * is grouped into albums right after that write, while the workers go on reading: the end of the
   * scan then only groups what moves and removals touched.
   */
  unread?: Map<string, number>;
  onWriting?: (writing: boolean) => void;
}

export interface Applier {
  accept(file: WalkedFile, outcome: ParseOutcome): Promise<void>;
  /** Writes what is pending. */
  flush(): void;
  readonly counts: { added: number; updated: number; moved: number };
  readonly errors: ScanErrorInput[];
  /** Paths read successfully (new tracks among them get their ids looked up after the last write). */
  readonly parsed: string[];
  /** Ids of updated and moved tracks (new ones are looked up after the last write). */
  readonly changedIds: Set<number>;
}

export function createApplier(options: ApplyOptions): Applier {
  const { catalog, stamps, moves } = options;
  const counts = { added: 0, updated: 0, moved: 0 };
  const errors: ScanErrorInput[] = [];
  const parsed: string[] = [];
  const changedIds = new Set<number>();
  let pending: TrackWrite[] = [];
  /** Folders whose files have all been read, with a track among them, not grouped yet. */
  let complete: string[] = [];
  const withTracks = new Set<string>();

  const flush = (): void => {
    if (pending.length === 0) return;
    options.onWriting?.(true);
    catalog.tracks.write(pending); // marks the folders it touched dirty, for the regroup
    pending = [];
    // Every folder in `complete` is written now: group it (which clears its dirty mark).
    if (complete.length > 0) catalog.albums.regroup(complete.map((f) => catalog.entities.folderId(f)));
    complete = [];
    options.onWriting?.(false);
  };
  const done = (file: WalkedFile, ok: boolean): void => {
    const folder = path.dirname(file.path);
    if (ok) withTracks.add(folder);
    if (!options.unread) return;
    const left = (options.unread.get(folder) ?? 0) - 1;
    options.unread.set(folder, left);
    if (left === 0 && withTracks.has(folder)) complete.push(folder);
  };

  return {
    counts, errors, parsed, changedIds, flush,
    async accept(file, outcome) {
      if (!outcome.ok) {
        errors.push({ path: file.path, reason: outcome.reason, size: file.size, mtimeMs: file.mtimeMs });
        done(file, false);
        return;
      }
      let coverHash = (await options.folderCovers.get(path.dirname(file.path))) ?? null;
      if (coverHash === null && outcome.cover) {
        coverHash = await storeCover(options.coverDir, catalog.covers, { ...outcome.cover, source: 'embedded' }, options.knownCovers);
      }
      const input = { ...outcome.track, coverHash };
      const stamp = stamps.get(file.path);
      const from = stamp ? undefined : moves.match(input.fingerprint);
      if (stamp) {
        counts.updated++;
        changedIds.add(stamp.id);
      } else if (from) {
        counts.moved++;
        changedIds.add(from.id);
      } else {
        counts.added++;
      }
      pending.push(from ? { input, movedFromId: from.id } : { input });
      parsed.push(file.path);
      done(file, true);
      if (pending.length >= BATCH) flush();
    },
  };
}
