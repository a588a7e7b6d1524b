// `tonearm sync` as a user runs it (a child process) against the real sync server (a child process):
// one-sentence errors, and SIGKILL mid-sync followed by a run that converges without re-uploading
// finished objects or ever showing a track whose objects are not all in storage.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Track } from '../contract/index.ts';
import { openCatalog } from '../catalog/index.ts';
import { scan } from '../scanner/index.ts';
import { writeTracks, type ToneSpec } from '../testing/audio.ts';
import { startTestS3, type TestS3 } from '../testing/s3.ts';
import { runCli } from '../testing/cli.ts';
import { tempLibrary, type TempLibrary } from '../testing/temp.ts';
import { renditionPath } from '../transcoder/index.ts';
import { renditionCacheFor, syncSettingKeys } from './paths.ts';
import type { StreamUrl } from './protocol.ts';
import { startRealSyncServer, type RealSyncServer } from './testing/realServer.ts';

const CLI = fileURLToPath(new URL('../cli/main.ts', import.meta.url));


const run = runCli;
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, number>;

async function visibleTracks(server: RealSyncServer): Promise<Track[]> {
  return (await server.get<Page<Track>>('/api/tracks?limit=1000')).items;
}

/** Every visible track resolves, at every quality, to an object storage serves. */
async function assertVisibleTracksPlayable(server: RealSyncServer): Promise<number> {
  const tracks = await visibleTracks(server);
  for (const t of tracks) {
    for (const quality of ['high', 'medium', 'low']) {
      const s = await server.get<StreamUrl>(`/api/tracks/${t.id}/stream?quality=${quality}`);
      const res = await fetch(s.url, { headers: { range: 'bytes=0-0' } });
      await res.arrayBuffer();
      expect(res.status, `track ${t.id} (${t.title}) ${quality}`).toBe(206);
    }
  }
  return tracks.length;
}

interface Rig {
  lib: TempLibrary;
  s3: TestS3;
  server: RealSyncServer;
}

/** A scanned library of `tracks` and a real sync server over s3rver. */
async function startRig(tracks: ToneSpec[]): Promise<Rig> {
  const lib = tempLibrary();
  await writeTracks(lib.music, tracks);
  await lib.scan();
  lib.catalog.close();
  const s3 = await startTestS3();
  return { lib, s3, server: await startRealSyncServer({ s3 }) };
}

async function stopRig(rig: Partial<Rig>): Promise<void> {
  await rig.server?.close();
  await rig.s3?.close();
  rig.lib?.cleanup();
}

const syncArgs = ({ lib, server }: Pick<Rig, 'lib' | 'server'>) =>
  ['sync', '--server', server.url, '--token', server.token, '--db', lib.dbFile, '--covers', lib.coverDir, '--json'];

describe('tonearm sync (CLI, real server over S3)', () => {
  let lib: TempLibrary;
  let s3: TestS3;
  let server: RealSyncServer;
  beforeAll(async () => {
    ({ lib, s3, server } = await startRig(Array.from({ length: 14 }, (_, i) => ({
      path: `Album ${i % 3}/${String(i + 1).padStart(2, '0')} Song.flac`, format: 'flac' as const, seconds: 4,
      tags: { title: `Song ${i + 1}`, artist: `Artist ${i % 3}`, album: `Album ${i % 3}` },
    }))));
  }, 60_000);
  afterAll(() => stopRig({ lib, s3, server }));

  const args = () => syncArgs({ lib, server });
  const puts = (from = 0) => s3.requests.slice(from).filter((r) => r.startsWith('PUT ') && r.includes('/renditions/'))
    .map((r) => decodeURIComponent((r.split(' ')[1] ?? '').split('?')[0] ?? '').replace(`/${s3.bucket}/${server.prefix}`, ''));

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

  it('never sends the stored device token to another server than the one it was stored with', async () => {
    const stored = openCatalog({ file: lib.dbFile });
    stored.settings.set(syncSettingKeys.server, server.url);
    stored.settings.set(syncSettingKeys.token, server.token);
    stored.close();
    // Another server (a typo, a look-alike): it must not even be asked.
    const asked: string[] = [];
    const other = http.createServer((req, res) => {
      asked.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      const r = await run('sync', '--server', url, '--db', lib.dbFile, '--plan');
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toBe(`tonearm sync: missing --token <t>: the stored device token is for ${server.url}, and it is never sent to another server\n`);
      expect(asked).toEqual([]);
      // The stored server, however it is spelled, gets its own token.
      const same = await run('sync', '--server', `${server.url}/`, '--db', lib.dbFile, '--plan', '--json');
      expect(same.status, same.stderr).toBe(0);
      const plain = await run('sync', '--db', lib.dbFile, '--plan', '--json');
      expect(plain.status, plain.stderr).toBe(0);
    } finally {
      await new Promise((resolve) => other.close(resolve));
      const reset = openCatalog({ file: lib.dbFile });
      reset.settings.set(syncSettingKeys.server, null);
      reset.settings.set(syncSettingKeys.token, null);
      reset.close();
    }
  }, 60_000);

  it('converges after SIGKILL without re-uploading finished objects or publishing a track without its objects', async () => {
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
    // Finished: in storage whole (s3rver, unlike S3, leaves the part of a PUT cut off by the kill).
    const finished = new Set<string>();
    for await (const o of server.store.list('')) {
      const m = /^renditions\/([0-9a-f]+)\/([a-z0-9-]+)\.([a-z0-9]+)$/.exec(o.key);
      if (!m) continue;
      const local = renditionPath(renditionCacheFor(lib.dbFile), m[1] ?? '', m[2] ?? '', m[3] ?? '');
      const md5 = fs.existsSync(local) ? crypto.createHash('md5').update(fs.readFileSync(local)).digest('hex') : '';
      if (o.etag?.replaceAll('"', '') === md5) finished.add(o.key);
    }
    expect(finished.size).toBeGreaterThan(0);
    expect((await visibleTracks(server)).length).toBeLessThan(14);

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
    expect(await done, `second run, stderr: ${stderr} stdout: ${stdout}`).toBe(0);
    const summary = lastJson(stdout);
    expect(summary).toMatchObject({ tracks: 14, failed: 0 });
    expect(await assertVisibleTracksPlayable(server)).toBe(14);
    expect(puts(afterKill).filter((k) => finished.has(k)), `re-uploaded after the kill; stderr: ${stderr}`).toEqual([]);
    expect(checks).toBeGreaterThan(3);

    const third = await run(...args());
    expect(lastJson(third.stdout)).toMatchObject({ tracks: 14, uploaded: 0, bytes: 0, skipped: 14, failed: 0 });
  }, 180_000);
});

describe('tonearm sync (CLI): a mirror that heals, and failures that fail', () => {
  let lib: TempLibrary;
  let s3: TestS3;
  let server: RealSyncServer;
  beforeAll(async () => {
    ({ lib, s3, server } = await startRig(Array.from({ length: 4 }, (_, i) => ({
      path: `Heal/${String(i + 1).padStart(2, '0')} Song.flac`, format: 'flac' as const, seconds: 2,
      tags: { title: `Heal ${i + 1}`, artist: 'Healer', album: 'Heal' },
    }))));
  }, 60_000);
  afterAll(() => stopRig({ lib, s3, server }));

  const args = () => syncArgs({ lib, server });

  it('an object deleted from storage by hand is found by the audit and uploaded again by the next sync', async () => {
    const first = await run(...args());
    expect(first.status, first.stderr).toBe(0);
    expect(lastJson(first.stdout)).toMatchObject({ tracks: 4, published: 4, removed: 0, repaired: 0, failed: 0 });
    const victim = (await visibleTracks(server)).find((t) => t.title === 'Heal 2');
    const url = await server.get<StreamUrl>(`/api/tracks/${victim?.id}/stream?quality=high`);
    const key = /renditions\/[0-9a-f]+\/[a-z0-9-]+\.[a-z0-9]+/.exec(decodeURIComponent(url.url))?.[0] ?? '';
    await server.store.delete(key);
    const audit = await server.admin<{ missing: string[] }>('/api/admin/audit', { method: 'POST' });
    expect(audit.body.missing).toEqual([key]);

    const second = await run(...args());
    expect(second.status, second.stderr).toBe(0);
    expect(lastJson(second.stdout)).toMatchObject({ tracks: 4, repaired: 1, uploaded: 1, failed: 0 });
    expect(await server.store.head(key)).not.toBeNull();
    expect(await assertVisibleTracksPlayable(server)).toBe(4);
    expect((await server.admin<{ missing: string[]; wrong: string[] }>('/api/admin/audit', { method: 'POST' })).body).toMatchObject({ missing: [], wrong: [] });
    expect(lastJson((await run(...args())).stdout)).toMatchObject({ repaired: 0, uploaded: 0, failed: 0 });
  }, 120_000);

  it('exits non-zero when anything failed: every upload refused by storage', async () => {
    // A new track (new audio: it needs uploads), then storage goes away.
    await writeTracks(lib.music, [{ path: 'Heal/05 New.flac', format: 'flac', seconds: 2, frequency: 880, tags: { title: 'Heal 5', artist: 'Healer', album: 'Heal' } }]);
    const catalog = openCatalog({ file: lib.dbFile });
    await scan({ roots: [lib.music], catalog, coverDir: lib.coverDir });
    catalog.close();
    await s3.close();
    const r = await run(...args());
    expect(r.status).toBe(1);
    expect(lastJson(r.stdout)).toMatchObject({ tracks: 5, failed: 1 });
    expect(r.stderr).toMatch(/failed: .*05 New\.flac/);
  }, 180_000);
});
