// Paths as bytes through sync: files whose names are not UTF-8 are encoded, published and
// streamable remotely, their folder (the album of untagged files) shown as people read it.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Track } from '../contract/index.ts';
import { writeTracks } from '../testing/audio.ts';
import { tempLibrary, type TempLibrary } from '../testing/temp.ts';
import { sync } from './client.ts';
import type { StreamUrl } from './protocol.ts';
import { startRealSyncServer, type RealSyncServer } from './testing/realServer.ts';

const bytes = (s: string): Buffer => Buffer.from(s, 'latin1'); // each char is one byte

describe('sync of files whose names are not UTF-8', () => {
  let lib: TempLibrary;
  let server: RealSyncServer;
  beforeAll(async () => {
    lib = tempLibrary();
    const staging = path.join(lib.dir, 'staging');
    await writeTracks(staging, [
      { path: 'a.mp3', format: 'mp3', frequency: 400 },
      { path: 'b.flac', format: 'flac', frequency: 500, tags: { title: 'Tagged Bytes', artist: 'Byte Artist', album: 'Byte Album' } },
    ]);
    const place = (from: string, to: string): void => {
      const target = Buffer.concat([bytes(`${lib.music}/`), bytes(to)]);
      fs.mkdirSync(target.subarray(0, target.lastIndexOf(0x2f)), { recursive: true });
      fs.renameSync(path.join(staging, from), target);
    };
    place('a.mp3', 'Caf\xe9 Classics/01 Caf\xe9 M\xfcller.mp3'); // Latin-1 folder and file
    place('b.flac', 'Odd/\xff\xfe\xc3(broken).flac'); // not UTF-8 at all
    await lib.scan();
    server = await startRealSyncServer({});
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    lib?.cleanup();
  });

  it('publishes them, readable and streamable', async () => {
    const r = await sync({ catalog: lib.catalog, server: server.url, token: server.token, renditionCache: path.join(lib.dir, 'renditions'), coverDir: lib.coverDir });
    expect(r.failures).toEqual([]);
    expect(r).toMatchObject({ tracks: 2, failed: 0, published: 2 });
    const tracks = (await server.get<Page<Track>>('/api/tracks?limit=10&sort=title')).items;
    expect(tracks.map((t) => [t.title, t.album])).toEqual([['Café Müller', 'Café Classics'], ['Tagged Bytes', 'Byte Album']]);
    for (const t of tracks) {
      const s = await server.get<StreamUrl>(`/api/tracks/${t.id}/stream?quality=low`);
      const res = await fetch(s.url, { headers: { range: 'bytes=0-0' } });
      await res.arrayBuffer();
      expect(res.status, t.title).toBe(206);
    }
  }, 120_000);
});
