import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSync } from './syncFile.ts';

describe('SyncFile (cached block reads)', () => {
  let dir: string;
  let file: string;
  let bytes: Buffer;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tonearm-syncfile-'));
    file = path.join(dir, 'data.bin');
    bytes = randomBytes(200_000 + 123); // a few blocks and a ragged end
    fs.writeFileSync(file, bytes);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives exactly the bytes of the file at any position and length, across blocks and past the end', () => {
    const f = openSync(file);
    try {
      const cases: Array<[number, number]> = [
        [0, 0], [0, 1], [0, 4096], [16_383, 2], [16_384, 16_384], [10_000, 40_000], [65_000, 140_000],
        [bytes.length - 10, 10], [bytes.length - 10, 100], [bytes.length, 5], [bytes.length + 1000, 5], [1, bytes.length + 50],
      ];
      // and a pseudo-random walk of small reads, as a tag reader makes them
      let seed = 7;
      for (let i = 0; i < 500; i++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        cases.push([seed % bytes.length, 1 + (seed % 3000)]);
      }
      for (const [position, length] of cases) {
        const want = bytes.subarray(Math.min(position, bytes.length), Math.min(position + length, bytes.length));
        expect(Buffer.compare(f.readAt(position, length), want), `readAt(${position}, ${length})`).toBe(0);
        const target = Buffer.alloc(length + 8, 0xaa);
        const n = f.readInto(target, 8, length, position);
        expect(n).toBe(want.length);
        expect(Buffer.compare(target.subarray(8, 8 + n), want), `readInto(${position}, ${length})`).toBe(0);
        expect(target.subarray(0, 8).every((b) => b === 0xaa)).toBe(true);
      }
    } finally {
      f.close();
    }
  });

  it('stops at the bytes that exist when the file shrank after it was opened', () => {
    const short = path.join(dir, 'shrinks.bin');
    fs.writeFileSync(short, bytes);
    const f = openSync(short);
    try {
      fs.truncateSync(short, 30_000);
      expect(f.size).toBe(bytes.length);
      expect(f.readAt(20_000, 50_000).length).toBe(10_000);
      expect(Buffer.compare(f.readAt(29_000, 5_000), bytes.subarray(29_000, 30_000))).toBe(0);
    } finally {
      f.close();
    }
  });
});
