// Folder cover images: which image each folder has, so a new or changed cover.jpg updates the
// folder's tracks without re-reading them.
import type { Db } from './open.ts';
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
  /** Records a folder's image (or its absence) and points the folder's tracks at it. */
  setImage(folderPath: string, image: FolderImageStamp | null): number;
  /** Track paths in a folder (to re-read them when its image disappears). */
  trackPaths(folderPath: string): string[];
}

export function createFolderStore(db: Db, entities: Entities): FolderStore {
  const all = db.prepare<[], { path: string; image_path: string; image_size: number; image_mtime_ms: number; image_hash: string }>(
    'SELECT path, image_path, image_size, image_mtime_ms, image_hash FROM folders WHERE image_path IS NOT NULL');
  const update = db.prepare('UPDATE folders SET image_path = ?, image_size = ?, image_mtime_ms = ?, image_hash = ? WHERE id = ?');
  const pointTracks = db.prepare('UPDATE tracks SET cover_id = (SELECT id FROM covers WHERE hash = ?) WHERE folder_id = ?');
  const paths = db.prepare<[string], { path: string }>('SELECT t.path FROM tracks t JOIN folders f ON f.id = t.folder_id WHERE f.path = ?');
  const setImage = db.transaction((folderPath: string, image: FolderImageStamp | null) => {
    const id = entities.folderId(folderPath);
    update.run(image?.path ?? null, image?.size ?? null, image === null ? null : Math.trunc(image.mtimeMs), image?.hash ?? null, id);
    if (image) pointTracks.run(image.hash, id);
    return id;
  });
  return {
    images(roots) {
      const out = new Map<string, FolderImageStamp>();
      for (const r of all.iterate()) {
        if (!roots.some((root) => r.path === root || r.path.startsWith(root + '/'))) continue;
        out.set(r.path, { path: r.image_path, size: r.image_size, mtimeMs: r.image_mtime_ms, hash: r.image_hash });
      }
      return out;
    },
    setImage: (folderPath, image) => setImage(folderPath, image),
    trackPaths: (folderPath) => paths.all(folderPath).map((r) => r.path),
  };
}
