// Hostile inputs: the scan finishes, good files are indexed, bad ones land in scan errors.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTracks } from '../testing/audio.ts';
import { tempLibrary, type TempLibrary } from '../testing/temp.ts';
import type { ScanResult } from './types.ts';

describe('scan: hostile inputs', () => {
  let lib: TempLibrary;
  let result: ScanResult;
  const reasonFor = (rel: string): string | undefined =>
    lib.catalog.scanErrors.list().find((e) => e.path === path.join(lib.music, rel))?.reason;

  beforeAll(async () => {
    lib = tempLibrary();
    const m = lib.music;
    await writeTracks(m, [
      { path: 'Good/1.mp3', format: 'mp3', tags: { title: 'Good One', artist: 'G', album: 'Good' } },
      { path: 'Good/2.flac', format: 'flac', tags: { title: 'Good Two', artist: 'G', album: 'Good' } },
      { path: 'Bad/source.flac', format: 'flac', seconds: 3 },
    ]);
    const bad = path.join(m, 'Bad');
    execFileSync('mkfifo', [path.join(bad, 'fifo.mp3')]);
    fs.symlinkSync('/dev/zero', path.join(bad, 'zero.mp3'));
    fs.symlinkSync('..', path.join(bad, 'loop'));
    fs.symlinkSync(path.join(m, 'Good'), path.join(bad, 'good-again'));
    fs.symlinkSync(path.join(bad, 'nowhere.mp3'), path.join(bad, 'dangling.mp3'));
    fs.writeFileSync(path.join(bad, 'empty.mp3'), '');
    fs.writeFileSync(path.join(bad, 'random.mp3'), Buffer.from(Array.from({ length: 256 * 1024 }, (_, i) => (i * 7919 + 13) % 251)));
    fs.writeFileSync(path.join(bad, 'text.flac'), 'this is not audio at all\n'.repeat(100));
    // A FLAC cut off inside its headers.
    fs.writeFileSync(path.join(bad, 'truncated.flac'), fs.readFileSync(path.join(bad, 'source.flac')).subarray(0, 60));
    fs.rmSync(path.join(bad, 'source.flac'));
    // A multi-GB sparse file.
    const fd = fs.openSync(path.join(bad, 'sparse.mp3'), 'w');
    fs.ftruncateSync(fd, 6 * 1024 ** 3);
    fs.closeSync(fd);
    // An ID3 tag that claims to be ~200 MB long in a tiny file.
    const id3 = Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0x60, 0x00, 0x00, 0x00]);
    fs.writeFileSync(path.join(bad, 'huge-tag.mp3'), Buffer.concat([id3, Buffer.alloc(4096, 0x41)]));
    result = await lib.scan();
  }, 120_000);
  afterAll(() => lib?.cleanup());

  it('indexes the good files (once, despite a symlink to their folder and a symlink loop)', () => {
    const titles = (lib.catalog.db.prepare('SELECT title FROM tracks ORDER BY title').all() as { title: string }[]).map((r) => r.title);
    expect(titles).toEqual(['Good One', 'Good Two']);
    expect(result.tracks).toBe(2);
  });

  it.each([
    ['Bad/fifo.mp3', /not a regular file \(FIFO\)/],
    ['Bad/zero.mp3', /not a regular file \(character device\)/],
    ['Bad/dangling.mp3', /broken symbolic link/],
    ['Bad/empty.mp3', /empty file/],
    ['Bad/sparse.mp3', /sparse file/],
    ['Bad/random.mp3', /.+/],
    ['Bad/text.flac', /.+/],
    ['Bad/truncated.flac', /.+/],
    ['Bad/huge-tag.mp3', /.+/],
  ])('records %s as a scan error', (rel, reason) => {
    expect(reasonFor(rel)).toMatch(reason);
  });

  it('counts the errors in the result', () => {
    expect(result.errors).toBe(9);
  });

  it('does not retry an unchanged bad file, and clears its error once it is gone', async () => {
    const again = await lib.scan();
    expect(again.errors).toBe(9);
    fs.rmSync(path.join(lib.music, 'Bad/empty.mp3'));
    await lib.scan();
    expect(reasonFor('Bad/empty.mp3')).toBeUndefined();
  });
});

describe('scan: what is skipped', () => {
  let lib: TempLibrary;
  beforeAll(async () => {
    lib = tempLibrary();
    await writeTracks(lib.music, [
      { path: 'Keep/1.mp3', format: 'mp3' },
      { path: 'Keep/live/2.mp3', format: 'mp3' },
      { path: 'Keep/demo-take.mp3', format: 'mp3' },
      { path: '.hidden/3.mp3', format: 'mp3' },
      { path: 'Keep/.4.mp3', format: 'mp3' },
      { path: 'Podcasts/5.mp3', format: 'mp3' },
    ]);
    fs.writeFileSync(path.join(lib.music, '.tonearmignore'), 'Podcasts/\n');
    fs.writeFileSync(path.join(lib.music, 'Keep', '.tonearmignore'), '*-take.mp3\nlive\n');
    fs.writeFileSync(path.join(lib.music, 'Keep', 'notes.txt'), 'not music');
    await lib.scan();
  }, 60_000);
  afterAll(() => lib?.cleanup());

  it('skips hidden entries and honours .tonearmignore at every level', () => {
    const paths = (lib.catalog.db.prepare('SELECT path FROM tracks').all() as { path: string }[]).map((r) => path.relative(lib.music, r.path));
    expect(paths).toEqual(['Keep/1.mp3']);
    expect(lib.catalog.scanErrors.count()).toBe(0);
  });

  it('honours ignore files above a folder scanned on its own', async () => {
    await lib.scan({ only: [path.join(lib.music, 'Keep', 'live')] });
    expect(lib.catalog.tracks.count()).toBe(1);
  });
});
