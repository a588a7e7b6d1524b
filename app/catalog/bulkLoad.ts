// Browse indexes built once after a bulk load instead of row by row during it. A first scan into a
// new catalog writes every track once, and each insert also updates every index of `tracks`; the
// nine that only serve browse sorts cost the writer (the scan's main thread, which shares the cores
// with the tag readers) more than building them from the finished table does (~25 ms at 10k).
// `tonearm scan` of 10k tracks into a new catalog, interleaved A/B: −9% wall, −5% CPU; at 2k −1 to −5%.
//
// Crash-safe: `defer` drops the indexes and records each one's SQL in `deferred_indexes` in one
// transaction; `restore` makes them from that table and empties it in one transaction; `openDb`
// restores whatever a killed bulk load left before it does anything else (`restoreDeferred`).
// Indexes the scan itself reads (path, folder, album, fingerprint) are never deferred.
// The database type from the driver itself: open.ts imports this module (no cycle).
import type Database from 'better-sqlite3';

type Db = Database.Database;

/** The indexes of `tracks` that only browse sorts read. */
export const DEFERRABLE_INDEXES: readonly string[] = [
  'tracks_title_nocase', 'tracks_artist_nocase', 'tracks_year', 'tracks_duration', 'tracks_bitrate',
  'tracks_codec', 'tracks_track_no', 'tracks_added', 'tracks_genre_key',
];

export interface BulkLoad {
  /** Drops the browse indexes, recording them to be made again; how many it dropped. */
  defer(): number;
  /** Makes every recorded index again; how many it made. */
  restore(): number;
}

export function createBulkLoad(db: Db): BulkLoad {
  const defer = db.transaction((): number => {
    const found = db.prepare<[string], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?");
    const record = db.prepare('INSERT OR IGNORE INTO deferred_indexes (name, sql) VALUES (?, ?)');
    let dropped = 0;
    for (const name of DEFERRABLE_INDEXES) {
      const index = found.get(name);
      if (!index) continue;
      record.run(name, index.sql);
      db.prepare(`DROP INDEX ${name}`).run();
      dropped++;
    }
    return dropped;
  });
  return { defer: () => defer(), restore: () => restoreDeferred(db) };
}

/** Makes every index a bulk load deferred (none when the catalog has no such table yet). */
export function restoreDeferred(db: Db): number {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'deferred_indexes'").get();
  if (!table) return 0;
  return db.transaction((): number => {
    const rows = db.prepare<[], { name: string; sql: string }>('SELECT name, sql FROM deferred_indexes ORDER BY name').all();
    for (const { name, sql } of rows) {
      // Made already (another process opened the catalog meanwhile): only the record is left.
      if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?").get(name)) db.prepare(sql).run();
    }
    db.prepare('DELETE FROM deferred_indexes').run();
    return rows.length;
  })();
}
