// Cover art registry: one row per distinct image (by content hash); files live in a cache directory.
import type { Db } from './open.ts';

export interface CoverInput {
  hash: string;
  mime: string;
  width: number | null;
  height: number | null;
  bytes: number;
  source: 'folder' | 'embedded';
}

export interface CoverRow extends CoverInput {
  id: number;
}

export interface CoverStore {
  has(hash: string): boolean;
  put(cover: CoverInput): number;
  get(id: number): CoverRow | undefined;
}

export function createCoverStore(db: Db): CoverStore {
  const find = db.prepare<[string], { id: number }>('SELECT id FROM covers WHERE hash = ?');
  const insert = db.prepare(`INSERT INTO covers (hash, mime, width, height, bytes, source) VALUES (@hash, @mime, @width, @height, @bytes, @source)
    ON CONFLICT(hash) DO NOTHING`);
  const byId = db.prepare<[number], CoverRow>('SELECT id, hash, mime, width, height, bytes, source FROM covers WHERE id = ?');
  return {
    has: (hash) => find.get(hash) !== undefined,
    put(cover) {
      insert.run(cover);
      const row = find.get(cover.hash);
      if (!row) throw new Error(`cover ${cover.hash} was not stored`);
      return row.id;
    },
    get: (id) => byId.get(id),
  };
}
