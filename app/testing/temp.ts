// Temporary folders and catalogs for tests: real files, real SQLite, removed afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCatalog, type Catalog } from '../catalog/index.ts';
import { scan } from '../scanner/index.ts';
import type { ScanResult } from '../scanner/index.ts';
import { afterAll, beforeAll } from 'vitest';
import { writeTracks } from './audio.ts';
import type { ToneSpec } from './audioTools.ts';

export interface TempLibrary {
  dir: string;
  music: string;
  dbFile: string;
  coverDir: string;
  catalog: Catalog;
  scan(options?: { only?: string[] }): Promise<ScanResult>;
  cleanup(): void;
}

export function tempDir(prefix = 'tonearm-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function tempLibrary(): TempLibrary {
  const dir = tempDir();
  const music = path.join(dir, 'music');
  fs.mkdirSync(music);
  const dbFile = path.join(dir, 'library.db');
  const coverDir = path.join(dir, 'covers');
  const catalog = openCatalog({ file: dbFile });
  return {
    dir, music, dbFile, coverDir, catalog,
    scan: (options) => scan({ roots: [music], catalog, coverDir, ...(options?.only ? { only: options.only } : {}) }),
    cleanup() {
      catalog.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A library for one describe block: these tracks written and scanned once before its tests, removed
 * after them. Call it in the block; the function it returns gives the library inside the tests.
 */
export function scannedLibrary(specs: ToneSpec[]): () => TempLibrary {
  let lib: TempLibrary | undefined;
  beforeAll(async () => {
    lib = tempLibrary();
    await writeTracks(lib.music, specs);
    await lib.scan();
  }, 60_000);
  afterAll(() => lib?.cleanup());
  return () => {
    if (!lib) throw new Error('the library is made before the tests (beforeAll)');
    return lib;
  };
}

/**
 * Real audio files for one describe block, written once before its tests (`1.flac` … `n.flac`, each a
 * different tone and album) and removed after them; `put(dir, n, to)` copies `n.flac` to `dir/to`.
 */
export function stagedTracks(count: number): { put(dir: string, n: number, to: string): void } {
  let staging: string | undefined;
  beforeAll(async () => {
    staging = tempDir('tonearm-staging-');
    await writeTracks(staging, Array.from({ length: count }, (_, i) => ({
      path: `${i + 1}.flac`, format: 'flac' as const, frequency: 310 + i * 10, tags: { title: `Track ${i + 1}`, artist: 'Staged', album: `Album ${i + 1}` },
    })));
  }, 60_000);
  afterAll(() => {
    if (staging) fs.rmSync(staging, { recursive: true, force: true });
  });
  return {
    put(dir, n, to) {
      if (!staging) throw new Error('the staged tracks are written before the tests (beforeAll)');
      fs.mkdirSync(path.dirname(path.join(dir, to)), { recursive: true });
      fs.copyFileSync(path.join(staging, `${n}.flac`), path.join(dir, to));
    },
  };
}

/** Polls until `check` returns true (for watch-mode tests); throws with `what` after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
