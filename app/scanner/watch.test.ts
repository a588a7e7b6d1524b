import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retag, writeTracks } from '../testing/audio.ts';
import { inotifyInodes } from '../testing/inotify.ts';
import { tempDir, tempLibrary, until, type TempLibrary } from '../testing/temp.ts';
import { manualTimers } from '../testing/timers.ts';
import { scan } from './scan.ts';
import { watch } from './watch.ts';
import type { ScanResult, Watcher } from './types.ts';

describe('watch mode', () => {
  let lib: TempLibrary;
  let watcher: Watcher;
  let staging: string;
  const scans: ScanResult[] = [];
  const ids = () => new Map((lib.catalog.db.prepare('SELECT id, path, title FROM tracks').all() as { id: number; path: string; title: string }[])
    .map((r) => [path.relative(lib.music, r.path), r]));

  beforeAll(async () => {
    lib = tempLibrary();
    staging = tempDir('tonearm-staging-');
    await writeTracks(lib.music, [{ path: 'First/1.mp3', format: 'mp3', frequency: 310, tags: { title: 'First', artist: 'W', album: 'One' } }]);
    await writeTracks(staging, [
      { path: 'New Album/1.flac', format: 'flac', frequency: 320, tags: { title: 'New 1', artist: 'W', album: 'Two' } },
      { path: 'New Album/2.flac', format: 'flac', frequency: 330, tags: { title: 'New 2', artist: 'W', album: 'Two' } },
    ]);
    await lib.scan();
    watcher = watch({ roots: [lib.music], catalog: lib.catalog, coverDir: lib.coverDir, settleMs: 300, onScan: (r) => scans.push(r) });
    await watcher.ready;
  }, 60_000);
  afterAll(async () => {
    await watcher?.close();
    lib?.cleanup();
    fs.rmSync(staging, { recursive: true, force: true });
  });

  it('picks up an added folder', async () => {
    fs.cpSync(path.join(staging, 'New Album'), path.join(lib.music, 'New Album'), { recursive: true });
    await until(() => ids().has('New Album/2.flac') && ids().has('New Album/1.flac'), 'the new album');
    expect(lib.catalog.tracks.count()).toBe(3);
  });

  it('watches each folder, not each file (one inotify watch per folder)', () => {
    const watched = inotifyInodes(); // the kernel's own list of this process's inotify watches, by inode
    const entries = fs.readdirSync(lib.music, { recursive: true, withFileTypes: true });
    const folders = [lib.music, ...entries.filter((e) => e.isDirectory()).map((e) => path.join(e.parentPath, e.name))];
    const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
    expect(files.length).toBeGreaterThan(0);
    expect(folders.filter((f) => !watched.has(fs.statSync(f).ino))).toEqual([]);
    expect(files.filter((f) => watched.has(fs.statSync(f).ino))).toEqual([]);
  });

  it('picks up a file copied into a folder it already watches', async () => {
    fs.copyFileSync(path.join(staging, 'New Album/1.flac'), path.join(lib.music, 'First/copied.flac'));
    await until(() => ids().has('First/copied.flac'), 'the copied file');
    fs.rmSync(path.join(lib.music, 'First/copied.flac'));
    await until(() => !ids().has('First/copied.flac'), 'the copied file gone again');
  });

  it('follows folders made after it started, at any depth', async () => {
    const copy = (to: string) => {
      fs.mkdirSync(path.dirname(path.join(lib.music, to)), { recursive: true });
      fs.copyFileSync(path.join(staging, 'New Album/2.flac'), path.join(lib.music, to));
    };
    // Inside a folder that was there at the start.
    copy('First/Bonus/b.flac');
    await until(() => ids().has('First/Bonus/b.flac'), 'the file in a new subfolder');
    // A new top-level folder with a folder in it, then a file written later in that inner folder.
    copy('Box/Disc 1/1.flac');
    await until(() => ids().has('Box/Disc 1/1.flac'), 'the new folder tree');
    copy('Box/Disc 1/2.flac');
    await until(() => ids().has('Box/Disc 1/2.flac'), 'a file added later deep in the new tree');
    fs.rmSync(path.join(lib.music, 'Box'), { recursive: true });
    fs.rmSync(path.join(lib.music, 'First/Bonus'), { recursive: true });
    await until(() => !ids().has('Box/Disc 1/1.flac') && !ids().has('First/Bonus/b.flac'), 'the removed folders');
  });

  it('picks up a tag change', async () => {
    const before = ids().get('First/1.mp3');
    await retag(path.join(lib.music, 'First/1.mp3'), { title: 'First (edited)', artist: 'W', album: 'One' });
    await until(() => ids().get('First/1.mp3')?.title === 'First (edited)', 'the edited title');
    expect(ids().get('First/1.mp3')?.id).toBe(before?.id);
  });

  it('picks up a move, keeping the id', async () => {
    const before = ids().get('New Album/2.flac');
    fs.mkdirSync(path.join(lib.music, 'Moved'));
    fs.renameSync(path.join(lib.music, 'New Album/2.flac'), path.join(lib.music, 'Moved/two.flac'));
    await until(() => ids().has('Moved/two.flac') && !ids().has('New Album/2.flac'), 'the moved file');
    expect(ids().get('Moved/two.flac')?.id).toBe(before?.id);
  });

  it('picks up a removal', async () => {
    fs.rmSync(path.join(lib.music, 'New Album'), { recursive: true });
    await until(() => !ids().has('New Album/1.flac'), 'the removal');
    expect(lib.catalog.tracks.count()).toBe(2);
    expect(scans.length).toBeGreaterThan(0);
  });

  it('follows a folder that was there at the start, removed and made again, whole', async () => {
    // Its own library: two top-level folders, so they are watched by themselves (depth 0) and the
    // folders inside them by chokidar's recursion (folderWatch.ts).
    const own = tempLibrary();
    const src = path.join(staging, 'New Album/1.flac');
    const put = (to: string) => {
      fs.mkdirSync(path.dirname(path.join(own.music, to)), { recursive: true });
      fs.copyFileSync(src, path.join(own.music, to));
    };
    put('Keep/1.flac');
    put('Gone/Inner/1.flac');
    await own.scan();
    const has = (p: string) => own.catalog.db.prepare('SELECT 1 FROM tracks WHERE path = ?').get(path.join(own.music, p)) !== undefined;
    const w = watch({ roots: [own.music], catalog: own.catalog, coverDir: own.coverDir, settleMs: 300 });
    try {
      await w.ready;
      fs.rmSync(path.join(own.music, 'Gone'), { recursive: true });
      await until(() => !has('Gone/Inner/1.flac'), 'the removed folder');
      put('Gone/Inner/2.flac');
      await until(() => has('Gone/Inner/2.flac'), 'the folder made again');
      put('Gone/Inner/3.flac');
      await until(() => has('Gone/Inner/3.flac'), 'a file added later inside the folder made again');
    } finally {
      await w.close();
      own.cleanup();
    }
  });

  it('does not import a file that is still being written', async () => {
    // Its own library and watcher, whose settle timer the test holds: a scan can run only when the
    // test fires it, so "nothing is imported while the file grows" holds however slow the machine.
    const slow = tempLibrary();
    const timers = manualTimers();
    const w = watch({ roots: [slow.music], catalog: slow.catalog, coverDir: slow.coverDir, settleMs: 300, timers, now: timers.now });
    try {
      await w.ready;
      const target = path.join(slow.music, 'Slow', 'growing.flac');
      fs.mkdirSync(path.dirname(target));
      const src = fs.readFileSync(path.join(staging, 'New Album/1.flac'));
      const half = Math.ceil(src.length / 2);
      const fd = fs.openSync(target, 'w');
      fs.writeSync(fd, src.subarray(0, half));
      // The new folder and the write are events; the watcher arms its settle timer.
      await until(() => timers.pending() > 0, 'the event for the half-written file');
      const armed = timers.scheduled();
      expect(slow.catalog.tracks.count()).toBe(0);
      // The copy goes on before the quiet time is over: the next event re-arms the timer.
      fs.writeSync(fd, src.subarray(half));
      fs.closeSync(fd);
      await until(() => timers.scheduled() > armed, 'the event for the finished file');
      expect(slow.catalog.tracks.count()).toBe(0);
      // Quiet now: the settle timer fires once, and one scan imports the whole file.
      expect(timers.fire()).toBe(1);
      await w.idle();
      expect(slow.catalog.db.prepare('SELECT path, size FROM tracks').all()).toEqual([{ path: target, size: src.length }]);
      expect(slow.catalog.scanErrors.list()).toEqual([]);
    } finally {
      await w.close();
      slow.cleanup();
    }
  });

  it('scans a file it left for later (too fresh) again once quiet, with no further event', async () => {
    // The watcher's clock and settle timer are the test's: the first scan sees the file as just
    // written and leaves it; nothing else happens on disk, yet the next quiet period imports it.
    const fresh = tempLibrary();
    const timers = manualTimers();
    let clock = 0;
    const scanned: ScanResult[] = [];
    const w = watch({ roots: [fresh.music], catalog: fresh.catalog, coverDir: fresh.coverDir, settleMs: 300, timers, now: () => clock, onScan: (r) => scanned.push(r) });
    try {
      await w.ready;
      const target = path.join(fresh.music, 'Fresh', 'new.flac');
      fs.mkdirSync(path.dirname(target));
      fs.copyFileSync(path.join(staging, 'New Album/1.flac'), target);
      const mtime = fs.statSync(target).mtimeMs;
      await until(() => timers.pending() > 0, 'the event for the new file');
      clock = mtime + 100; // within the settle time of its last change
      expect(timers.fire()).toBe(1);
      await until(() => scanned.length === 1, 'the first scan');
      expect(scanned[0]?.deferred).toEqual([target]);
      expect(fresh.catalog.tracks.count()).toBe(0);
      // The watcher re-armed its timer for the file it left; no new file event is needed.
      expect(timers.pending()).toBe(1);
      clock = mtime + 1000;
      expect(timers.fire()).toBe(1);
      await w.idle();
      expect(scanned[1]?.deferred).toEqual([]);
      expect(fresh.catalog.db.prepare('SELECT path FROM tracks').all()).toEqual([{ path: target }]);
      expect(timers.pending()).toBe(0);
    } finally {
      await w.close();
      fresh.cleanup();
    }
  });

  it('runs a caller\'s scan only between its own scans, and holds its own until that one is done', async () => {
    const shared = tempLibrary();
    const timers = manualTimers();
    const scanned: ScanResult[] = [];
    const w = watch({ roots: [shared.music], catalog: shared.catalog, coverDir: shared.coverDir, settleMs: 300, timers, now: timers.now, onScan: (r) => scanned.push(r) });
    try {
      await w.ready;
      fs.cpSync(path.join(staging, 'New Album'), path.join(shared.music, 'New Album'), { recursive: true });
      await until(() => timers.pending() > 0, 'the event for the new album');
      await until(() => { timers.fire(); return timers.pending() === 0; }, 'the settle timer of every file', 20_000);
      // The watcher's scan of the new album is under way: a caller's scan waits for it.
      const seenAtStart = await w.exclusive(async () => shared.catalog.tracks.count());
      expect(seenAtStart).toBe(2);
      expect(scanned).toHaveLength(1);

      // Now the caller holds the catalog: a change seen meanwhile waits for the caller's scan.
      const release = Promise.withResolvers<void>();
      const caller = w.exclusive(() => release.promise);
      fs.rmSync(path.join(shared.music, 'New Album', '2.flac'));
      await until(() => timers.pending() > 0, 'the event for the removed file');
      timers.fire();
      const first = await Promise.race([w.idle().then(() => 'watcher scanned'), new Promise((r) => setTimeout(() => r('watcher held'), 300))]);
      expect(first).toBe('watcher held');
      expect(shared.catalog.tracks.count()).toBe(2);
      release.resolve();
      await caller;
      await w.idle();
      expect(shared.catalog.tracks.count()).toBe(1);
    } finally {
      await w.close();
      shared.cleanup();
    }
  }, 30_000);

  it('does not hold back a file dated in the future (a skewed clock is not a copy in progress)', async () => {
    const skewed = tempLibrary();
    try {
      const target = path.join(skewed.music, 'Future', 'f.flac');
      fs.mkdirSync(path.dirname(target));
      fs.copyFileSync(path.join(staging, 'New Album/2.flac'), target);
      const mtime = fs.statSync(target).mtimeMs;
      const r = await scan({ roots: [skewed.music], catalog: skewed.catalog, coverDir: skewed.coverDir, settleMs: 300, now: () => mtime - 3_600_000 });
      expect(r).toMatchObject({ added: 1, deferred: [] });
    } finally {
      skewed.cleanup();
    }
  });
});
