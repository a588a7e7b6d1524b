// A library folder that lists no audio while the catalog holds tracks from it (a drive not mounted,
// its mount point left empty): the scan removes nothing, and says why in one sentence.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTracks } from '../testing/audio.ts';
import { tempDir, tempLibrary, type TempLibrary } from '../testing/temp.ts';
import { watch } from './watch.ts';

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

  it('in watch mode too: the watcher reports the refusal and the catalog keeps its tracks', async () => {
    const before = ids();
    const errors: string[] = [];
    const w = watch({ roots: [lib.music], catalog: lib.catalog, coverDir: lib.coverDir, settleMs: 100, onError: (err) => errors.push(err.message) });
    try {
      await w.ready;
      unmount();
      const deadline = Date.now() + 20_000;
      while (errors.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await w.idle();
      expect(errors[0]).toMatch(/is empty now, but the catalog has 2 tracks from it: nothing was removed/);
      expect(ids()).toEqual(before);
    } finally {
      await w.close();
    }
  });
});
