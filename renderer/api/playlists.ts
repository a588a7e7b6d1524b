// Typed calls for playlists, history, favorites/ratings, smart playlists and recommendations,
// built from the contract's route declarations with client.ts's `call`.
import type { Id, RatedKind, ResponseOf } from '../../app/contract/index.ts';
import { listeningRoutes as r, pathOf, queryString } from './contract.ts';
import type { ClientBodyOf, ClientQueryOf, PlaylistExportQuery, SmartDefinition } from '../../app/contract/index.ts';
import { call, request, routeUrl } from './client.ts';

type Paging = { offset?: number; limit?: number };
const keep = (keepalive: boolean): RequestInit | undefined => (keepalive ? { keepalive: true } : undefined);

export const playlistClient = {
  list: () => call(r.playlists),
  get: (id: Id) => call(r.playlist, { params: { id } }),
  create: (body: ClientBodyOf<typeof r.createPlaylist>) => call(r.createPlaylist, { body }),
  update: (id: Id, body: ClientBodyOf<typeof r.updatePlaylist>) => call(r.updatePlaylist, { params: { id }, body }),
  remove: (id: Id, version: number, keepalive = false) => call(r.deletePlaylist, { params: { id }, query: { version } }, keep(keepalive)),
  add: (id: Id, body: ClientBodyOf<typeof r.addEntries>) => call(r.addEntries, { params: { id }, body }),
  removeEntries: (id: Id, body: ClientBodyOf<typeof r.removeEntries>) => call(r.removeEntries, { params: { id }, body }),
  move: (id: Id, body: ClientBodyOf<typeof r.moveEntry>) => call(r.moveEntry, { params: { id }, body }),
  order: (id: Id, body: ClientBodyOf<typeof r.orderEntries>) => call(r.orderEntries, { params: { id }, body }),
  /** The body is the file's text, not JSON. */
  importM3u: (text: string, query: ClientQueryOf<typeof r.importPlaylist>) =>
    request<ResponseOf<typeof r.importPlaylist>>('POST', pathOf(r.importPlaylist) + queryString(query), new Blob([text], { type: 'audio/x-mpegurl' })),
  /** A download link (rides the session cookie, like covers and audio). */
  exportUrl: (id: Id, query: PlaylistExportQuery = {}) => routeUrl(r.exportPlaylist, { params: { id }, query }),
};

export const historyClient = {
  progress: (body: ClientBodyOf<typeof r.playProgress>, keepalive = false) => call(r.playProgress, { body }, keep(keepalive)),
  plays: (body: ClientBodyOf<typeof r.reportPlays>, keepalive = false) => call(r.reportPlays, { body }, keep(keepalive)),
  recent: (p: Paging = {}) => call(r.recentlyPlayed, { query: p }),
  mostPlayed: (query: ClientQueryOf<typeof r.mostPlayed>) => call(r.mostPlayed, { query }),
  recentlyAdded: (p: Paging = {}) => call(r.recentlyAdded, { query: p }),
  stats: (query: ClientQueryOf<typeof r.listeningStats>) => call(r.listeningStats, { query }),
};

export const prefsClient = {
  lookup: (kind: RatedKind, ids: readonly Id[]) => call(r.prefs, { query: { kind, ids: [...ids] } }),
  set: (kind: RatedKind, id: Id, body: ClientBodyOf<typeof r.setPrefs>) => call(r.setPrefs, { params: { kind, id }, body }),
  /** The same change to up to `maxPrefsBatch` items in one request. */
  setMany: (kind: RatedKind, body: ClientBodyOf<typeof r.setPrefsMany>) => call(r.setPrefsMany, { params: { kind }, body }),
  favoriteTracks: (p: Paging = {}) => call(r.favoriteTracks, { query: p }),
  favoriteAlbums: (p: Paging = {}) => call(r.favoriteAlbums, { query: p }),
  favoriteArtists: (p: Paging = {}) => call(r.favoriteArtists, { query: p }),
};

export const smartClient = {
  list: () => call(r.smartPlaylists),
  get: (id: Id) => call(r.smartPlaylist, { params: { id } }),
  create: (body: ClientBodyOf<typeof r.createSmartPlaylist>) => call(r.createSmartPlaylist, { body }),
  update: (id: Id, body: ClientBodyOf<typeof r.updateSmartPlaylist>) => call(r.updateSmartPlaylist, { params: { id }, body }),
  remove: (id: Id, version: number) => call(r.deleteSmartPlaylist, { params: { id }, query: { version } }),
  tracks: (id: Id, p: Paging = {}) => call(r.smartTracks, { params: { id }, query: p }),
  preview: (definition: SmartDefinition, p: Paging = {}, signal?: AbortSignal) =>
    call(r.previewSmart, { body: definition, query: p }, signal ? { signal } : undefined),
};

export const recommendClient = {
  mixes: () => call(r.mixes),
  similar: (trackId: Id, limit = 30) => call(r.similar, { params: { id: trackId }, query: { limit } }),
  status: () => call(r.recommendationStatus),
  refresh: () => call(r.refreshRecommendations),
};
