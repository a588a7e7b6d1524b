// Artists, genres and folders: small lookup tables resolved by name or path, with in-memory caches.
import path from 'node:path';
import type { Db } from './open.ts';
import { fold, sortKey } from '../text/fold.ts';

export interface Entities {
  artistId(name: string): number;
  genreId(name: string): number;
  folderId(folderPath: string): number;
  /** Marks a library root (the top of a folder tree). */
  rootId(rootPath: string): number;
  forget(): void;
}

export function createEntities(db: Db): Entities {
  const artists = new Map<string, number>();
  const genres = new Map<string, number>();
  const folders = new Map<string, number>();
  const findArtist = db.prepare<[string], { id: number }>('SELECT id FROM artists WHERE name_key = ?');
  const insertArtist = db.prepare('INSERT INTO artists (name, name_key, sort_name) VALUES (?, ?, ?)');
  const findGenre = db.prepare<[string], { id: number }>('SELECT id FROM genres WHERE name_key = ?');
  const insertGenre = db.prepare('INSERT INTO genres (name, name_key) VALUES (?, ?)');
  const findFolder = db.prepare<[string], { id: number }>('SELECT id FROM folders WHERE path = ?');
  const insertFolder = db.prepare('INSERT INTO folders (path, parent_id, is_root) VALUES (?, ?, ?)');
  const markRoot = db.prepare('UPDATE folders SET is_root = 1, parent_id = NULL WHERE id = ?');

  function lookup(cache: Map<string, number>, key: string, find: () => { id: number } | undefined, create: () => number): number {
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const id = find()?.id ?? create();
    cache.set(key, id);
    return id;
  }

  const entities: Entities = {
    artistId(name) {
      const key = fold(name);
      return lookup(artists, key, () => findArtist.get(key), () => Number(insertArtist.run(name, key, sortKey(name)).lastInsertRowid));
    },
    genreId(name) {
      const key = fold(name);
      return lookup(genres, key, () => findGenre.get(key), () => Number(insertGenre.run(name, key).lastInsertRowid));
    },
    rootId(rootPath) {
      const id = entities.folderId(rootPath);
      markRoot.run(id);
      return id;
    },
    folderId(folderPath) {
      return lookup(folders, folderPath, () => findFolder.get(folderPath), () => {
        const parent = path.dirname(folderPath);
        const parentRow = parent !== folderPath ? findFolder.get(parent) : undefined;
        // Parents are created only below a known folder (a root is registered first).
        const parentId = parentRow?.id ?? (parent !== folderPath && hasAncestor(parent) ? entities.folderId(parent) : null);
        return Number(insertFolder.run(folderPath, parentId, 0).lastInsertRowid);
      });
    },
    forget() {
      artists.clear();
      genres.clear();
      folders.clear();
    },
  };

  const rootRows = db.prepare<[], { path: string }>('SELECT path FROM folders WHERE is_root = 1');
  function hasAncestor(p: string): boolean {
    for (const r of rootRows.all()) {
      if (p === r.path || p.startsWith(r.path + path.sep)) return true;
    }
    return false;
  }
  return entities;
}
