// What a scan reports while it runs (the library server's SSE stream and the CLI's progress bar
// show it): a first scan of a real library, every event it emits checked against the rules.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../catalog/index.ts';
import { generatedLibrary } from '../testing/audio.ts';
import { tempDir } from '../testing/temp.ts';
import { scan } from './scan.ts';
import type { ScanProgressEvent } from './types.ts';

describe('scan progress', () => {
  let dir: string;
  let music: string;
  beforeAll(async () => {
    dir = tempDir('tonearm-progress-');
    music = await generatedLibrary({ tracks: 300 }); // read only: shared with other runs in .cache/bench
  }, 300_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a first scan: walking until the total is known, counts that only grow, and a last event with everything read', async () => {
    const catalog = openCatalog({ file: path.join(dir, 'first.db') });
    const events: ScanProgressEvent[] = [];
    try {
      const result = await scan({ roots: [music], catalog, coverDir: path.join(dir, 'covers'), onProgress: (e) => events.push({ ...e }) });
      expect(result.added).toBe(300);
      expect(events[0]?.phase).toBe('walking');
      expect(events.at(-1)).toMatchObject({ phase: 'done', found: 300, parsed: 300, errors: 0, currentPath: null });
      for (const [i, e] of events.entries()) {
        const before = events[i - 1];
        if (before) {
          expect(e.found, `event ${i}`).toBeGreaterThanOrEqual(before.found);
          expect(e.parsed, `event ${i}`).toBeGreaterThanOrEqual(before.parsed);
        }
        expect(e.parsed, `event ${i}`).toBeLessThanOrEqual(e.found);
        // 'parsing' means the total is known: a first scan reading while it walks says 'walking'.
        if (e.phase === 'parsing') expect(e.found, `event ${i}`).toBe(300);
      }
      // Once the scan has left the walk (a phase other than walking/writing seen), it never walks again.
      const firstLater = events.findIndex((e) => e.phase === 'parsing' || e.phase === 'done');
      expect(events.slice(firstLater).some((e) => e.phase === 'walking')).toBe(false);
    } finally {
      catalog.close();
    }
  }, 120_000);
});
