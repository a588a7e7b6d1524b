// Test scaffolding: walking a server's declared routes in order, one step per route. A step
// makes the request (from what earlier answers gave) and keeps what later steps need. The browse
// and listening steps are shared by the library server's and the sync server's walks.
import { expect } from 'vitest';
import type { Playlist, PlaylistAddResult, RouteSpec, SmartPlaylist, Track } from '../../contract/index.ts';
import { browseRoutes, listeningRoutes } from '../../contract/index.ts';
import { callRoute, type Example } from './routes.ts';

export interface WalkContext {
  tracks: Track[];
  /** A track with a cover, an album and an artist. */
  track: Track;
  folderId: number;
  playlist: Playlist;
  smart: SmartPlaylist;
  /** What the server-specific steps keep. */
  [key: string]: unknown;
}

export interface Step {
  /** Work to finish before the request (e.g. a client's uploads to storage). */
  before?: (c: WalkContext) => Promise<void>;
  example?: (c: WalkContext) => Example;
  then?: (json: unknown, c: WalkContext) => void;
}

export type Steps<R> = { [K in keyof R]: Step };

/** Calls every route of `routes` in the order of `steps` (which must name each one). */
export async function walkRoutes<R extends Record<string, RouteSpec>>(base: string, headers: Record<string, string>, routes: R, steps: Steps<R>): Promise<void> {
  expect(Object.keys(steps).sort()).toEqual(Object.keys(routes).sort());
  const ctx = {} as WalkContext;
  for (const [name, step] of Object.entries(steps) as [keyof R & string, Step][]) {
    await step.before?.(ctx);
    const answer = await callRoute(base, headers, routes[name]!, step.example?.(ctx));
    step.then?.(answer.json, ctx);
  }
}

const keep = <K extends keyof WalkContext>(key: K) => (j: unknown, c: WalkContext) => {
  c[key] = j as WalkContext[K];
};

export const browseSteps: Steps<typeof browseRoutes> = {
  health: {},
  session: {},
  tracks: {
    example: () => ({ query: { limit: 50, sort: 'artist', order: 'desc' } }),
    then: (j, c) => {
      c.tracks = (j as { items: Track[] }).items;
      c.track = c.tracks.find((t) => t.coverId !== null && t.albumId !== null)!;
    },
  },
  track: { example: (c) => ({ params: { id: c.track.id } }) },
  lyrics: { example: (c) => ({ params: { id: c.track.id } }) },
  trackIds: { example: () => ({ query: { sort: 'album', order: 'asc' } }) },
  albums: { example: () => ({ query: { sort: 'year' } }) },
  album: { example: (c) => ({ params: { id: c.track.albumId! } }) },
  artists: {},
  artist: { example: (c) => ({ params: { id: c.track.artists[0]!.id } }) },
  genres: {},
  folders: { then: (j, c) => { c.folderId = (j as { id: number }[])[0]!.id; } },
  folder: { example: (c) => ({ params: { id: c.folderId } }) },
  recent: {},
  search: { example: () => ({ query: { q: 'come', limit: 5 } }) },
  stats: {},
  player: {},
  savePlayer: { example: (c) => ({ body: { queue: [c.track.id], index: 0, positionMs: 1000, repeat: 'all' } }) },
};

/** The listening routes; `mosaicStatus` is 404 where covers are not on disk (the sync server). */
export function listeningSteps(options: { mosaicStatus?: number } = {}): Steps<typeof listeningRoutes> {
  const playlistEdit = (j: unknown, c: WalkContext) => { c.playlist = j as Playlist; };
  return {
    playlists: {},
    createPlaylist: { example: (c) => ({ body: { name: 'Walk', trackIds: c.tracks.slice(0, 3).map((t) => t.id) } }), then: playlistEdit },
    importPlaylist: { example: () => ({ query: { name: 'Imported' }, text: '#EXTM3U\n#EXTINF:2,Nobody - Nothing\nnope/nothing.mp3\n' }) },
    playlist: { example: (c) => ({ params: { id: c.playlist.id } }) },
    updatePlaylist: { example: (c) => ({ params: { id: c.playlist.id }, body: { version: c.playlist.version, name: 'Walked' } }), then: playlistEdit },
    addEntries: { example: (c) => ({ params: { id: c.playlist.id }, body: { key: 'walk-1', trackIds: [c.track.id] } }), then: (j, c) => { c.playlist = (j as PlaylistAddResult).playlist; } },
    orderEntries: { example: (c) => ({ params: { id: c.playlist.id }, body: { version: c.playlist.version, entryIds: c.playlist.entries.map((e) => e.id).reverse() } }), then: playlistEdit },
    removeEntries: { example: (c) => ({ params: { id: c.playlist.id }, body: { version: c.playlist.version, entryIds: [c.playlist.entries[0]!.id] } }), then: playlistEdit },
    moveEntry: { example: (c) => ({ params: { id: c.playlist.id }, body: { version: c.playlist.version, entryIds: [c.playlist.entries[2]!.id, c.playlist.entries[0]!.id], to: 1 } }),
      then: (j, c) => {
        const [a, b, cc] = c.playlist.entries.map((e) => e.id);
        expect((j as Playlist).entries.map((e) => e.id)).toEqual([b, cc, a]);
        playlistEdit(j, c);
      },
    },
    mosaic: { example: (c) => ({ params: { id: c.playlist.id }, query: { size: 'thumb' }, ...(options.mosaicStatus ? { status: options.mosaicStatus } : {}) }) },
    exportPlaylist: { example: (c) => ({ params: { id: c.playlist.id }, query: { format: 'm3u8' } }) },
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
    setPrefsMany: {
      example: (c) => ({ params: { kind: 'track' }, body: { ids: c.tracks.slice(0, 3).map((t) => t.id), favorite: true } }),
      then: (j, c) => expect((j as { id: number; favorite: boolean }[]).map((p) => [p.id, p.favorite])).toEqual(c.tracks.slice(0, 3).map((t) => [t.id, true])),
    },
    favoriteTracks: {},
    favoriteAlbums: {},
    favoriteArtists: {},
    smartPlaylists: {},
    createSmartPlaylist: {
      example: () => ({
        body: {
          name: 'Loved rock',
          definition: {
            match: 'all',
            rules: [{ field: 'genre', op: 'is', value: 'Rock' }, { field: 'favorite', value: true }, { field: 'playCount', op: 'gte', value: 0, withinDays: 30 }, { field: 'addedAt', op: 'inLast', days: 7 }],
            sort: { by: 'playCount', order: 'desc' },
            limit: 10,
          },
        },
      }),
      then: keep('smart'),
    },
    previewSmart: { example: () => ({ body: { match: 'any', rules: [{ field: 'year', op: 'between', value: 1960, value2: 2010 }] }, query: { limit: 10 } }) },
    smartPlaylist: { example: (c) => ({ params: { id: c.smart.id } }) },
    updateSmartPlaylist: { example: (c) => ({ params: { id: c.smart.id }, body: { version: c.smart.version, description: 'walked' } }), then: keep('smart') },
    smartTracks: { example: (c) => ({ params: { id: c.smart.id } }) },
    deleteSmartPlaylist: { example: (c) => ({ params: { id: c.smart.id }, query: { version: c.smart.version } }) },
    mixes: {},
    similar: { example: (c) => ({ params: { id: c.track.id }, query: { limit: 5 } }) },
    recommendationStatus: {},
    refreshRecommendations: { example: () => ({ query: { wait: '1' }, status: 200 }) },
  };
}
