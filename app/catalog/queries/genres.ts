// Genre read queries.
import type { Db } from '../open.ts';
import type { Genre } from '../../contract/index.ts';

export interface GenreQueries {
  all(): Genre[];
  exists(id: number): boolean;
}

export function createGenreQueries(db: Db): GenreQueries {
  const all = db.prepare<[], Genre>(`SELECT g.id, g.name, count(*) AS trackCount, count(DISTINCT t.album_id) AS albumCount
    FROM genres g JOIN track_genres tg ON tg.genre_id = g.id JOIN tracks t ON t.id = tg.track_id
    GROUP BY g.id ORDER BY g.name_key`);
  const exists = db.prepare<[number], { id: number }>('SELECT id FROM genres WHERE id = ?');
  return {
    all: () => all.all(),
    exists: (id) => exists.get(id) !== undefined,
  };
}
