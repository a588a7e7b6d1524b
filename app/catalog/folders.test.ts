import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog, type Catalog } from './index.ts';
import { scan } from '../scanner/index.ts';
import { writeTracks } from '../testing/audio.ts';
import { tempDir } from '../testing/temp.ts';

describe('folders.removeRoot', () => {
  let dir: string;
  let catalog: Catalog;
  beforeAll(async () => {
    dir = tempDir();
    await writeTracks(dir, [
      { path: 'Rock/A/1.mp3', format: 'mp3', tags: { title: 'Upper', artist: 'U', album: 'Up' } },
      { path: 'Rock/A/B/2.mp3', format: 'mp3', tags: { title: 'Deeper', artist: 'U', album: 'Up' } },
      { path: 'rock/3.mp3', format: 'mp3', tags: { title: 'Lower', artist: 'L', album: 'Low' } },
      { path: 'Rock2/4.mp3', format: 'mp3', tags: { title: 'Sibling', artist: 'S', album: 'Sib' } },
    ]);
    fs.writeFileSync(path.join(dir, 'Rock', 'bad.mp3'), 'x');
    catalog = openCatalog({ file: path.join(dir, 'lib.db') });
    await scan({ roots: ['Rock', 'rock', 'Rock2'].map((r) => path.join(dir, r)), catalog, coverDir: path.join(dir, 'covers') });
  }, 60_000);
  afterAll(() => {
    catalog?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('removes exactly the tracks, errors and folders below the root', () => {
    const removed = catalog.folders.removeRoot(path.join(dir, 'Rock'));
    expect(removed).toHaveLength(2);
    catalog.albums.prune();
    const titles = (catalog.db.prepare('SELECT title FROM tracks ORDER BY title').all() as { title: string }[]).map((r) => r.title);
    expect(titles).toEqual(['Lower', 'Sibling']);
    expect(catalog.scanErrors.count()).toBe(0);
    const folders = (catalog.db.prepare('SELECT path FROM folders').all() as { path: string }[]).map((r) => path.relative(dir, r.path)).sort();
    expect(folders).toEqual(['Rock2', 'rock']);
    expect((catalog.db.prepare("SELECT count(*) AS n FROM albums WHERE title = 'Up'").get() as { n: number }).n).toBe(0);
  });
});
