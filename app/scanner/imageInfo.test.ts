import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeImage } from '../testing/audio.ts';
import { tempDir } from '../testing/temp.ts';
import { imageInfo } from './imageInfo.ts';

describe('image headers', () => {
  let dir: string;
  beforeAll(async () => {
    dir = tempDir('tonearm-img-');
    for (const ext of ['jpg', 'png', 'webp']) await writeImage(path.join(dir, `a.${ext}`), { size: 320 });
  }, 30_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([['jpg', 'image/jpeg'], ['png', 'image/png'], ['webp', 'image/webp']])('reads the type and size of a real %s', (ext, mime) => {
    expect(imageInfo(fs.readFileSync(path.join(dir, `a.${ext}`)))).toEqual({ mime, width: 320, height: 320 });
  });

  it('rejects what is not an image, or a header cut short', () => {
    expect(imageInfo(Buffer.from('not an image at all, just some text'))).toBeNull();
    expect(imageInfo(fs.readFileSync(path.join(dir, 'a.jpg')).subarray(0, 20))).toBeNull();
    expect(imageInfo(Buffer.alloc(4096))).toBeNull();
  });
});
