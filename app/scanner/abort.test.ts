// A scan cancelled while it reads (the library server cancels one when the folders change) stops
// with an AbortError once nothing more can be written, and the next scan gives the clean catalog.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog, type Catalog } from '../catalog/index.ts';
import { dumpCatalog } from '../catalog/testing/dump.ts';
import { generatedLibrary } from '../testing/audio.ts';
import { tempDir } from '../testing/temp.ts';
import { scan } from './scan.ts';

describe('scan: cancelled', () => {
  let dir: string;
  let music: string;
  const open = (name: string): { catalog: Catalog; coverDir: string } =>
    ({ catalog: openCatalog({ file: path.join(dir, `${name}.db`) }), coverDir: path.join(dir, `${name}.covers`) });

  beforeAll(async () => {
    dir = tempDir('tonearm-abort-');
    music = await generatedLibrary({ tracks: 300 }); // read only: shared with other runs in .cache/bench
  }, 300_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a first scan cancelled at its first write stops there, and a scan after it gives the clean catalog', async () => {
    const cancelled = open('cancelled');
    const clean = open('clean');
    try {
      const controller = new AbortController();
      const first = scan({
        roots: [music], ...cancelled, signal: controller.signal,
        onProgress: (e) => { if (e.phase === 'writing') controller.abort(); },
      });
      await expect(first).rejects.toThrow(expect.objectContaining({ name: 'AbortError' }));
      const written = cancelled.catalog.tracks.count();
      expect(written).toBeGreaterThan(0);
      expect(written).toBeLessThan(300);

      await scan({ roots: [music], ...cancelled });
      await scan({ roots: [music], ...clean });
      expect(clean.catalog.tracks.count()).toBe(300);
      expect(dumpCatalog(cancelled.catalog.db)).toEqual(dumpCatalog(clean.catalog.db));
    } finally {
      cancelled.catalog.close();
      clean.catalog.close();
    }
  }, 120_000);
});
