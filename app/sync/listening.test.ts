// sync() exchanges listening data after the tracks, against the real sync server (a child process):
// a desktop playlist and favorite reach the server; a remote play and a remote rename come back,
// the play counted once even when synced twice. The merge rules themselves are tested in
// sync-server/listeningSync.test.ts.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createQueries } from '../catalog/queries/index.ts';
import type { ItemPrefs, Page, Playlist, PlaylistSummary, Track } from '../contract/index.ts';
import { createListening, type Listening } from '../library/index.ts';
import { writeTracks } from '../testing/audio.ts';
import { tempLibrary, type TempLibrary } from '../testing/temp.ts';
import { sync, type SyncOptions } from './client.ts';
import { startRealSyncServer, type RealSyncServer } from './testing/realServer.ts';

let lib: TempLibrary;
let server: RealSyncServer;
let listening: Listening;
let options: SyncOptions;

beforeAll(async () => {
  lib = tempLibrary();
  await writeTracks(lib.music, [
    { path: 'A/01 One.mp3', format: 'mp3', seconds: 2, tags: { title: 'One', artist: 'Art', album: 'Alb', track: '1' } },
    { path: 'A/02 Two.mp3', format: 'mp3', seconds: 2, tags: { title: 'Two', artist: 'Art', album: 'Alb', track: '2' } },
  ]);
  await lib.scan();
  server = await startRealSyncServer();
  listening = createListening({ catalog: lib.catalog, queries: createQueries(lib.catalog), recommend: { worker: false, computeOnStart: false } });
  options = {
    catalog: lib.catalog, server: server.url, token: server.token, renditionCache: path.join(lib.dir, 'renditions'), coverDir: lib.coverDir,
    listening: { playlists: listening.playlists, history: listening.history },
  };
}, 60_000);
afterAll(async () => {
  await listening?.close();
  await server?.close();
  lib?.cleanup();
});

const call = async <T>(p: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
  const res = await fetch(server.url + p, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { authorization: `Bearer ${server.listenToken}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  expect(res.ok, `${p}: ${res.status}`).toBe(true);
  return (await res.json()) as T;
};

it('sync() pushes playlists and favorites, and brings back remote plays and edits', async () => {
  const [one, two] = lib.catalog.db.prepare('SELECT id FROM tracks ORDER BY title').pluck().all() as number[];
  if (one === undefined || two === undefined) throw new Error('scan failed');
  const p = listening.playlists.create({ name: 'Desk', trackIds: [two, one] });
  listening.prefs.set('track', one, { favorite: true });

  const first = await sync(options);
  expect(first.failed).toBe(0);
  expect(first.listening).toMatchObject({ playlistsPushed: 1, prefsPushed: 1 });
  const tracks = (await call<Page<Track>>('/api/tracks?limit=10')).items;
  const mirrorOf = (title: string) => tracks.find((t) => t.title === title)?.id ?? 0;
  const list = await call<PlaylistSummary[]>('/api/playlists');
  const remote = await call<Playlist>(`/api/playlists/${list[0]?.id}`);
  expect(remote.entries.map((e) => e.track.title)).toEqual(['Two', 'One']);
  expect((await call<ItemPrefs[]>(`/api/prefs?kind=track&ids=${mirrorOf('One')}`))[0]?.favorite).toBe(true);

  // On the phone: a rename and a play of "Two" (1.5 s of a 2 s track: more than half → counted).
  await call(`/api/playlists/${remote.id}`, { method: 'PUT', body: { version: remote.version, name: 'Desk (phone)' } });
  const at = Date.now() - 120_000;
  await call('/api/history/plays', { body: { plays: [{ clientEventId: 'phone-1', trackId: mirrorOf('Two'), startedAt: at, endedAt: at + 1500, msListened: 1500, completed: false, source: 'playlist' }] } });

  const second = await sync(options);
  expect(second.listening).toMatchObject({ applied: 1, eventsPulled: 1, dropped: [] });
  expect(listening.playlists.get(p.id)?.name).toBe('Desk (phone)');
  expect(listening.history.playCount(two)).toBe(1);
  const third = await sync(options);
  expect(third.listening).toMatchObject({ applied: 0, eventsPulled: 0 });
  expect(listening.history.playCount(two)).toBe(1);
}, 120_000);
