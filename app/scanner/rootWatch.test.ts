// A library folder that goes away (a drive unplugged, a folder renamed away) or is not there at the
// start: its tracks are kept, and once it is back it is watched whole again and scanned once. Real
// folders and the real watcher; the watcher's timers (settle and the look for folders that are away)
// are the test's, so nothing runs before the test fires it, however slow the machine.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inotifyInodes } from '../testing/inotify.ts';
import { stagedTracks, tempLibrary, until, type TempLibrary } from '../testing/temp.ts';
import { manualTimers, type ManualTimers } from '../testing/timers.ts';
import { scan } from './scan.ts';
import { watch } from './watch.ts';
import type { AwayRoot, Watcher } from './types.ts';

describe('a library folder that goes away and comes back', () => {
  const { put } = stagedTracks(4);
  const idsOf = (lib: TempLibrary, root = lib.music) => new Map((lib.catalog.db.prepare('SELECT id, path FROM tracks').all() as { id: number; path: string }[])
    .map((r) => [path.relative(root, r.path), r.id]));
  /** Fires the watcher's timers until `check` holds: each scan or look runs only when fired. */
  const fireUntil = (timers: ManualTimers, check: () => boolean, what: string) => until(() => {
    timers.fire();
    return check();
  }, what, 20_000);

  interface Running { w: Watcher; timers: ManualTimers; away: AwayRoot[][]; errors: string[] }
  const start = (lib: TempLibrary, roots: string[]): Running => {
    const timers = manualTimers();
    const away: AwayRoot[][] = [];
    const errors: string[] = [];
    const w = watch({ roots, catalog: lib.catalog, coverDir: lib.coverDir, settleMs: 300, timers, now: timers.now,
      onAway: (a) => away.push([...a]), onError: (err) => errors.push(err.message) });
    return { w, timers, away, errors };
  };

  it('renamed away, changed meanwhile and made again: the catalog waits, then catches up and keeps the ids of files that came back', async () => {
    const lib = tempLibrary();
    const elsewhere = `${lib.music}.away`;
    put(lib.music, 1, 'A/1.flac');
    put(lib.music, 2, 'B/2.flac');
    await lib.scan();
    const before = idsOf(lib);
    const { w, timers, away, errors } = start(lib, [lib.music]);
    try {
      await w.ready;
      expect(away).toEqual([]);
      fs.renameSync(lib.music, elsewhere);
      await until(() => away.length > 0, 'the folder reported away');
      const missing = `library folder ${lib.music} is not there: its tracks are kept, and it is watched and scanned again when it is back (is the drive mounted?)`;
      expect(away).toEqual([[{ root: lib.music, message: missing }]]);
      expect(errors).toEqual([missing]);
      // While it is away, the files go on changing where it went; nothing of that reaches the catalog.
      fs.rmSync(path.join(elsewhere, 'B'), { recursive: true });
      put(elsewhere, 3, 'A/3.flac');
      expect(timers.fire()).toBeGreaterThan(0); // looks for it (still not there), scans nothing
      await until(() => timers.pending() === 1, 'the next look for the folder');
      expect(idsOf(lib)).toEqual(before);
      // Made again: A comes back, B does not, and a new folder comes with it.
      fs.mkdirSync(lib.music);
      fs.renameSync(path.join(elsewhere, 'A'), path.join(lib.music, 'A'));
      put(lib.music, 4, 'New/Deep/4.flac');
      await fireUntil(timers, () => idsOf(lib).has('New/Deep/4.flac') && !idsOf(lib).has('B/2.flac'), 'the folder back and scanned');
      expect(away.at(-1)).toEqual([]);
      const after = idsOf(lib);
      expect([...after.keys()].sort()).toEqual(['A/1.flac', 'A/3.flac', 'New/Deep/4.flac']);
      expect(after.get('A/1.flac')).toBe(before.get('A/1.flac'));
      // Watched whole again: a file written later deep inside is picked up (by an event: nothing is polled now).
      await until(() => timers.pending() === 0, 'the last scan');
      put(lib.music, 2, 'New/Deep/later.flac');
      await fireUntil(timers, () => idsOf(lib).has('New/Deep/later.flac'), 'a file written in the folder watched again');
      const watched = inotifyInodes();
      for (const dir of [lib.music, path.join(lib.music, 'A'), path.join(lib.music, 'New/Deep')]) expect(watched.has(fs.statSync(dir).ino)).toBe(true);
    } finally {
      await w.close();
      lib.cleanup();
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  }, 60_000);

  it('deleted and made again: the same files at the same paths keep their ids, new ones are added', async () => {
    const lib = tempLibrary();
    put(lib.music, 1, 'A/1.flac');
    put(lib.music, 2, 'A/2.flac');
    await lib.scan();
    const before = idsOf(lib);
    const { w, timers, away } = start(lib, [lib.music]);
    try {
      await w.ready;
      fs.rmSync(lib.music, { recursive: true });
      await until(() => away.length > 0, 'the folder reported away');
      expect(timers.fire()).toBeGreaterThan(0);
      expect(idsOf(lib)).toEqual(before);
      // Made again empty first (a copy starting): still away while it lists nothing.
      fs.mkdirSync(lib.music);
      await until(() => timers.pending() === 1, 'the next look for the folder');
      expect(timers.fire()).toBe(1);
      await until(() => timers.pending() === 1, 'the look after that');
      expect(away.at(-1)?.map((a) => a.root)).toEqual([lib.music]);
      put(lib.music, 1, 'A/1.flac');
      put(lib.music, 3, 'B/3.flac');
      await fireUntil(timers, () => idsOf(lib).has('B/3.flac') && !idsOf(lib).has('A/2.flac'), 'the folder made again, scanned');
      expect(idsOf(lib).get('A/1.flac')).toBe(before.get('A/1.flac'));
      expect(away.at(-1)).toEqual([]);
    } finally {
      await w.close();
      lib.cleanup();
    }
  }, 60_000);

  it('not there at the start: said at once, its tracks kept, the other folder watched; watched once it appears', async () => {
    const lib = tempLibrary();
    const drive = path.join(lib.dir, 'drive', 'Music');
    put(lib.music, 1, 'Here/1.flac');
    put(drive, 2, 'There/2.flac');
    const roots = [lib.music, drive];
    await scan({ roots, catalog: lib.catalog, coverDir: lib.coverDir });
    const before = idsOf(lib, lib.dir);
    fs.renameSync(path.join(lib.dir, 'drive'), path.join(lib.dir, 'unplugged'));
    const { w, timers, away } = start(lib, roots);
    try {
      expect(away).toEqual([[{ root: drive, message: expect.stringMatching(/^library folder .*\/drive\/Music is not there: its tracks are kept/) }]]);
      await w.ready;
      // The folder that is there is watched and scanned as usual (without the one away).
      put(lib.music, 3, 'Here/3.flac');
      await fireUntil(timers, () => idsOf(lib, lib.dir).has('music/Here/3.flac'), 'a file in the folder that is there');
      expect(idsOf(lib, lib.dir).get('drive/Music/There/2.flac')).toBe(before.get('drive/Music/There/2.flac'));
      // Plugged in, with a file added elsewhere meanwhile.
      put(path.join(lib.dir, 'unplugged', 'Music'), 4, 'There/4.flac');
      fs.renameSync(path.join(lib.dir, 'unplugged'), path.join(lib.dir, 'drive'));
      await fireUntil(timers, () => idsOf(lib, lib.dir).has('drive/Music/There/4.flac'), 'the folder that appeared, scanned');
      expect(away.at(-1)).toEqual([]);
      expect(idsOf(lib, lib.dir).get('drive/Music/There/2.flac')).toBe(before.get('drive/Music/There/2.flac'));
      await until(() => timers.pending() === 0, 'the last scan');
      put(drive, 1, 'There/later.flac');
      await fireUntil(timers, () => idsOf(lib, lib.dir).has('drive/Music/There/later.flac'), 'a file written in the folder that appeared');
    } finally {
      await w.close();
      lib.cleanup();
    }
  }, 60_000);

  it('closed while a folder is away: no timer and no watch left', async () => {
    const lib = tempLibrary();
    const missing = path.join(lib.dir, 'not-yet', 'Music');
    put(lib.music, 1, 'Here/1.flac');
    await lib.scan();
    const { w, timers, away } = start(lib, [lib.music, missing]);
    await w.ready;
    expect(away.at(-1)?.map((a) => a.root)).toEqual([missing]);
    expect(timers.pending()).toBe(1); // the look for the folder that is away
    expect(timers.fire()).toBe(1); // a look under way while it closes
    await w.close();
    expect(timers.pending()).toBe(0);
    // Made after the close: nothing looks for it or watches it.
    put(missing, 2, 'There/2.flac');
    expect(timers.pending()).toBe(0);
    const watched = inotifyInodes();
    for (const dir of [lib.dir, lib.music, path.join(lib.music, 'Here'), path.dirname(missing), missing]) expect(watched.has(fs.statSync(dir).ino)).toBe(false);
    lib.cleanup();
  }, 60_000);
});
