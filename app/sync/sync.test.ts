// sync() end to end: real ffmpeg, real SQLite, a protocol server with a real object store behind it
// (the fs driver, and a signature-checking S3 server), and the CLI as a child process.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retag, writeTracks, type ToneSpec } from '../testing/audio.ts';
import { startTestS3, type TestS3 } from '../testing/s3.ts';
import { tempLibrary, type TempLibrary } from '../testing/temp.ts';
import { sync, type SyncOptions } from './client.ts';
import type { ManifestTrack } from './protocol.ts';
import { startFakeSyncServer, type FakeSyncServer } from './testing.ts';

const CLI = fileURLToPath(new URL('../cli/main.ts', import.meta.url));

const library: ToneSpec[] = [
  { path: 'A/01 One.mp3', format: 'mp3', tags: { title: 'One', artist: 'Art', album: 'Alb', track: '1' }, cover: 'red' },
  { path: 'A/02 Two.mp3', format: 'mp3', tags: { title: 'Two', artist: 'Art', album: 'Alb', track: '2' }, cover: 'red' },
  { path: 'B/01 Three.flac', format: 'flac', seconds: 3, tags: { title: 'Three', artist: 'Bee', album: 'Bees', genre: 'Jazz' } },
  { path: 'B/02 Four.flac', format: 'flac', seconds: 3, tags: { title: 'Four', artist: 'Bee', album: 'Bees', genre: 'Jazz' } },
  { path: 'C/01 Five.opus', format: 'opus', tags: { title: 'Five', artist: 'Sea' } },
  { path: 'C/02 Six.m4a', format: 'm4a', tags: { title: 'Six', artist: 'Sea' } },
];

/** Every object of every published track is in storage with the committed size. */
async function assertAllObjectsPresent(server: FakeSyncServer, tracks: Iterable<ManifestTrack>): Promise<number> {
  let n = 0;
  for (const t of tracks) {
    for (const o of [...t.renditions, ...(t.cover ? [t.cover] : [])]) {
      const info = await server.store.head(o.key);
      expect(info, `${o.key} of track ${t.sourceId}`).not.toBeNull();
      expect(info?.size).toBe(o.bytes);
      n++;
    }
  }
  return n;
}

describe.each(['fs', 's3'] as const)('sync against the %s store', (kind) => {
  let lib: TempLibrary;
  let s3: TestS3 | undefined;
  let server: FakeSyncServer;
  let options: SyncOptions;
  beforeAll(async () => {
    lib = tempLibrary();
    await writeTracks(lib.music, library);
    await lib.scan();
    if (kind === 's3') s3 = await startTestS3();
    server = await startFakeSyncServer(s3 ? { s3 } : {});
    options = { catalog: lib.catalog, server: server.url, token: server.token, renditionCache: path.join(lib.dir, 'renditions'), coverDir: lib.coverDir };
  }, 60_000);
  afterAll(async () => {
    await server.close();
    await s3?.close();
    lib.cleanup();
  });

  it('publishes every track with all of its objects, measuring loudness once', async () => {
    const events: string[] = [];
    const r = await sync({ ...options, onProgress: (p) => events.push(p.phase) });
    expect(r).toMatchObject({ tracks: 6, failed: 0, skipped: 0, published: 6, removed: 0 });
    expect(r.uploaded).toBeGreaterThanOrEqual(6 * 2 + 1);
    expect(r.bytes).toBeGreaterThan(0);
    expect(server.published.size).toBe(6);
    expect(await assertAllObjectsPresent(server, server.published.values())).toBe(r.uploaded + 1); // one shared cover
    expect(events[0]).toBe('reading');
    expect(events.at(-1)).toBe('done');
    expect(events).toContain('uploading');
    const three = [...server.published.values()].find((t) => t.meta.title === 'Three');
    expect(three?.meta).toMatchObject({ artist: 'Bee', album: 'Bees', genres: ['Jazz'], lossless: true });
    expect(three?.meta.loudnessLufs).toEqual(expect.any(Number));
    expect(three?.renditions.map((x) => x.rung)).toEqual(['high', 'medium', 'low', 'preview']);
    expect(lib.catalog.db.prepare('SELECT count(*) AS n FROM track_loudness').get()).toEqual({ n: 6 });
  }, 120_000);

  it('a second sync uploads nothing and sends only a small check', async () => {
    const before = server.log.length;
    const r = await sync(options);
    expect(r).toMatchObject({ tracks: 6, uploaded: 0, bytes: 0, skipped: 6, failed: 0, published: 0 });
    expect(server.log.slice(before).map((l) => l.path)).toEqual(['/api/sync/manifest']);
  });

  it('a tag edit re-commits metadata without uploading audio', async () => {
    await retag(path.join(lib.music, 'B/01 Three.flac'), { title: 'Three (edit)' });
    await lib.scan();
    const r = await sync(options);
    expect(r).toMatchObject({ uploaded: 0, bytes: 0, published: 1, skipped: 5, failed: 0 });
    expect([...server.published.values()].map((t) => t.meta.title)).toContain('Three (edit)');
  }, 60_000);

  it('deletions propagate as tombstones', async () => {
    fs.rmSync(path.join(lib.music, 'C/02 Six.m4a'));
    await lib.scan();
    const r = await sync(options);
    expect(r).toMatchObject({ tracks: 5, removed: 1, uploaded: 0, failed: 0 });
    expect([...server.published.values()].map((t) => t.meta.title)).not.toContain('Six');
    expect(server.changes.at(-1)).toMatchObject({ kind: 'remove' });
    expect((await sync(options)).removed).toBe(0);
  }, 60_000);

  it('an object recorded as uploaded but gone from storage is uploaded in a second pass', async () => {
    const victim = [...server.published.values()][0];
    const key = victim?.renditions[0]?.key ?? '';
    await server.store.delete(key);
    server.published.clear(); // the server "lost" its state and the object
    const r = await sync(options);
    expect(r).toMatchObject({ tracks: 5, published: 5, failed: 0 });
    expect(r.uploaded).toBeGreaterThanOrEqual(1);
    expect(r.uploaded).toBeLessThanOrEqual(victim ? victim.renditions.length + 1 : 1); // that track's objects only
    expect(await server.store.head(key)).not.toBeNull();
  }, 60_000);

  it('notices a server that lost its state and re-commits without re-uploading', async () => {
    server.published.clear();
    const r = await sync(options);
    expect(r).toMatchObject({ tracks: 5, uploaded: 0, published: 5, failed: 0 });
    expect(server.published.size).toBe(5);
  }, 60_000);
});

describe('tonearm sync (CLI)', () => {
  let lib: TempLibrary;
  let server: FakeSyncServer;
  beforeAll(async () => {
    lib = tempLibrary();
    const specs: ToneSpec[] = Array.from({ length: 14 }, (_, i) => ({
      path: `Album ${i % 3}/${String(i + 1).padStart(2, '0')} Song.flac`, format: 'flac' as const, seconds: 8,
      tags: { title: `Song ${i + 1}`, artist: `Artist ${i % 3}`, album: `Album ${i % 3}` },
    }));
    await writeTracks(lib.music, specs);
    await lib.scan();
    lib.catalog.close();
    server = await startFakeSyncServer();
  }, 60_000);
  afterAll(async () => {
    await server.close();
    lib.cleanup();
  });

  const args = () => ['sync', '--server', server.url, '--token', server.token, '--db', lib.dbFile, '--covers', lib.coverDir, '--json'];
  // Async: the sync server runs in this process, so a blocking spawnSync would starve it.
  const run = (...a: string[]) => new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, ...a], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, number>;

  it('fails with one sentence for a wrong token, an unreachable server, missing arguments', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['sync', '--server', server.url, '--token', 'wrong', '--db', lib.dbFile], /refused the device token \(401\)/],
      [['sync', '--server', 'http://127.0.0.1:9', '--token', 't', '--db', lib.dbFile], /cannot reach the sync server at http:\/\/127\.0\.0\.1:9/],
      [['sync', '--server', 'ftp://x', '--token', 't', '--db', lib.dbFile], /must start with http/],
      [['sync', '--token', 't', '--db', lib.dbFile], /missing --server/],
      [['sync', '--server', server.url, '--token', 't', '--db', lib.dbFile, '--uploads', '0'], /--uploads must be a positive/],
    ];
    for (const [a, message] of cases) {
      const r = await run(...a);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  }, 60_000);

  it('killed (SIGKILL) mid-sync and run again: converges, re-uploads nothing finished, never publishes a track without its objects', async () => {
    const child = spawn(process.execPath, [CLI, ...args(), '--transcodes', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Watch the server while the client runs: every visible track must have every object.
    let checks = 0;
    let killedAt = -1;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      await assertAllObjectsPresent(server, [...server.published.values()]);
      checks++;
      if (server.puts.length >= 8 && server.published.size < 14) {
        killedAt = server.puts.length;
        child.kill('SIGKILL');
        break;
      }
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await exited, stderr).toBeNull(); // killed, not finished
    expect(killedAt).toBeGreaterThan(0);
    expect(server.published.size).toBeLessThan(14);
    const finished = new Set(server.puts);

    const again = spawn(process.execPath, [CLI, ...args()], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    again.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const done = new Promise<number | null>((resolve) => again.on('exit', (code) => resolve(code)));
    while (again.exitCode === null) {
      await assertAllObjectsPresent(server, [...server.published.values()]);
      checks++;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await done).toBe(0);
    const summary = lastJson(stdout);
    expect(summary).toMatchObject({ tracks: 14, failed: 0 });
    expect(Object.keys(summary).sort()).toEqual(['bytes', 'elapsedMs', 'failed', 'skipped', 'tracks', 'uploaded']);
    expect(server.published.size).toBe(14);
    const total = await assertAllObjectsPresent(server, server.published.values());
    // Nothing that had finished uploading before the kill was uploaded again.
    const second = server.puts.slice(killedAt);
    expect(second.filter((k) => finished.has(k))).toEqual([]);
    expect(summary.uploaded).toBe(total - finished.size);
    expect(checks).toBeGreaterThan(5);

    const third = await run(...args());
    expect(lastJson(third.stdout)).toMatchObject({ tracks: 14, uploaded: 0, bytes: 0, skipped: 14, failed: 0 });
  }, 120_000);
});
