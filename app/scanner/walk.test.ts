// The walk lists names as lossless keys whichever way it read them: as strings (plain UTF-8), or as
// bytes when a name may not be UTF-8 (U+FFFD in Node's decoding) or holds the escape range itself.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp.ts';
import { fsPath, keyBytes, pathKey } from '../text/fsPath.ts';
import { walk, type WalkResult } from './walk.ts';

const names: Record<string, Buffer> = {
  plain: Buffer.from('01 Plain.mp3'),
  latin1: Buffer.from('02 Caf\xe9.mp3', 'latin1'),
  replacement: Buffer.from('03 \ufffd Real.mp3'), // a name that really holds U+FFFD (bytes EF BF BD)
  escapeRange: Buffer.from('04 \uef80.mp3'), // a name in the range keys use for escaped bytes
};

describe('walk: names', () => {
  let root: string;
  let result: WalkResult;
  const folders: Array<{ files: string[]; images: Map<string, unknown> }> = [];
  const dirBytes = (dir: string) => Buffer.from(dir);

  beforeAll(async () => {
    root = tempDir('tonearm-walk-');
    // Each odd name alone in a folder of plain names, and all of them together in one folder.
    for (const [what, name] of Object.entries(names)) {
      const dir = path.join(root, what);
      fs.mkdirSync(dir);
      fs.writeFileSync(Buffer.concat([dirBytes(dir), Buffer.from('/'), name]), what);
      fs.writeFileSync(path.join(dir, '00 Neighbour.mp3'), 'n');
    }
    const all = path.join(root, 'all');
    fs.mkdirSync(all);
    for (const name of Object.values(names)) fs.writeFileSync(Buffer.concat([dirBytes(all), Buffer.from('/'), name]), 'x');
    // Files the walk has no use for are skipped unread, a FIFO among them; a FIFO named as audio is an error.
    fs.writeFileSync(path.join(all, 'notes.txt'), 'x');
    execFileSync('mkfifo', [path.join(all, 'pipe.log'), path.join(all, 'pipe.mp3')]);
    result = await walk({ roots: [root], onFolder: (files, images) => folders.push({ files: files.map((f) => f.path), images: new Map(images) }) });
  }, 60_000);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('finds every file under the key of its exact bytes, and the key opens it', () => {
    const expected = Object.entries(names).flatMap(([what, name]) => [
      pathKey(Buffer.concat([dirBytes(path.join(root, 'all')), Buffer.from('/'), name])),
      path.join(root, what, '00 Neighbour.mp3'),
      pathKey(Buffer.concat([dirBytes(path.join(root, what)), Buffer.from('/'), name])),
    ]);
    expect(result.files.map((f) => f.path).sort()).toEqual(expected.sort());
    for (const f of result.files) expect(fs.statSync(fsPath(f.path)).size).toBe(f.size);
    const escaped = result.files.find((f) => f.path.endsWith('.mp3') && f.path.includes('/escapeRange/04'));
    expect(keyBytes(escaped?.path ?? '').equals(Buffer.concat([dirBytes(path.join(root, 'escapeRange')), Buffer.from('/'), names.escapeRange!]))).toBe(true);
  });

  it('hands each folder over once with its own files', () => {
    expect(folders.flatMap((f) => f.files).sort()).toEqual(result.files.map((f) => f.path).sort());
    expect(folders).toHaveLength(Object.keys(names).length + 1);
  });

  it('skips files it has no use for without reading them, and reports audio that is not a file', () => {
    expect(result.errors).toEqual([{ path: path.join(root, 'all', 'pipe.mp3'), reason: 'not a regular file (FIFO)', size: null, mtimeMs: null }]);
  });
});

describe('walk: folders handed over as they are listed', () => {
  let root: string;
  const calls: Array<{ files: string[]; withImage: boolean }> = [];
  let result: WalkResult;

  beforeAll(async () => {
    root = tempDir('tonearm-walk-folders-');
    for (const f of ['A/1.mp3', 'A/2.flac', 'A/cover.jpg', 'A/Sub/3.ogg', 'B/4.mp3', 'B/notes.txt', '5.mp3', 'Empty/readme.txt']) {
      fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      fs.writeFileSync(path.join(root, f), f);
    }
    result = await walk({
      roots: [root],
      onFolder: (files, images) => calls.push({ files: files.map((f) => path.relative(root, f.path)), withImage: images.has(path.dirname(files[0]!.path)) }),
    });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('hands every audio file over exactly once, with its own folder, after that folder is listed', () => {
    expect(calls.flatMap((c) => c.files).sort()).toEqual(result.files.map((f) => path.relative(root, f.path)).sort());
    for (const c of calls) expect(new Set(c.files.map((f) => path.dirname(f))).size).toBe(1);
    expect(calls.find((c) => c.files.includes('A/1.mp3'))).toEqual({ files: ['A/1.mp3', 'A/2.flac'], withImage: true });
    expect(calls.find((c) => c.files.includes('A/Sub/3.ogg'))).toEqual({ files: ['A/Sub/3.ogg'], withImage: false });
    expect(calls.find((c) => c.files.includes('5.mp3'))?.files).toEqual(['5.mp3']);
  });

  it('hands over a single file walked on its own (watch mode)', async () => {
    const single: string[][] = [];
    await walk({ roots: [root], only: [path.join(root, 'B/4.mp3')], onFolder: (files) => single.push(files.map((f) => f.path)) });
    expect(single).toEqual([[path.join(root, 'B/4.mp3')]]);
  });
});
