import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retag, writeTracks } from '../testing/audio.ts';
import { tempDir, tempLibrary, until, type TempLibrary } from '../testing/temp.ts';
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

  it('does not import a file that is still being written', async () => {
    const target = path.join(lib.music, 'Slow', 'growing.flac');
    fs.mkdirSync(path.dirname(target));
    const src = fs.readFileSync(path.join(staging, 'New Album/1.flac'));
    const fd = fs.openSync(target, 'w');
    // Write in pieces with pauses shorter than the settle time: nothing may be imported meanwhile.
    const step = Math.ceil(src.length / 6);
    for (let off = 0; off < src.length; off += step) {
      fs.writeSync(fd, src.subarray(off, off + step));
      await new Promise((r) => setTimeout(r, 150));
      expect(ids().has('Slow/growing.flac')).toBe(false);
    }
    fs.closeSync(fd);
    await until(() => ids().has('Slow/growing.flac'), 'the finished file');
    expect(lib.catalog.scanErrors.list().filter((e) => e.path === target)).toEqual([]);
  });
});
