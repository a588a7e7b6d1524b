// The scan's stamps read from the catalog a chunk at a time (real files, real SQLite): every lookup,
// in any order, answers what a copy of the whole table answers; iteration pages through every row
// once; roots limit both. More tracks than a chunk holds, with names whose order differs between
// JavaScript and SQLite, and folders that sort before their siblings' contents.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTracks } from '../testing/audio.ts';
import { tempLibrary, type TempLibrary } from '../testing/temp.ts';
import { fsPath } from '../text/fsPath.ts';
import type { FileStamp } from './model.ts';

/** Folder names that sort differently as names and as paths, or in UTF-16 and in UTF-8. */
const folders = ['Artist', 'Artist (Live)', 'Artist - X', 'Artist/Inner', 'Zed 😀', 'Zed \uff01', 'Zed \uefe9 raw'];
const PER_FOLDER = 420; // 7 × 420 = 2,940: more than one chunk

describe('catalog stamps, read a chunk at a time', () => {
  let lib: TempLibrary;
  let whole: Map<string, FileStamp>;
  beforeAll(async () => {
    lib = tempLibrary();
    await writeTracks(lib.music, [{ path: 'one.flac', format: 'flac', seconds: 1, tags: { title: 'one' } }]);
    for (const folder of folders) {
      const dir = path.join(lib.music, folder);
      fs.mkdirSync(fsPath(dir), { recursive: true });
      for (let i = 0; i < PER_FOLDER; i++) fs.linkSync(path.join(lib.music, 'one.flac'), fsPath(path.join(dir, `${i} t.flac`)));
    }
    const first = await lib.scan();
    expect(first.added).toBe(folders.length * PER_FOLDER + 1);
    whole = new Map((lib.catalog.db.prepare('SELECT id, path, size, mtime_ms AS mtimeMs, fingerprint FROM tracks').all() as Array<FileStamp & { path: string }>)
      .map(({ path: p, ...s }) => [p, s]));
  }, 120_000);
  afterAll(() => lib?.cleanup());

  it('answers every lookup as the whole table does, in path order, shuffled, and for paths not catalogued', () => {
    const paths = [...whole.keys()];
    const inOrder = lib.catalog.tracks.stamps([lib.music]);
    expect(inOrder.size).toBe(whole.size);
    for (const p of [...paths].sort()) expect(inOrder.get(p)).toEqual(whole.get(p));
    const shuffled = [...paths].sort((a, b) => ((a.length * 7919 + a.charCodeAt(a.length - 6)) % 101) - ((b.length * 7919 + b.charCodeAt(b.length - 6)) % 101));
    const random = lib.catalog.tracks.stamps();
    for (const p of shuffled) expect(random.get(p)).toEqual(whole.get(p));
    for (const p of [`${lib.music}/Artist/none.flac`, `${lib.music}/Artist (Live)/0 t.flac.x`, `${lib.music}0/x.flac`, '/', '']) {
      expect(random.get(p)).toBeUndefined();
      expect(random.has(p)).toBe(false);
    }
  });

  it('pages through every row once, and keeps to its roots', () => {
    expect(new Map(lib.catalog.tracks.stamps([lib.music]))).toEqual(whole);
    const root = path.join(lib.music, 'Artist');
    const inside = [...whole.keys()].filter((p) => p.startsWith(`${root}/`));
    expect(inside).toHaveLength(2 * PER_FOLDER); // Artist and Artist/Inner, not Artist (Live) nor Artist - X
    const scoped = lib.catalog.tracks.stamps([root, path.join(root, 'Inner')]);
    expect(scoped.size).toBe(inside.length);
    expect([...scoped.keys()].sort()).toEqual(inside.sort());
    expect(scoped.get(path.join(lib.music, 'Artist (Live)', '0 t.flac'))).toBeUndefined();
    expect(scoped.get(path.join(root, '0 t.flac'))).toEqual(whole.get(path.join(root, '0 t.flac')));
  });

  it('a rescan finds every file unchanged', async () => {
    const again = await lib.scan();
    expect(again).toMatchObject({ unchanged: whole.size, added: 0, updated: 0, removed: 0, moved: 0 });
  }, 60_000);
});
