// Folder images (cover.jpg…): a new or changed one is stored and its folder's tracks point at it
// without being re-read; a removed one is forgotten (diff re-reads the tracks for embedded art).
// Storing runs concurrently with parsing; a folder's track waits only for its own folder's image.
import fs from 'node:fs';
import type { Catalog } from '../catalog/index.ts';
import type { FolderImageStamp } from '../catalog/folders.ts';
import { hashImage, mimeForImage, storeCover } from './covers.ts';
import type { FolderImage } from './walk.ts';
import { fsPath } from '../text/fsPath.ts';

export interface FolderImagesOptions {
  catalog: Catalog;
  coverDir: string;
  folders: Iterable<string>;
  found: ReadonlyMap<string, FolderImage>;
  stored: ReadonlyMap<string, FolderImageStamp>;
  knownCovers: Set<string>;
}

/** Folder → the hash of its image once stored (null when the image is unreadable). */
export function storeFolderImages(options: FolderImagesOptions): Map<string, Promise<string | null>> {
  const { catalog, found, stored } = options;
  const covers = new Map<string, Promise<string | null>>();
  for (const folder of options.folders) {
    const image = found.get(folder);
    const before = stored.get(folder);
    if (!image) {
      if (before) catalog.folders.setImage(folder, null);
      continue;
    }
    if (before && before.path === image.path && before.size === image.size && before.mtimeMs === image.mtimeMs) {
      covers.set(folder, Promise.resolve(before.hash));
      continue;
    }
    covers.set(folder, (async () => {
      const data = readSmallFile(image.path, 32 * 1024 * 1024);
      if (!data) return null;
      const hash = await storeCover(options.coverDir, catalog.covers, { data, mime: mimeForImage(image.path), source: 'folder', hash: hashImage(data) }, options.knownCovers);
      if (hash) catalog.folders.setImage(folder, { path: image.path, size: image.size, mtimeMs: image.mtimeMs, hash });
      return hash;
    })());
  }
  return covers;
}

function readSmallFile(file: string, max: number): Buffer | null {
  try {
    const st = fs.statSync(fsPath(file));
    if (!st.isFile() || st.size === 0 || st.size > max) return null;
    return fs.readFileSync(fsPath(file));
  } catch {
    return null;
  }
}
