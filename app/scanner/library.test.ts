// The library's status (the scan progress its SSE stream pushes) says when a library folder is away
// or the last full scan failed, in one sentence; a folder away at the start does not keep the others
// from being scanned. Real scanner and watcher; the watcher's timers are the test's.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stagedTracks, tempDir, tempLibrary, until } from '../testing/temp.ts';
import { manualTimers } from '../testing/timers.ts';
import { createLibrary } from './library.ts';
import { scan } from './scan.ts';
import { watch } from './watch.ts';

describe('the library status', () => {
  const { put } = stagedTracks(2);

  it('a folder not there at the start: the others are scanned, its tracks kept, the status says so until it is back', async () => {
    const lib = tempLibrary();
    const drive = path.join(lib.dir, 'drive', 'Music');
    put(lib.music, 1, 'Here/1.flac');
    put(drive, 2, 'There/2.flac');
    await scan({ roots: [lib.music, drive], catalog: lib.catalog, coverDir: lib.coverDir });
    const idOf = (p: string) => lib.catalog.db.prepare('SELECT id FROM tracks WHERE path = ?').pluck().get(p) as number | undefined;
    const kept = idOf(path.join(drive, 'There/2.flac'));
    expect(kept).toBeDefined();
    fs.renameSync(path.join(lib.dir, 'drive'), path.join(lib.dir, 'unplugged'));
    put(lib.music, 2, 'Here/new.flac'); // changed while Tonearm was not running: the start's scan finds it

    const timers = manualTimers();
    const library = createLibrary({
      catalog: lib.catalog, coverDir: lib.coverDir, log: () => {},
      scanner: { scan, watch: (o) => watch({ ...o, settleMs: 300, timers, now: timers.now }) },
    });
    try {
      await library.start([lib.music, drive]);
      expect(library.progress()).toMatchObject({
        running: false,
        last: { tracks: 3, added: 1, removed: 0 }, // the catalog's count: the drive's track is kept
        notice: `library folder ${drive} is not there: its tracks are kept, and it is watched and scanned again when it is back (is the drive mounted?)`,
      });
      expect(idOf(path.join(lib.music, 'Here/new.flac'))).toBeDefined();
      expect(idOf(path.join(drive, 'There/2.flac'))).toBe(kept);

      fs.renameSync(path.join(lib.dir, 'unplugged'), path.join(lib.dir, 'drive'));
      put(drive, 1, 'There/while-away.flac');
      await until(() => {
        timers.fire();
        return idOf(path.join(drive, 'There/while-away.flac')) !== undefined;
      }, 'the folder back and scanned', 20_000);
      expect(library.progress().notice).toBeNull();
      expect(idOf(path.join(drive, 'There/2.flac'))).toBe(kept);
    } finally {
      await library.close();
      lib.cleanup();
    }
  }, 60_000);

  it('a full scan that fails (a folder gone empty) says why until a scan succeeds', async () => {
    const lib = tempLibrary();
    const away = tempDir('tonearm-away-');
    put(lib.music, 1, 'A/1.flac');
    await lib.scan();
    fs.renameSync(path.join(lib.music, 'A'), path.join(away, 'A'));
    const library = createLibrary({ catalog: lib.catalog, coverDir: lib.coverDir, scanner: { scan, watch }, watch: false, log: () => {} });
    try {
      await library.start([lib.music]);
      expect(library.progress().notice).toBe(`library folder ${lib.music} is empty now, but the catalog has 1 track from it: nothing was removed (is the drive mounted?)`);
      expect(lib.catalog.tracks.count()).toBe(1);
      fs.renameSync(path.join(away, 'A'), path.join(lib.music, 'A'));
      await library.scanNow();
      expect(library.progress()).toMatchObject({ notice: null, last: { tracks: 1, unchanged: 1 } });
    } finally {
      await library.close();
      lib.cleanup();
      fs.rmSync(away, { recursive: true, force: true });
    }
  }, 60_000);
});
