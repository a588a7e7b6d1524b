// The real folder tree: library roots, and a folder's ancestors, subfolders and tracks.
import type { Db } from '../open.ts';
import type { Folder, FolderDetail } from '../../contract/index.ts';
import { folderSelect, toFolder, type FolderRowDb } from './rows.ts';
import type { TrackQueries } from './tracks.ts';

export interface FolderQueries {
  roots(): Folder[];
  detail(id: number): FolderDetail | undefined;
}

export function createFolderQueries(db: Db, tracks: TrackQueries): FolderQueries {
  const roots = db.prepare<[], FolderRowDb>(`${folderSelect} WHERE f.is_root = 1 ORDER BY f.path`);
  const one = db.prepare<[number], FolderRowDb>(`${folderSelect} WHERE f.id = ?`);
  const children = db.prepare<[number], FolderRowDb>(`${folderSelect} WHERE f.parent_id = ? ORDER BY f.path COLLATE NOCASE`);
  const ancestors = db.prepare<[number], FolderRowDb>(`WITH RECURSIVE up(id, depth) AS (
      SELECT parent_id, 1 FROM folders WHERE id = ?
      UNION ALL SELECT p.parent_id, up.depth + 1 FROM folders p JOIN up ON p.id = up.id WHERE p.parent_id IS NOT NULL)
    ${folderSelect} JOIN up ON up.id = f.id ORDER BY up.depth DESC`);
  return {
    roots: () => roots.all().map(toFolder),
    detail(id) {
      const row = one.get(id);
      if (!row) return undefined;
      return {
        ...toFolder(row),
        ancestors: ancestors.all(id).map(toFolder),
        folders: children.all(id).map(toFolder),
        tracks: tracks.inFolder(id),
      };
    },
  };
}
