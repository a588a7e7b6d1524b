// kill -9 at any moment of a scan, then a scan: the catalog is exactly what a clean scan gives. Each
// case runs the real CLI (`tonearm scan`) as a child that SIGKILLs itself at a chosen point (see
// testing/crashAt.ts), then scans again normally and compares canonical dumps of the catalogs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { dumpCatalog, type CatalogDump } from '../catalog/testing/dump.ts';
import { generatedLibrary, retag, writeImage, writeTracks } from '../testing/audio.ts';
import { tempDir } from '../testing/temp.ts';

const CLI = path.resolve(import.meta.dirname, '../cli/main.ts');
const PRELOAD = path.resolve(import.meta.dirname, 'testing/crashAt.ts');

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function scanChild(music: string, db: string, crashAt?: string): Run {
  const args = [...(crashAt ? ['--import', PRELOAD] : []), CLI, 'scan', music, '--db', db, '--threads', '2', '--json'];
  const env = { ...process.env, ...(crashAt ? { TONEARM_CRASH_AT: crashAt } : {}) };
  const r = spawnSync(process.execPath, args, { env, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, signal: r.signal, stderr: r.stderr };
}

function dump(db: string): CatalogDump {
  const conn = new Database(db, { readonly: true });
  try {
    return dumpCatalog(conn);
  } finally {
    conn.close();
  }
}

function copyCatalog(from: string, to: string): void {
  fs.copyFileSync(from, to);
  const covers = (f: string) => f.replace(/\.db$/, '.covers');
  if (fs.existsSync(covers(from))) fs.cpSync(covers(from), covers(to), { recursive: true });
}

describe('scan: kill -9 at any moment, then a scan, gives the clean catalog', () => {
  let dir: string;
  let music: string;
  let cleanFirst: CatalogDump;
  let base: string;
  let cleanRescan: CatalogDump;
  let n = 0;

  beforeAll(async () => {
    dir = tempDir('tonearm-crash-');
    music = path.join(dir, 'music');
    await generatedLibrary({ tracks: 300, cacheDir: music });
    fs.rmSync(`${music}.complete`);
    // Files the scan must record as errors, and untagged files grouped by folder.
    fs.writeFileSync(path.join(music, 'Artist 01/random.mp3'), Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919 + 13) % 251)));
    await writeTracks(music, [{ path: 'Loose/untitled one.mp3', format: 'mp3' }, { path: 'Loose/untitled two.flac', format: 'flac' }]);
    // An album across two folders (the rescan deletes one of them).
    const split = (title: string) => ({ title, artist: 'Split', album: 'Two Discs' });
    await writeTracks(music, [
      { path: 'Split/Two Discs/CD1/1.mp3', format: 'mp3', tags: split('One') },
      { path: 'Split/Two Discs/CD1/2.mp3', format: 'mp3', tags: split('Two') },
      { path: 'Split/Two Discs/CD2/3.mp3', format: 'mp3', tags: split('Three') },
    ]);
    base = path.join(dir, 'base.db');
    expect(scanChild(music, base).status).toBe(0);
    cleanFirst = dump(base);
    expect(cleanFirst.tracks.length).toBe(305);
    expect(cleanFirst.scanErrors.length).toBe(1);
  }, 240_000);
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['walk', 'readdir:5'],
    ['parse (before any write)', 'open:20'],
    ['cover storing', 'sql:INSERT INTO covers:2'],
    ['write, inside a batch', 'sql:INSERT INTO tracks (:290'],
    ['write, right after a committed batch', 'sql:INSERT INTO tracks (:257'],
    ['scan errors', 'sql:INSERT INTO scan_errors:1'],
    ['group', 'sql:UPDATE tracks SET album_id:40'],
    ['prune', 'sql:DELETE FROM albums WHERE NOT EXISTS:1'],
    ['dropping the browse indexes (a new catalog\'s bulk load)', 'sql:DROP INDEX:4'],
    ['making the browse indexes again', 'sql:CREATE INDEX:3'],
  ])('first scan killed during %s', (_phase, crashAt) => {
    const db = path.join(dir, `first-${++n}.db`);
    const killed = scanChild(music, db, crashAt);
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    const again = scanChild(music, db);
    expect(again.status, again.stderr).toBe(0);
    expect(dump(db)).toEqual(cleanFirst);
  }, 120_000);

  describe('rescan after moves, edits, removals and cover changes', () => {
    beforeAll(async () => {
      const albums = fs.readdirSync(path.join(music, 'Artist 02')).map((a) => path.join(music, 'Artist 02', a));
      fs.rmSync(path.join(music, 'Artist 03'), { recursive: true });
      fs.renameSync(path.join(music, 'Artist 04'), path.join(music, 'Artist 04 (moved)'));
      const first = albums[0] ?? '';
      const files = fs.readdirSync(first).filter((f) => !f.endsWith('.jpg')).slice(0, 3);
      for (const f of files) await retag(path.join(first, f), { album: 'Retagged Album', artist: 'Someone Else' });
      for (const a of albums) {
        const cover = path.join(a, 'cover.jpg');
        if (fs.existsSync(cover)) fs.rmSync(cover);
        else await writeImage(cover, { color: 'olive' });
      }
      await writeTracks(music, [
        { path: 'New Artist/New Album/01 One.mp3', format: 'mp3', tags: { title: 'One', artist: 'New Artist', album: 'New Album' } },
        { path: 'New Artist/New Album/02 Two.mp3', format: 'mp3', tags: { title: 'Two', artist: 'New Artist', album: 'New Album' } },
      ]);
      fs.rmSync(path.join(music, 'Artist 01/random.mp3'));
      fs.rmSync(path.join(music, 'Split/Two Discs/CD2'), { recursive: true });
      const clean = path.join(dir, 'rescan-clean.db');
      copyCatalog(base, clean);
      expect(scanChild(music, clean).status).toBe(0);
      cleanRescan = dump(clean);
      expect(cleanRescan).not.toEqual(cleanFirst);
    }, 120_000);

    it('an incremental rescan gives the catalog a fresh scan of the same files gives', () => {
      const fresh = path.join(dir, 'rescan-fresh.db');
      expect(scanChild(music, fresh).status).toBe(0);
      expect(cleanRescan).toEqual(dump(fresh));
    }, 120_000);

    it.each([
      ['folder image update', 'sql:UPDATE folders SET image_path:1'],
      ['write (a move)', 'sql:UPDATE tracks SET path:1'],
      ['write (an update)', 'sql:INSERT INTO tracks (:2'],
      ['removal', 'sql:DELETE FROM tracks WHERE id:1'],
      ['group', 'sql:UPDATE tracks SET album_id:3'],
      ['prune', 'sql:DELETE FROM albums WHERE NOT EXISTS:1'],
    ])('killed during %s', (_phase, crashAt) => {
      const db = path.join(dir, `rescan-${++n}.db`);
      copyCatalog(base, db);
      const killed = scanChild(music, db, crashAt);
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      const again = scanChild(music, db);
      expect(again.status, again.stderr).toBe(0);
      expect(dump(db)).toEqual(cleanRescan);
    }, 120_000);
  });
});
