// A tag reader that cannot start (its worker file missing from a broken install or packaged layout)
// fails the scan with one sentence: the process keeps running and no file is blamed for it. The
// worker also runs from its TypeScript source, as it does until `npm run build:main` bundles it.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTracks } from '../testing/audio.ts';
import { tempLibrary, type TempLibrary } from '../testing/temp.ts';
import { createParsePool } from './parsePool.ts';
import { scan } from './scan.ts';
import { ScanError } from './scanError.ts';

describe('the parse worker', () => {
  let lib: TempLibrary;
  const missing = () => path.join(lib.dir, 'gone', 'parse.worker.mjs');

  beforeAll(async () => {
    lib = tempLibrary();
    await writeTracks(lib.music, [
      { path: 'A/1.mp3', format: 'mp3', tags: { title: 'One', artist: 'A', album: 'A' } },
      { path: 'A/2.flac', format: 'flac', tags: { title: 'Two', artist: 'A', album: 'A' } },
    ]);
  }, 60_000);
  afterAll(() => lib?.cleanup());

  it('fails the scan with one sentence and records nothing against the files', async () => {
    const failed = scan({ roots: [lib.music], catalog: lib.catalog, coverDir: lib.coverDir, parseWorker: missing() });
    await expect(failed).rejects.toBeInstanceOf(ScanError);
    await expect(failed).rejects.toThrow(/^the tag reader could not start \(Cannot find module '.*parse\.worker\.mjs'\)$/);
    expect(lib.catalog.tracks.count()).toBe(0);
    expect(lib.catalog.scanErrors.list()).toEqual([]);
    // The same catalog scans fine with the real worker afterwards.
    const ok = await scan({ roots: [lib.music], catalog: lib.catalog, coverDir: lib.coverDir });
    expect(ok).toMatchObject({ added: 2, errors: 0 });
  });

  it('the worker runs from its TypeScript source too (before `npm run build:main`, or after an edit)', async () => {
    // With a current build the scans above took the bundled worker (app/prebuilt.ts): the source
    // entry must read the same tags.
    const source = new URL('./parse.worker.ts', import.meta.url).href;
    const pool = createParsePool({ threads: 1, workerFile: source });
    try {
      const file = path.join(lib.music, 'A/2.flac');
      const [outcome] = await pool.parse([{ path: file, size: fs.statSync(file).size, mtimeMs: fs.statSync(file).mtimeMs, wantCover: false }], { exceptions: [] });
      expect(outcome).toMatchObject({ ok: true, track: { title: 'Two', album: 'A', codec: 'FLAC' } });
    } finally {
      await pool.close();
    }
  });

  it('reports workers that die while booting with no task in flight, without throwing', async () => {
    const pool = createParsePool({ threads: 2, workerFile: missing() });
    try {
      await expect(pool.started).rejects.toThrow(/^the tag reader could not start/);
      await expect(pool.parse([{ path: path.join(lib.music, 'A/1.mp3'), size: 1, mtimeMs: 1, wantCover: false }], { exceptions: [] })).rejects.toBeInstanceOf(ScanError);
    } finally {
      await pool.close();
    }
  });
});
