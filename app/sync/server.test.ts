// sync() against the real sync server (sync-server/main.ts as a child process) over the fs store and
// a signature-checking S3 server; the CLI killed with SIGKILL mid-sync and run again.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Track } from '../contract/index.ts';
import { createS3Store } from '../storage/index.ts';
import { retag, writeTracks, type ToneSpec } from '../testing/audio.ts';
import { startTestS3, type TestS3 } from '../testing/s3.ts';
import { tempLibrary, type TempLibrary } from '../testing/temp.ts';
import { sync, type SyncOptions } from './client.ts';
import type { ChangesResponse, StreamUrl } from './protocol.ts';
import { startRealSyncServer, type RealSyncServer } from './testing.ts';

const CLI = fileURLToPath(new URL('../cli/main.ts', import.meta.url));

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
      const res = await fetch(`${server.url}/api/covers/${t.coverId}`, { headers: { authorization: `Bearer ${server.token}`, range: 'bytes=0-0' } });
      await res.arrayBuffer();
      expect(res.status, `cover of ${t.title}`).toBe(206);
    }
  }
  return tracks.length;
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
    lib.cleanup();
  });

  it('publishes every track, playable at every quality', async () => {
    const r = await sync(options);
    expect(r).toMatchObject({ tracks: 6, failed: 0, skipped: 0, published: 6 });
    expect(r.failures).toEqual([]);
    expect(await assertVisibleTracksPlayable(server)).toBe(6);
    const titles = (await visibleTracks(server)).map((t) => t.title).sort();
    expect(titles).toEqual(['Five', 'Four', 'One', 'Six', 'Three', 'Two']);
  }, 120_000);

  it('a second sync uploads 0 bytes', async () => {
    const r = await sync(options);
    expect(r).toMatchObject({ tracks: 6, uploaded: 0, bytes: 0, skipped: 6, failed: 0 });
  });

  it('a tag edit re-commits metadata without re-uploading audio', async () => {
    await retag(path.join(lib.music, 'B/01 Three.flac'), { title: 'Three (edit)' });
    await lib.scan();
    const r = await sync(options);
    expect(r).toMatchObject({ uploaded: 0, bytes: 0, published: 1, failed: 0 });
    expect((await visibleTracks(server)).map((t) => t.title)).toContain('Three (edit)');
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
  }, 60_000);
});

describe('tonearm sync killed mid-run (real server, S3)', () => {
  let lib: TempLibrary;
  let s3: TestS3;
  let server: RealSyncServer;
  beforeAll(async () => {
    lib = tempLibrary();
    await writeTracks(lib.music, Array.from({ length: 14 }, (_, i) => ({
      path: `Album ${i % 3}/${String(i + 1).padStart(2, '0')} Song.flac`, format: 'flac' as const, seconds: 8,
      tags: { title: `Song ${i + 1}`, artist: `Artist ${i % 3}`, album: `Album ${i % 3}` },
    })));
    await lib.scan();
    lib.catalog.close();
    s3 = await startTestS3();
    server = await startRealSyncServer({ s3 });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await s3?.close();
    lib.cleanup();
  });

  const args = () => ['sync', '--server', server.url, '--token', server.token, '--db', lib.dbFile, '--covers', lib.coverDir, '--json'];
  const puts = (from = 0) => s3.requests.slice(from).filter((r) => r.startsWith('PUT ') && r.includes('/renditions/'))
    .map((r) => decodeURIComponent((r.split(' ')[1] ?? '').split('?')[0] ?? '').replace(`/${s3.bucket}/`, ''));

  it('converges after SIGKILL without re-uploading finished objects or publishing a track without its objects', async () => {
    const store = createS3Store({ endpoint: s3.endpoint, bucket: s3.bucket, region: s3.region, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, forcePathStyle: true });
    const child = spawn(process.execPath, [CLI, ...args(), '--transcodes', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let checks = 0;
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && child.exitCode === null) {
      const visible = await assertVisibleTracksPlayable(server);
      checks++;
      if (puts().length >= 10 && visible < 14) {
        child.kill('SIGKILL');
        break;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await exited).toBeNull();
    const afterKill = s3.requests.length;
    const finished = new Set<string>();
    for await (const o of store.list('renditions/')) finished.add(o.key);
    expect(finished.size).toBeGreaterThan(0);
    const visibleAtKill = (await visibleTracks(server)).length;
    expect(visibleAtKill).toBeLessThan(14);

    const again = spawn(process.execPath, [CLI, ...args()], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    again.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    again.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const done = new Promise<number | null>((resolve) => again.on('close', (code) => resolve(code)));
    while (again.exitCode === null) {
      await assertVisibleTracksPlayable(server);
      checks++;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await done, stderr).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, number>;
    expect(summary).toMatchObject({ tracks: 14, failed: 0 });
    expect(await assertVisibleTracksPlayable(server)).toBe(14);
    expect(puts(afterKill).filter((k) => finished.has(k))).toEqual([]);
    expect(checks).toBeGreaterThan(3);
  }, 180_000);
});
