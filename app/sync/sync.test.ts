// sync() end to end against the real sync server (sync-server/main.ts as a child process) over the fs
// store and a signature-checking S3 server: real ffmpeg, real SQLite. Publishing, no-change runs,
// tag edits, deletions, a server that lost its database, and ids that stay with their audio across
// a rebuilt catalog, a second desktop and identical copies of one song.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog, type Catalog } from '../catalog/index.ts';
import type { Page, Track } from '../contract/index.ts';
import { scan } from '../scanner/index.ts';
import { retag, writeTracks, type ToneSpec } from '../testing/audio.ts';
import { startTestS3, type TestS3 } from '../testing/s3.ts';
import { tempLibrary, type TempLibrary } from '../testing/temp.ts';
import { sync, type SyncOptions } from './client.ts';
import type { ChangesResponse, StreamUrl } from './protocol.ts';
import { startRealSyncServer, type RealSyncServer } from './testing/realServer.ts';

const library: ToneSpec[] = [
  { path: 'A/01 One.mp3', format: 'mp3', tags: { title: 'One', artist: 'Art', album: 'Alb', track: '1' }, cover: 'red' },
  { path: 'A/02 Two.mp3', format: 'mp3', tags: { title: 'Two', artist: 'Art', album: 'Alb', track: '2' }, cover: 'red' },
  { path: 'B/01 Three.flac', format: 'flac', seconds: 3, tags: { title: 'Three', artist: 'Bee', album: 'Bees', genre: 'Jazz' } },
  { path: 'B/02 Four.flac', format: 'flac', seconds: 3, tags: { title: 'Four', artist: 'Bee', album: 'Bees', genre: 'Jazz' } },
  { path: 'C/01 Five.opus', format: 'opus', tags: { title: 'Five', artist: 'Sea' } },
  { path: 'C/02 Six.m4a', format: 'm4a', tags: { title: 'Six', artist: 'Sea' } },
];

async function visibleTracks(server: RealSyncServer): Promise<Track[]> {
  return (await server.get<Page<Track>>('/api/tracks?limit=1000')).items;
}

/** Title → mirror id of every visible track; fails on a title listed twice. */
async function idsByTitle(server: RealSyncServer): Promise<Map<string, number>> {
  const tracks = await visibleTracks(server);
  const ids = new Map(tracks.map((t) => [t.title, t.id]));
  expect(ids.size, `titles: ${tracks.map((t) => t.title).join(', ')}`).toBe(tracks.length);
  return ids;
}

/** Every visible track: each quality resolves to an object storage serves (and its cover, if any). */
async function assertVisibleTracksPlayable(server: RealSyncServer): Promise<number> {
  const tracks = await visibleTracks(server);
  for (const t of tracks) {
    for (const quality of ['high', 'medium', 'low', 'auto']) {
      const s = await server.get<StreamUrl>(`/api/tracks/${t.id}/stream?quality=${quality}`);
      const res = await fetch(s.url, { headers: { range: 'bytes=0-0' } });
      await res.arrayBuffer();
      expect(res.status, `track ${t.id} (${t.title}) ${quality}: ${s.url}`).toBe(206);
    }
    if (t.coverId !== null) {
      const res = await fetch(`${server.url}/api/covers/${t.coverId}`, { headers: { authorization: `Bearer ${server.listenToken}`, range: 'bytes=0-0' } });
      await res.arrayBuffer();
      expect(res.status, `cover of ${t.title}`).toBe(206);
    }
  }
  return tracks.length;
}

/** The audio key every visible track streams (its fingerprint is in the object key). */
async function audioOf(server: RealSyncServer, id: number): Promise<string> {
  const s = await server.get<StreamUrl>(`/api/tracks/${id}/stream?quality=low`);
  return /renditions\/([0-9a-f]+)\//.exec(decodeURIComponent(s.url))?.[1] ?? '';
}

describe.each(['fs', 's3'] as const)('sync to the real sync server (%s store)', (kind) => {
  let lib: TempLibrary;
  let s3: TestS3 | undefined;
  let server: RealSyncServer;
  let options: SyncOptions;
  beforeAll(async () => {
    lib = tempLibrary();
    await writeTracks(lib.music, library);
    await lib.scan();
    if (kind === 's3') s3 = await startTestS3();
    server = await startRealSyncServer(s3 ? { s3 } : {});
    options = { catalog: lib.catalog, server: server.url, token: server.token, renditionCache: path.join(lib.dir, 'renditions'), coverDir: lib.coverDir };
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await s3?.close();
    lib?.cleanup();
  });

  it('publishes every track with all of its objects, playable at every quality, measuring loudness once', async () => {
    const events: string[] = [];
    const r = await sync({ ...options, onProgress: (p) => events.push(p.phase) });
    expect(r).toMatchObject({ tracks: 6, failed: 0, skipped: 0, published: 6 });
    expect(r.failures).toEqual([]);
    expect(r.uploaded).toBeGreaterThanOrEqual(6 * 2 + 1);
    expect(r.bytes).toBeGreaterThan(0);
    expect(events[0]).toBe('reading');
    expect(events.at(-1)).toBe('done');
    expect(events).toContain('uploading');
    expect(await assertVisibleTracksPlayable(server)).toBe(6);
    const titles = (await visibleTracks(server)).map((t) => t.title).sort();
    expect(titles).toEqual(['Five', 'Four', 'One', 'Six', 'Three', 'Two']);
    const three = (await visibleTracks(server)).find((t) => t.title === 'Three');
    expect(three).toMatchObject({ artist: 'Bee', album: 'Bees', genres: ['Jazz'], lossless: true });
    expect(lib.catalog.db.prepare('SELECT count(*) AS n FROM track_loudness').get()).toEqual({ n: 6 });
  }, 120_000);

  it('a second sync uploads nothing', async () => {
    const before = s3 ? s3.requests.length : 0;
    const r = await sync(options);
    expect(r).toMatchObject({ tracks: 6, uploaded: 0, bytes: 0, skipped: 6, failed: 0, published: 0 });
    if (s3) expect(s3.requests.slice(before).filter((q) => q.startsWith('PUT '))).toEqual([]);
  });

  it('a tag edit re-commits metadata without re-uploading audio, and the track keeps its id', async () => {
    const before = await idsByTitle(server);
    await retag(path.join(lib.music, 'B/01 Three.flac'), { title: 'Three (edit)' });
    await lib.scan();
    const r = await sync(options);
    expect(r).toMatchObject({ uploaded: 0, bytes: 0, published: 1, failed: 0 });
    const after = await idsByTitle(server);
    expect(after.get('Three (edit)')).toBe(before.get('Three'));
  }, 60_000);

  it('a deletion propagates', async () => {
    fs.rmSync(path.join(lib.music, 'C/02 Six.m4a'));
    await lib.scan();
    const r = await sync(options);
    expect(r).toMatchObject({ tracks: 5, removed: 1, uploaded: 0, failed: 0 });
    const titles = (await visibleTracks(server)).map((t) => t.title);
    expect(titles).toHaveLength(5);
    expect(titles).not.toContain('Six');
    const feed = await server.get<ChangesResponse>('/api/sync/changes?since=0');
    expect(feed.changes.at(-1)).toMatchObject({ kind: 'remove' });
    expect((await sync(options)).removed).toBe(0);
  }, 60_000);

  it('ids stay with their audio across a rebuilt catalog (rows in another order) and a second desktop; nothing is listed twice', async () => {
    const before = await idsByTitle(server);
    const audio = new Map(await Promise.all([...before].map(async ([title, id]) => [title, await audioOf(server, id)] as const)));

    // The same files, a new database whose rows come in another order (C, then B, then A).
    const rebuild = (file: string, covers: string): Promise<Catalog> => (async () => {
      const catalog = openCatalog({ file });
      for (const only of [['C'], ['B'], []]) await scan({ roots: [lib.music], catalog, coverDir: covers, ...(only.length ? { only: only.map((d) => path.join(lib.music, d)) } : {}) });
      return catalog;
    })();
    const rebuilt = await rebuild(path.join(lib.dir, 'rebuilt.db'), path.join(lib.dir, 'covers-rebuilt'));
    try {
      const ids = (c: Catalog) => c.db.prepare('SELECT title FROM tracks ORDER BY id').pluck().all();
      expect(ids(rebuilt)).not.toEqual(ids(lib.catalog));
      const r = await sync({ ...options, catalog: rebuilt, coverDir: path.join(lib.dir, 'covers-rebuilt') });
      expect(r).toMatchObject({ tracks: 5, failed: 0, uploaded: 0 });
      expect(await idsByTitle(server)).toEqual(before);
      for (const [title, id] of before) expect(await audioOf(server, id), title).toBe(audio.get(title));

      // A second desktop with the same library, its own token: the same tracks, not a second copy.
      const second = openCatalog({ file: path.join(lib.dir, 'second.db') });
      try {
        await scan({ roots: [lib.music], catalog: second, coverDir: path.join(lib.dir, 'covers-second') });
        const token = await server.device('second desktop', 'sync');
        const s = await sync({ ...options, catalog: second, token, coverDir: path.join(lib.dir, 'covers-second') });
        expect(s).toMatchObject({ tracks: 5, failed: 0, uploaded: 0 });
        expect(await idsByTitle(server)).toEqual(before);

        // A file deleted on one desktop stays while the other still has it.
        fs.renameSync(path.join(lib.music, 'C/01 Five.opus'), path.join(lib.dir, 'Five.opus'));
        await scan({ roots: [lib.music], catalog: rebuilt, coverDir: path.join(lib.dir, 'covers-rebuilt') });
        await scan({ roots: [lib.music], catalog: second, coverDir: path.join(lib.dir, 'covers-second') });
        await sync({ ...options, catalog: rebuilt, coverDir: path.join(lib.dir, 'covers-rebuilt') });
        expect((await idsByTitle(server)).get('Five')).toBe(before.get('Five'));
        await sync({ ...options, catalog: second, token, coverDir: path.join(lib.dir, 'covers-second') });
        expect((await idsByTitle(server)).has('Five')).toBe(false);
        // Back again: the same id as before.
        fs.renameSync(path.join(lib.dir, 'Five.opus'), path.join(lib.music, 'C/01 Five.opus'));
        await scan({ roots: [lib.music], catalog: rebuilt, coverDir: path.join(lib.dir, 'covers-rebuilt') });
        await sync({ ...options, catalog: rebuilt, coverDir: path.join(lib.dir, 'covers-rebuilt') });
        expect(await idsByTitle(server)).toEqual(before);
      } finally {
        second.close();
      }
    } finally {
      rebuilt.close();
    }
  }, 180_000);

  it('identical audio in two places is two tracks, each with its own id', async () => {
    const copy = path.join(lib.music, 'D', 'One again.mp3');
    fs.mkdirSync(path.dirname(copy), { recursive: true });
    fs.copyFileSync(path.join(lib.music, 'A/01 One.mp3'), copy);
    await lib.scan();
    const r = await sync(options);
    expect(r.failed).toBe(0);
    const ones = (await visibleTracks(server)).filter((t) => t.title === 'One');
    expect(ones).toHaveLength(2);
    expect(new Set(ones.map((t) => t.id)).size).toBe(2);
  }, 60_000);
});

describe('a sync server that lost its database', () => {
  let lib: TempLibrary;
  let s3: TestS3;
  beforeAll(async () => {
    lib = tempLibrary();
    await writeTracks(lib.music, library.slice(0, 3));
    await lib.scan();
    s3 = await startTestS3();
  }, 60_000);
  afterAll(async () => {
    await s3?.close();
    lib?.cleanup();
  });

  it('is noticed by the next sync, which republishes everything with the same ids', async () => {
    const first = await startRealSyncServer({ s3 });
    const options = { catalog: lib.catalog, server: first.url, token: first.token, renditionCache: path.join(lib.dir, 'renditions'), coverDir: lib.coverDir };
    expect((await sync(options)).published).toBe(3);
    const ids = await idsByTitle(first);
    await first.close();
    // A new server at the same address, with a new database, over the same bucket: the desktop's
    // record says everything is published; its sample check finds otherwise.
    const second = await startRealSyncServer({ s3, args: ['--port', new URL(first.url).port] });
    try {
      expect(second.url).toBe(first.url);
      const r = await sync({ ...options, token: second.token });
      expect(r).toMatchObject({ tracks: 3, published: 3, failed: 0 });
      expect(await assertVisibleTracksPlayable(second)).toBe(3);
      expect(await idsByTitle(second)).toEqual(ids);
    } finally {
      await second.close();
    }
  }, 120_000);
});
