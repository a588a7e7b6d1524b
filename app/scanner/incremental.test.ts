// An incremental rescan gives exactly the catalog a fresh scan of the same files gives (canonical
// dumps, no ids or timestamps): compilations that stop being one, retags across albums, moves into a
// folder with its own image, genre and artist renames, a folder image replaced, an album spread over
// two folders, a folder merged into another.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dumpCatalog } from '../catalog/testing/dump.ts';
import { openCatalog } from '../catalog/index.ts';
import { scan } from './scan.ts';
import { retag, writeImage, writeTracks } from '../testing/audio.ts';
import { tempLibrary } from '../testing/temp.ts';

async function fresh(music: string, dir: string) {
  const db = path.join(dir, `fresh-${Math.random()}.db`);
  const catalog = openCatalog({ file: db });
  try {
    await scan({ roots: [music], catalog, coverDir: path.join(dir, 'fresh-covers') });
    return dumpCatalog(catalog.db);
  } finally {
    catalog.close();
  }
}

describe('scan: incremental = fresh', () => {
  it('after many kinds of change, twice', async () => {
    const lib = tempLibrary();
    try {
      const t = (title: string, artist: string, album: string, extra: Record<string, string> = {}) => ({ title, artist, album, ...extra });
      await writeTracks(lib.music, [
        { path: 'VA/Mix/1.mp3', format: 'mp3', frequency: 300, tags: t('A1', 'Ann', 'Mix') },
        { path: 'VA/Mix/2.mp3', format: 'mp3', frequency: 310, tags: t('B1', 'Bob', 'Mix') },
        { path: 'VA/Mix/3.mp3', format: 'mp3', frequency: 320, tags: t('C1', 'Cat', 'Mix') },
        { path: 'Same/Album/1.flac', format: 'flac', frequency: 330, tags: t('S1', 'Sam', 'Album') },
        { path: 'Same/Album/2.flac', format: 'flac', frequency: 340, tags: t('S2', 'Sam', 'Album') },
        { path: 'Other/Covered/1.ogg', format: 'ogg', frequency: 350, tags: t('O1', 'Oli', 'Covered'), cover: 'red' },
        { path: 'Other/Covered/2.ogg', format: 'ogg', frequency: 360, tags: t('O2', 'Oli', 'Covered'), cover: 'red' },
        { path: 'Folder/Img/1.m4a', format: 'm4a', frequency: 370, tags: t('F1', 'Fay', 'Img') },
        { path: 'Genre/G/1.mp3', format: 'mp3', frequency: 380, tags: t('G1', 'Gus', 'G', { genre: 'Jazz' }) },
        { path: 'Late/B/1.mp3', format: 'mp3', frequency: 390, tags: t('X1', 'Xen', 'B') },
      ]);
      await writeImage(path.join(lib.music, 'Folder/Img/cover.jpg'), { color: 'blue' });
      await lib.scan();
      fs.rmSync(path.join(lib.music, 'VA/Mix/3.mp3')); // no longer three artists
      await retag(path.join(lib.music, 'Same/Album/2.flac'), { title: 'S2', artist: 'Sam', album: 'Another Album' });
      fs.renameSync(path.join(lib.music, 'Other/Covered/2.ogg'), path.join(lib.music, 'Folder/Img/2.ogg')); // into a folder with an image
      await retag(path.join(lib.music, 'Genre/G/1.mp3'), { title: 'G1', artist: 'Gus Renamed', album: 'G', genre: 'Blues' });
      fs.rmSync(path.join(lib.music, 'Folder/Img/cover.jpg'));
      await writeImage(path.join(lib.music, 'Folder/Img/folder.png'), { color: 'green' });
      await lib.scan();
      expect(dumpCatalog(lib.catalog.db)).toEqual(await fresh(lib.music, lib.dir));
      // A second round: a file replaced by another, a folder merged into another.
      await writeTracks(lib.music, [{ path: 'Late/B/1.mp3', format: 'mp3', frequency: 395, tags: t('X1', 'Xen', 'B') }]); // replaced
      for (const f of fs.readdirSync(path.join(lib.music, 'Same/Album'))) fs.renameSync(path.join(lib.music, 'Same/Album', f), path.join(lib.music, 'VA/Mix', f));
      await lib.scan();
      expect(dumpCatalog(lib.catalog.db)).toEqual(await fresh(lib.music, lib.dir));
    } finally {
      lib.cleanup();
    }
  }, 120_000);
});

describe('scan: a catalogued file that turns unreadable', () => {
  it('keeps its track and id (a file caught mid-write must not lose its history) and records why', async () => {
    const lib = tempLibrary();
    try {
      await writeTracks(lib.music, [{ path: 'A/1.mp3', format: 'mp3', tags: { title: 'One', artist: 'A', album: 'Al' } }]);
      await lib.scan();
      const id = () => (lib.catalog.db.prepare('SELECT id FROM tracks').get() as { id: number } | undefined)?.id;
      const before = id();
      fs.writeFileSync(path.join(lib.music, 'A/1.mp3'), Buffer.alloc(70_000, 7));
      const r = await lib.scan();
      expect(r).toMatchObject({ errors: 1, tracks: 1, removed: 0 });
      expect(id()).toBe(before);
      const error = lib.catalog.db.prepare('SELECT reason FROM scan_errors').get() as { reason: string };
      expect(error.reason).toBe('not an audio file (no audio stream found)');
    } finally {
      lib.cleanup();
    }
  }, 60_000);
});
