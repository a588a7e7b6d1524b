// A catalog made by an older reader (READER_VERSION) reads every file again once, keeping ids; a
// catalog made by this one reads only what changed.
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { scannedLibrary, type TempLibrary } from '../testing/temp.ts';
import { READER_VERSION } from './scan.ts';

describe('scan: a catalog from an older reader', () => {
  // An MP4 among them: version 1 of the reader changed how its length is read.
  const library = scannedLibrary((['mp3', 'm4a', 'flac'] as const).map((format, i) => {
    const album = i < 2 ? 'A' : 'B';
    return { path: `${album}/${i + 1}.${format}`, format, seconds: 2, tags: { title: `T${i + 1}`, artist: album, album } };
  }));
  let lib: TempLibrary;
  beforeEach(() => {
    lib = library();
  });
  const rows = () => lib.catalog.db.prepare('SELECT id, path, duration_ms FROM tracks ORDER BY path').all() as { id: number; path: string; duration_ms: number }[];
  /** What an older reader left: a wrong length in every row, its version in the settings. */
  const olderReader = (): void => {
    lib.catalog.db.prepare('UPDATE tracks SET duration_ms = 1').run();
    lib.catalog.settings.set('scanner.readerVersion', READER_VERSION - 1);
  };

  it('a first scan records its reader', () => {
    expect(lib.catalog.settings.get('scanner.readerVersion', 0)).toBe(READER_VERSION);
  });

  it('reads every file again, once, keeping the ids', async () => {
    const before = rows();
    olderReader();
    expect(await lib.scan()).toMatchObject({ updated: 3, added: 0, removed: 0, unchanged: 0 });
    expect(rows()).toEqual(before);
    expect(lib.catalog.settings.get('scanner.readerVersion', 0)).toBe(READER_VERSION);
    expect(await lib.scan()).toMatchObject({ updated: 0, unchanged: 3 });
  });

  it('reads only what changed when the catalog is this reader\'s', async () => {
    lib.catalog.db.prepare('UPDATE tracks SET duration_ms = 1').run();
    expect(await lib.scan()).toMatchObject({ updated: 0, unchanged: 3 });
    expect(rows().every((r) => r.duration_ms === 1)).toBe(true);
  });

  it('a scan of one folder reads that folder again but leaves the version for a scan of everything', async () => {
    olderReader();
    expect(await lib.scan({ only: [path.join(lib.music, 'B')] })).toMatchObject({ updated: 1 });
    expect(lib.catalog.settings.get('scanner.readerVersion', 0)).toBe(READER_VERSION - 1);
    expect(await lib.scan()).toMatchObject({ updated: 3 });
    expect(lib.catalog.settings.get('scanner.readerVersion', 0)).toBe(READER_VERSION);
  });
});
