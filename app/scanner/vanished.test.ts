// A library folder that lists no audio while the catalog holds tracks from it (a drive not mounted,
// its mount point left empty): the scan removes nothing, and says why in one sentence; the watcher
// holds the folder as away until its files are back, then scans it again.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTracks } from '../testing/audio.ts';
import { tempDir, tempLibrary, until, type TempLibrary } from '../testing/temp.ts';
import { manualTimers } from '../testing/timers.ts';
import { watch } from './watch.ts';
import type { ScanResult } from './types.ts';

describe('a library folder that has gone empty', () => {
  let lib: TempLibrary;
  let away: string;
  const ids = () => lib.catalog.db.prepare('SELECT id FROM tracks ORDER BY id').pluck().all() as number[];
  beforeEach(async () => {
    lib = tempLibrary();
    away = tempDir('tonearm-away-');
    await writeTracks(lib.music, [
      { path: 'A/1.flac', format: 'flac', tags: { title: 'One', artist: 'V', album: 'A' } },
      { path: 'B/2.mp3', format: 'mp3', tags: { title: 'Two', artist: 'V', album: 'B' } },
    ]);
    await lib.scan();
  }, 60_000);
  afterEach(() => {
    lib.cleanup();
    fs.rmSync(away, { recursive: true, force: true });
  });
  /** What unmounting does: the folder stays, its content goes (moved aside, to come back). */
  const unmount = () => {
    for (const name of fs.readdirSync(lib.music)) fs.renameSync(path.join(lib.music, name), path.join(away, name));
  };
  const mount = () => {
    for (const name of fs.readdirSync(away)) fs.renameSync(path.join(away, name), path.join(lib.music, name));
  };

  it('removes nothing and says why; the tracks keep their ids when the files are back', async () => {
    const before = ids();
    expect(before).toHaveLength(2);
    unmount();
    await expect(lib.scan()).rejects.toThrow(`library folder ${lib.music} is empty now, but the catalog has 2 tracks from it: nothing was removed (is the drive mounted?)`);
    expect(ids()).toEqual(before);
    mount();
    expect(await lib.scan()).toMatchObject({ tracks: 2, unchanged: 2, removed: 0 });
    expect(ids()).toEqual(before);
  });

  it('lists no audio (only other files): the same', async () => {
    unmount();
    fs.writeFileSync(path.join(lib.music, 'README.txt'), 'drive not mounted');
    await expect(lib.scan()).rejects.toThrow(`library folder ${lib.music} has no audio files now, but the catalog has 2 tracks from it: nothing was removed (is the drive mounted?)`);
    expect(ids()).toHaveLength(2);
  });

  it('still removes what was deleted inside it', async () => {
    fs.rmSync(path.join(lib.music, 'B'), { recursive: true });
    expect(await lib.scan()).toMatchObject({ tracks: 1, removed: 1 });
  });

  it('in watch mode too: the folder is away, its tracks kept, and scanned again once its files are back', async () => {
    const before = ids();
    const timers = manualTimers();
    const errors: string[] = [];
    const away: string[][] = [];
    const scanned: ScanResult[] = [];
    const w = watch({ roots: [lib.music], catalog: lib.catalog, coverDir: lib.coverDir, settleMs: 100, timers, now: timers.now,
      onError: (err) => errors.push(err.message), onAway: (a) => away.push(a.map((r) => r.message)), onScan: (r) => scanned.push(r) });
    const fireUntil = (check: () => boolean, what: string) => until(() => {
      timers.fire();
      return check();
    }, what, 20_000);
    try {
      await w.ready;
      unmount();
      await fireUntil(() => errors.length > 0, 'the empty folder reported');
      const sentence = `library folder ${lib.music} is empty now: its tracks are kept, and it is watched and scanned again when its files are back (is the drive mounted?)`;
      expect(errors).toEqual([sentence]);
      expect(away).toEqual([[sentence]]);
      expect(ids()).toEqual(before);
      mount();
      await fireUntil(() => away.length === 2, 'the files back');
      expect(away[1]).toEqual([]);
      await fireUntil(() => timers.pending() === 0, 'the scan of the folder back');
      await w.idle();
      expect(scanned.at(-1)).toMatchObject({ tracks: 2, unchanged: 2, removed: 0 });
      expect(ids()).toEqual(before);
      expect(errors).toEqual([sentence]);
    } finally {
      await w.close();
    }
  });
});
