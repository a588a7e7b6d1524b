// The diff taken folder by folder as the walk lists them (a first scan) is the diff of the whole walk.
import { describe, expect, it } from 'vitest';
import { createDiff, diff, type DiffInput } from './diff.ts';
import type { FolderImage, WalkResult, WalkedFile } from './walk.ts';

const file = (p: string, size = 1000, mtimeMs = 5): WalkedFile => ({ path: p, size, mtimeMs, allocated: size });
const image = (folder: string): FolderImage => ({ path: `${folder}/cover.jpg`, size: 10, mtimeMs: 1 });

const walked: WalkResult = {
  files: [
    file('/m/A/unchanged.mp3'), file('/m/A/edited.mp3', 2000), file('/m/A/new.flac'),
    file('/m/B/known-bad.mp3', 7, 7), file('/m/B/bad-again.mp3', 8, 9), file('/m/B/empty.mp3', 0),
    file('/m/C/lost-its-image.mp3'), file('/m/C/fresh.ogg', 1000, 99),
  ],
  images: new Map([['/m/A', image('/m/A')]]),
  errors: [{ path: '/m/B/fifo.mp3', reason: 'not a regular file (FIFO)', size: null, mtimeMs: null }],
  sidecars: [],
};

const input: DiffInput = {
  stamps: new Map([
    ['/m/A/unchanged.mp3', { id: 1, size: 1000, mtimeMs: 5, fingerprint: 'f1' }],
    ['/m/A/edited.mp3', { id: 2, size: 1000, mtimeMs: 5, fingerprint: 'f2' }],
    ['/m/C/lost-its-image.mp3', { id: 3, size: 1000, mtimeMs: 5, fingerprint: 'f3' }],
    ['/m/gone.mp3', { id: 4, size: 1000, mtimeMs: 5, fingerprint: 'f4' }],
  ]),
  errorStamps: new Map([
    ['/m/B/known-bad.mp3', { size: 7, mtimeMs: 7 }],
    ['/m/B/bad-again.mp3', { size: 8, mtimeMs: 8 }],
    ['/m/A/unchanged.mp3', { size: 1, mtimeMs: 1 }],
    ['/m/deleted-bad.mp3', { size: 1, mtimeMs: 1 }],
  ]),
  storedImages: new Map([['/m/C', { path: '/m/C/cover.jpg', size: 10, mtimeMs: 1, hash: 'h' }]]),
  unsettled: (mtimeMs) => mtimeMs === 99,
};

describe('diff', () => {
  it('sorts every case: unchanged, edited, new, known bad, bad again, empty, a folder that lost its image, too fresh, gone', () => {
    const d = diff({ ...input, walked });
    expect(d.toParse.map((f) => f.path)).toEqual(['/m/A/edited.mp3', '/m/A/new.flac', '/m/B/bad-again.mp3', '/m/C/lost-its-image.mp3']);
    expect(d.rejected.map((e) => e.path)).toEqual(['/m/B/fifo.mp3', '/m/B/empty.mp3']);
    expect(d).toMatchObject({ unchanged: 1, knownBad: 1, deferred: ['/m/C/fresh.ogg'] });
    expect(d.missing).toEqual([{ id: 4, path: '/m/gone.mp3', fingerprint: 'f4' }]);
    expect(d.staleErrors.sort()).toEqual(['/m/A/unchanged.mp3', '/m/deleted-bad.mp3']);
  });

  it('gives the same diff when folders are added one by one, each with the images found so far', () => {
    const differ = createDiff(input);
    const read: string[] = [];
    for (const folder of ['/m/A', '/m/B', '/m/C']) {
      const images = new Map([...walked.images].filter(([f]) => f <= folder));
      read.push(...differ.add(walked.files.filter((f) => f.path.startsWith(`${folder}/`)), images).map((f) => f.path));
    }
    const whole = diff({ ...input, walked });
    expect(differ.finish(walked)).toEqual(whole);
    expect(read).toEqual(whole.toParse.map((f) => f.path));
  });
});
