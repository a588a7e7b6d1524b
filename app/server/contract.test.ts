// The library server against its contract: every declared route is called once on a real server
// over a real catalog of real audio files, and each answer must match the route's (strict)
// response schema; and the server mounts no route the contract does not declare.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraryServerRoutes } from '../contract/index.ts';
import { declaredRoutes, mountedRoutes } from '../http/testing/routes.ts';
import { browseSteps, listeningSteps, walkRoutes, type Steps } from '../http/testing/walk.ts';
import { writeTracks } from '../testing/audio.ts';
import { tempDir } from '../testing/temp.ts';
import { startServer, type RunningServer } from './start.ts';

const token = 'contract-secret-0123456789';
let dir: string;
let music: string;
let server: RunningServer;

const steps: Steps<typeof libraryServerRoutes> = {
  ...browseSteps,
  stream: { example: (c) => ({ params: { id: c.track.id } }) },
  cover: { example: (c) => ({ params: { id: c.track.coverId! }, query: { size: 'thumb' } }) },
  libraryFolders: {},
  setLibraryFolders: { example: () => ({ body: { folders: [music] } }) },
  rescan: {},
  scanEvents: {},
  scanErrors: {},
  demo: {},
  syncStatus: {},
  saveSync: { example: () => ({ body: { server: 'http://127.0.0.1:9' } }) },
  // No device token stored: a 400 naming `token` (a run against nothing would only measure loudness).
  runSync: { example: () => ({ status: 400 }) },
  syncEvents: {},
  loudnessStatus: {},
  saveLoudness: { example: () => ({ body: { auto: true } }) },
  startLoudness: {},
  cancelLoudness: {},
  loudnessEvents: {},
  ...listeningSteps(),};

beforeAll(async () => {
  dir = tempDir();
  music = path.join(dir, 'music');
  const demo = path.join(dir, 'demo');
  await writeTracks(music, [
    { path: 'A/Abbey Road/01 Come Together.mp3', format: 'mp3', cover: 'red', tags: { title: 'Come Together', artist: 'The Beatles', album: 'Abbey Road', album_artist: 'The Beatles', track: '1/2', date: '1969', genre: 'Rock' } },
    { path: 'A/Abbey Road/02 Something.flac', format: 'flac', cover: 'red', tags: { title: 'Something', artist: 'The Beatles', album: 'Abbey Road', album_artist: 'The Beatles', track: '2/2', date: '1969', genre: 'Rock' } },
    { path: 'B/Café/01 Café.opus', format: 'opus', tags: { title: 'Café del Mar', artist: 'Energy 52 feat. Someone', album: 'Café Hits', genre: 'Electronic' } },
    { path: 'B/untagged.m4a', format: 'm4a', tags: {} },
  ]);
  await writeTracks(demo, [{ path: 'Demo/01 Tone.ogg', format: 'ogg', tags: { title: 'Tone', artist: 'Demo' } }]);
  fs.writeFileSync(path.join(music, 'B', 'broken.mp3'), 'not audio');
  server = await startServer({ db: path.join(dir, 'library.db'), libraries: [music], port: 0, token, rendererDir: path.join(dir, 'no-renderer'), demoDir: demo, log: () => {} });
  await server.scanned;
}, 120_000);

afterAll(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('library server contract', () => {
  it('answers every declared route as its response schema says', async () => {
    await walkRoutes(`http://127.0.0.1:${server.port}`, { Authorization: `Bearer ${token}` }, libraryServerRoutes, steps);
  }, 60_000);

  it('mounts exactly the declared routes under /api', () => {
    expect(mountedRoutes(server.app).filter((r) => r.includes(' /api'))).toEqual(declaredRoutes(libraryServerRoutes));
  });
});
