// Browse indexes deferred during a bulk load: dropped and recorded in one transaction, made again
// from the record, and made again by the next open when the load was killed in between. Real SQLite
// files; the kill itself is in app/scanner/crash.test.ts (a real `tonearm scan` SIGKILLed).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFERRABLE_INDEXES } from './bulkLoad.ts';
import { openCatalog } from './index.ts';
import { tempDir } from '../testing/temp.ts';

let dir: string;
let file: string;
const indexes = (db: Database.Database) =>
  db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all() as { name: string; sql: string }[];
const recorded = (db: Database.Database) => (db.prepare('SELECT count(*) AS n FROM deferred_indexes').get() as { n: number }).n;
const plan = (db: Database.Database, sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');

beforeEach(() => {
  dir = tempDir('tonearm-bulkload-');
  file = path.join(dir, 'lib.db');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('bulkLoad', () => {
  it('defers exactly the browse indexes of tracks, every one of which a new catalog has, and makes the same ones again', () => {
    const catalog = openCatalog({ file });
    const before = indexes(catalog.db);
    for (const name of DEFERRABLE_INDEXES) expect(before.map((i) => i.name), name).toContain(name);

    expect(catalog.bulkLoad.defer()).toBe(DEFERRABLE_INDEXES.length);
    const during = indexes(catalog.db).map((i) => i.name);
    expect(during.filter((n) => DEFERRABLE_INDEXES.includes(n))).toEqual([]);
    // What the scan itself reads stays: paths, folders, albums, fingerprints.
    expect(during).toEqual(expect.arrayContaining(['tracks_folder', 'tracks_album', 'tracks_fingerprint']));
    expect(catalog.bulkLoad.defer()).toBe(0); // already deferred: nothing more to drop, the record kept
    expect(recorded(catalog.db)).toBe(DEFERRABLE_INDEXES.length);

    expect(catalog.bulkLoad.restore()).toBe(DEFERRABLE_INDEXES.length);
    expect(indexes(catalog.db)).toEqual(before);
    expect(plan(catalog.db, 'SELECT id FROM tracks ORDER BY title COLLATE NOCASE LIMIT 50')).toContain('tracks_title_nocase');
    expect(recorded(catalog.db)).toBe(0);
    catalog.close();
  });

  it('a catalog closed (or killed) while its indexes are deferred gets them back when it is opened again', () => {
    const catalog = openCatalog({ file });
    const before = indexes(catalog.db);
    catalog.bulkLoad.defer();
    catalog.db.close(); // no restore, as after kill -9

    // Read-only opens change nothing (they may not write).
    const reader = openCatalog({ file, readonly: true });
    expect(indexes(reader.db).filter((i) => DEFERRABLE_INDEXES.includes(i.name))).toEqual([]);
    reader.close();

    const again = openCatalog({ file });
    expect(indexes(again.db)).toEqual(before);
    expect(recorded(again.db)).toBe(0);
    again.close();
  });

  it('the loader\'s own restore after another process made the indexes again only clears the record', () => {
    const loader = openCatalog({ file });
    const before = indexes(loader.db);
    loader.bulkLoad.defer();
    const other = openCatalog({ file }); // e.g. `tonearm serve` opening the catalog mid-scan
    expect(indexes(other.db)).toEqual(before);
    other.close();
    expect(loader.bulkLoad.restore()).toBe(0);
    expect(indexes(loader.db)).toEqual(before);
    loader.close();
  });
});
