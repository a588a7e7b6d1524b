// A big synthetic catalog for browsing at scale (the 100,000-track bench, the "whole list" e2e
// tests): realistic names and counts from app/search/synthetic.ts, then what a real library has
// that it lacks — genres with a long tail (the biggest holds a quarter of the albums), multi-disc
// albums, favorites and ratings. No audio files: rows for browsing, not for playing.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { refreshGenreKeys } from '../../app/catalog/migrations/0014-genre-sort.ts';
import { writeSyntheticCatalog } from '../../app/search/testing/synthetic.ts';
import { mulberry32 } from '../../app/testing/random.ts';
import { repoRoot } from './library.ts';

export interface CatalogFacts {
  file: string;
  tracks: number;
  albums: number;
  /** The genre with the most albums. */
  topGenre: { id: number; name: string; albums: number; tracks: number };
}

/** Writes the catalog (once per size: later calls reuse the file). */
export function ensureCatalog(tracks: number, seed = 7): CatalogFacts {
  const file = path.join(repoRoot, `.cache/catalogs/catalog-${tracks}-v1.db`);
  if (!fs.existsSync(`${file}.complete`)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    makeCatalog(file, tracks, seed);
    fs.writeFileSync(`${file}.complete`, new Date().toISOString());
  }
  return describe(file);
}

function makeCatalog(file: string, tracks: number, seed: number): void {
  const catalog = writeSyntheticCatalog({ file, tracks, seed });
  const db = catalog.db;
  const rnd = mulberry32(seed + 1);
  const genres = db.prepare('SELECT id FROM genres ORDER BY id').pluck().all() as number[];
  const albums = db.prepare('SELECT id, track_count AS n FROM albums ORDER BY id').all() as { id: number; n: number }[];
  // Genres by a Zipf law over their rank: the first holds ~25% of the albums, the tail a few each.
  const weights = genres.map((_, i) => 1 / (i + 1.2));
  const sum = weights.reduce((a, b) => a + b, 0);
  const pickGenre = () => {
    let r = rnd() * sum;
    for (let i = 0; i < genres.length; i++) {
      r -= weights[i] ?? 0;
      if (r <= 0) return genres[i] ?? 1;
    }
    return genres[0] ?? 1;
  };
  const tracksOf = db.prepare('SELECT id FROM tracks WHERE album_id = ? ORDER BY track_no').pluck();
  const dropGenres = db.prepare('DELETE FROM track_genres WHERE track_id IN (SELECT id FROM tracks WHERE album_id = ?)');
  const addGenre = db.prepare('INSERT OR IGNORE INTO track_genres (track_id, genre_id) VALUES (?, ?)');
  const setDisc = db.prepare('UPDATE tracks SET disc_no = ?, track_no = ? WHERE id = ?');
  const pref = db.prepare('INSERT OR REPLACE INTO item_prefs (kind, item_id, favorite, rating, favorited_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  const now = Date.now();
  db.transaction(() => {
    for (const album of albums) {
      const ids = tracksOf.all(album.id) as number[];
      const genre = pickGenre();
      dropGenres.run(album.id);
      for (const id of ids) addGenre.run(id, genre);
      // One album in twelve is a double album: its second half is disc 2, numbered from 1.
      if (ids.length >= 10 && rnd() < 1 / 12) {
        const half = Math.ceil(ids.length / 2);
        ids.forEach((id, i) => setDisc.run(i < half ? 1 : 2, i < half ? i + 1 : i - half + 1, id));
      }
      for (const id of ids) {
        const r = rnd();
        if (r < 0.03) pref.run('track', id, 1, rnd() < 0.5 ? 5 : 4, now - Math.floor(rnd() * 3e10), now);
        else if (r < 0.08) pref.run('track', id, 0, 1 + Math.floor(rnd() * 5), null, now);
      }
    }
    db.exec(refreshGenreKeys); // genres were rewritten in SQL: their sort keys follow
  })();
  db.exec('ANALYZE');
  catalog.close();
}

function describe(file: string): CatalogFacts {
  const db = new Database(file, { readonly: true });
  try {
    const count = (sql: string) => (db.prepare(sql).pluck().get() as number | undefined) ?? 0;
    const top = db.prepare(`SELECT g.id, g.name, count(DISTINCT t.album_id) AS albums, count(*) AS tracks
      FROM track_genres tg JOIN tracks t ON t.id = tg.track_id JOIN genres g ON g.id = tg.genre_id
      GROUP BY g.id ORDER BY albums DESC LIMIT 1`).get() as CatalogFacts['topGenre'];
    return { file, tracks: count('SELECT count(*) FROM tracks'), albums: count('SELECT count(*) FROM albums'), topGenre: top };
  } finally {
    db.close();
  }
}
