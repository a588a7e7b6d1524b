// An album's art embedded in each of its tracks is hashed once per run of equal images and crosses
// to the main thread once per task; the scan still gives every track its cover.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTracks } from '../testing/audio.ts';
import { tempLibrary, type TempLibrary } from '../testing/temp.ts';
import { parseBatch, type EmbeddedCover } from './parseFile.ts';

describe('embedded covers in a task', () => {
  let lib: TempLibrary;
  const files = ['Red/1.mp3', 'Red/2.flac', 'Red/3.mp3', 'Blue/1.mp3', 'Red/4.mp3'];

  beforeAll(async () => {
    lib = tempLibrary();
    await writeTracks(lib.music, files.map((f, i) => ({
      path: f, format: f.endsWith('.flac') ? 'flac' : 'mp3', cover: f.startsWith('Red') ? 'red' : 'blue',
      tags: { title: `T${i}`, artist: 'A', album: path.dirname(f) },
    })));
  }, 60_000);
  afterAll(() => lib?.cleanup());

  const task = (rel: string) => {
    const file = path.join(lib.music, rel);
    const st = fs.statSync(file);
    return { path: file, size: st.size, mtimeMs: st.mtimeMs, wantCover: true };
  };
  const coversOf = async (rels: string[]): Promise<EmbeddedCover[]> =>
    (await parseBatch({ files: rels.map(task), exactDurationMaxBytes: 1 << 26 })).map((o) => {
      if (!o.ok || !o.cover) throw new Error(`no cover read: ${JSON.stringify(o)}`);
      return o.cover;
    });

  it('sends an image once per task, by hash after that, and hashes equal images alike', async () => {
    const covers = await coversOf(files);
    const [red, red2, red3, blue, red4] = covers;
    expect(red?.data).not.toBeNull();
    expect(blue?.data).not.toBeNull();
    expect([red2?.data, red3?.data, red4?.data]).toEqual([null, null, null]);
    expect(new Set([red, red2, red3, red4].map((c) => c?.hash)).size).toBe(1);
    expect(blue?.hash).not.toBe(red?.hash);
    for (const c of [red, blue]) {
      expect(c?.hash).toBe(createHash('sha256').update(c?.data ?? new Uint8Array()).digest('hex').slice(0, 32));
    }
  });

  it('sends the image again in the next task', async () => {
    const [first] = await coversOf(['Red/1.mp3']);
    const [again] = await coversOf(['Red/2.flac']);
    expect(first?.data).not.toBeNull();
    expect(again?.data).not.toBeNull();
    expect(again?.hash).toBe(first?.hash);
  });

  it('gives every track of the scanned folders its cover', async () => {
    await lib.scan();
    const rows = lib.catalog.db.prepare('SELECT path, cover_id FROM tracks ORDER BY path').all() as { path: string; cover_id: number | null }[];
    expect(rows).toHaveLength(files.length);
    const red = rows.filter((r) => r.path.includes('/Red/')).map((r) => r.cover_id);
    expect(new Set(red).size).toBe(1);
    expect(red[0]).not.toBeNull();
    expect(rows.find((r) => r.path.includes('/Blue/'))?.cover_id).not.toBe(red[0]);
    expect(lib.catalog.db.prepare('SELECT count(*) AS n FROM covers').get()).toEqual({ n: 2 });
  });
});
