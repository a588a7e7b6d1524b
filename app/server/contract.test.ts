// The library server against its contract: every declared route is called once on a real server
// over a real catalog of real audio files, and each answer must match the route's (strict)
// response schema; and the server mounts no route the contract does not declare.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraryServerRoutes, type Playlist, type PlaylistAddResult, type SmartPlaylist, type Track } from '../contract/index.ts';
import { callRoute, declaredRoutes, mountedRoutes, type Example } from '../http/testing/routes.ts';
import { writeTracks } from '../testing/audio.ts';
import { tempDir } from '../testing/temp.ts';
import { startServer, type RunningServer } from './start.ts';

type Routes = typeof libraryServerRoutes;
const token = 'contract-secret-0123456789';
const auth = { Authorization: `Bearer ${token}` };

interface Ctx {
  track: Track;
  tracks: Track[];
  folderId: number;
  playlist: Playlist;
  smart: SmartPlaylist;
}

/** One step per declared route, in the order they run; the record type makes a missing route a type error. */
const steps: { [K in keyof Routes]: { example?: (c: Ctx) => Example; then?: (json: unknown, c: Ctx) => void } } = {
  health: {},
  session: {},
  tracks: { example: () => ({ query: { limit: 50, sort: 'artist', order: 'desc' } }), then: (j, c) => { c.tracks = (j as { items: Track[] }).items; c.track = c.tracks.find((t) => t.coverId !== null)!; } },
  track: { example: (c) => ({ params: { id: c.track.id } }) },
  stream: { example: (c) => ({ params: { id: c.track.id } }) },
  cover: { example: (c) => ({ params: { id: c.track.coverId! }, query: { size: 'thumb' } }) },
  albums: { example: () => ({ query: { sort: 'year' } }) },
  album: { example: (c) => ({ params: { id: c.track.albumId! } }) },
  artists: {},
  artist: { example: (c) => ({ params: { id: c.track.artists[0]!.id } }) },
  genres: {},
  folders: { then: (j, c) => { c.folderId = (j as { id: number }[])[0]!.id; } },
  folder: { example: (c) => ({ params: { id: c.folderId } }) },
  recent: {},
  search: { example: () => ({ query: { q: 'cafe', limit: 5 } }) },
  stats: {},
  player: {},
  savePlayer: { example: (c) => ({ body: { queue: [c.track.id], index: 0, positionMs: 1000, repeat: 'all' } }) },
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
  playlists: {},
  createPlaylist: { example: (c) => ({ body: { name: 'Walk', trackIds: c.tracks.slice(0, 3).map((t) => t.id) } }), then: (j, c) => { c.playlist = j as Playlist; } },
  importPlaylist: { example: () => ({ query: { name: 'Imported', base: music }, text: '#EXTM3U\nA/Abbey Road/01 Come Together.mp3\nnope.mp3\n' }) },
  playlist: { example: (c) => ({ params: { id: c.playlist.id } }) },
  updatePlaylist: { example: (c) => ({ params: { id: c.playlist.id }, body: { version: c.playlist.version, name: 'Walked' } }), then: (j, c) => { c.playlist = j as Playlist; } },
  addEntries: { example: (c) => ({ params: { id: c.playlist.id }, body: { key: 'walk-1', trackIds: [c.track.id] } }), then: (j, c) => { c.playlist = (j as PlaylistAddResult).playlist; } },
  orderEntries: { example: (c) => ({ params: { id: c.playlist.id }, body: { version: c.playlist.version, entryIds: c.playlist.entries.map((e) => e.id).reverse() } }), then: (j, c) => { c.playlist = j as Playlist; } },
  removeEntries: { example: (c) => ({ params: { id: c.playlist.id }, body: { version: c.playlist.version, entryIds: [c.playlist.entries[0]!.id] } }), then: (j, c) => { c.playlist = j as Playlist; } },
  moveEntry: { example: (c) => ({ params: { id: c.playlist.id }, body: { version: c.playlist.version, from: 0, to: 1 } }), then: (j, c) => { c.playlist = j as Playlist; } },
  mosaic: { example: (c) => ({ params: { id: c.playlist.id }, query: { size: 'thumb' } }) },
  exportPlaylist: { example: (c) => ({ params: { id: c.playlist.id }, query: { format: 'm3u8', paths: 'relative', base: music } }) },
  deletePlaylist: { example: (c) => ({ params: { id: c.playlist.id }, query: { version: c.playlist.version } }) },
  playProgress: { example: (c) => ({ body: { clientEventId: 'walk-e1', trackId: c.track.id, startedAt: Date.now() - 60_000, msListened: 15_000, source: 'library' } }) },
  reportPlays: { example: (c) => ({ body: { plays: [{ clientEventId: 'walk-e1', trackId: c.track.id, startedAt: Date.now() - 60_000, msListened: 40_000, source: 'library', completed: false }] } }) },
  playEvents: {},
  recentlyPlayed: {},
  mostPlayed: { example: () => ({ query: { range: 'all' } }) },
  recentlyAdded: {},
  listeningStats: { example: () => ({ query: { tzOffsetMin: 60, top: 5 } }) },
  prefs: { example: (c) => ({ query: { kind: 'track', ids: c.tracks.slice(0, 2).map((t) => t.id) } }) },
  setPrefs: { example: (c) => ({ params: { kind: 'track', id: c.track.id }, body: { favorite: true, rating: 4 } }) },
  favoriteTracks: {},
  favoriteAlbums: {},
  favoriteArtists: {},
  smartPlaylists: {},
  createSmartPlaylist: {
    example: () => ({ body: { name: 'Loved rock', definition: { match: 'all', rules: [{ field: 'genre', op: 'is', value: 'Rock' }, { field: 'favorite', value: true }, { field: 'playCount', op: 'gte', value: 0, withinDays: 30 }, { field: 'addedAt', op: 'inLast', days: 7 }], sort: { by: 'playCount', order: 'desc' }, limit: 10 } } }),
    then: (j, c) => { c.smart = j as SmartPlaylist; },
  },
  previewSmart: { example: () => ({ body: { match: 'any', rules: [{ field: 'year', op: 'between', value: 1960, value2: 1970 }] }, query: { limit: 10 } }) },
  smartPlaylist: { example: (c) => ({ params: { id: c.smart.id } }) },
  updateSmartPlaylist: { example: (c) => ({ params: { id: c.smart.id }, body: { version: c.smart.version, description: 'walked' } }), then: (j, c) => { c.smart = j as SmartPlaylist; } },
  smartTracks: { example: (c) => ({ params: { id: c.smart.id } }) },
  deleteSmartPlaylist: { example: (c) => ({ params: { id: c.smart.id }, query: { version: c.smart.version } }) },
  mixes: {},
  similar: { example: (c) => ({ params: { id: c.track.id }, query: { limit: 5 } }) },
  recommendationStatus: {},
  refreshRecommendations: { example: () => ({ query: { wait: '1' }, status: 200 }) },
};

let dir: string;
let music: string;
let server: RunningServer;

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
    const base = `http://127.0.0.1:${server.port}`;
    const ctx = {} as Ctx;
    for (const [name, step] of Object.entries(steps) as [keyof Routes, (typeof steps)[keyof Routes]][]) {
      const answer = await callRoute(base, auth, libraryServerRoutes[name], step.example?.(ctx));
      step.then?.(answer.json, ctx);
    }
  }, 60_000);

  it('mounts exactly the declared routes', () => {
    const mounted = mountedRoutes(server.app).filter((r) => r.includes(' /api'));
    expect(mounted).toEqual(declaredRoutes(libraryServerRoutes));
  });
});
