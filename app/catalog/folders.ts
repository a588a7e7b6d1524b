// Folder cover images: which image each folder has, so a new or changed cover.jpg updates the
// folder's tracks without re-reading them.
import type { Db } from './open.ts';
import { below, belowSql, within, withinSql } from './pathRange.ts';
import type { Entities } from './entities.ts';

export interface FolderImageStamp {
  path: string;
  size: number;
  mtimeMs: number;
  hash: string;
}

export interface FolderStore {
  /** Stored folder images for folders inside `roots`, keyed by folder path. */
  images(roots: readonly string[]): Map<string, FolderImageStamp>;
  /** Records a folder's image (or its absence), points the folder's tracks at it and marks the folder dirty. */
  setImage(folderPath: string, image: FolderImageStamp | null): number;
  /** Paths of the catalogued folders inside `roots` (the roots included). */
  paths(roots: readonly string[]): string[];
  /** Track paths in a folder (to re-read them when its image disappears). */
  trackPaths(folderPath: string): string[];
  /** Deletes a library root and everything catalogued below it; returns the removed track ids. */
  removeRoot(root: string): number[];
}

export function createFolderStore(db: Db, entities: Entities): FolderStore {
  const imagesWithin = db.prepare<[string, string, string], { path: string; image_path: string; image_size: number; image_mtime_ms: number; image_hash: string }>(
    `SELECT path, image_path, image_size, image_mtime_ms, image_hash FROM folders WHERE image_path IS NOT NULL AND ${withinSql}`);
  const pathsWithin = db.prepare<[string, string, string], string>(`SELECT path FROM folders WHERE ${withinSql}`).pluck();
  const update = db.prepare('UPDATE folders SET image_path = ?, image_size = ?, image_mtime_ms = ?, image_hash = ? WHERE id = ?');
  const pointTracks = db.prepare('UPDATE tracks SET cover_id = (SELECT id FROM covers WHERE hash = ?) WHERE folder_id = ?');
  const paths = db.prepare<[string], { path: string }>('SELECT t.path FROM tracks t JOIN folders f ON f.id = t.folder_id WHERE f.path = ?');
  const markDirty = db.prepare('INSERT OR IGNORE INTO dirty_folders (folder_id) VALUES (?)');
  const setImage = db.transaction((folderPath: string, image: FolderImageStamp | null) => {
    const id = entities.folderId(folderPath);
    update.run(image?.path ?? null, image?.size ?? null, image === null ? null : Math.trunc(image.mtimeMs), image?.hash ?? null, id);
    if (image) pointTracks.run(image.hash, id);
    // Album covers follow their tracks' covers: the folder's albums are refreshed by the next regroup.
    markDirty.run(id);
    return id;
  });
  const under = db.prepare<[string, string], { id: number }>(`SELECT id FROM tracks WHERE ${belowSql}`);
  const deleteTracksUnder = db.prepare(`DELETE FROM tracks WHERE ${belowSql}`);
  const deleteErrorsUnder = db.prepare(`DELETE FROM scan_errors WHERE ${belowSql}`);
  const deleteFolder = db.prepare('DELETE FROM folders WHERE path = ?');
  const removeRoot = db.transaction((root: string) => {
    const range = below(root);
    const ids = under.all(...range).map((r) => r.id);
    deleteTracksUnder.run(...range);
    deleteErrorsUnder.run(...range);
    deleteFolder.run(root); // subfolders follow by ON DELETE CASCADE
    entities.forget();
    return ids;
  });
  return {
    removeRoot: (root) => removeRoot(root),
    images(roots) {
      const out = new Map<string, FolderImageStamp>();
      for (const r of roots.flatMap((root) => imagesWithin.all(...within(root)))) {
        out.set(r.path, { path: r.image_path, size: r.image_size, mtimeMs: r.image_mtime_ms, hash: r.image_hash });
      }
      return out;
    },
    setImage: (folderPath, image) => setImage(folderPath, image),
    paths: (roots) => roots.flatMap((root) => pathsWithin.all(...within(root))),
    trackPaths: (folderPath) => paths.all(folderPath).map((r) => r.path),
  };
}
