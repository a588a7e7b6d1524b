// Typed calls for playlists, history, favorites/ratings, smart playlists and recommendations.
// Transport (fetch, auth, errors) is client.ts's `request`; every URL comes from the contract.
import { historyApi, playlistApi, prefsApi, recommendApi, smartPlaylistApi } from '../../app/contract/index.ts';
import type {
  Album, Artist, DailyMixes, Id, ItemPrefs, ItemPrefsUpdate, ListeningStats, ListeningStatsQuery, MostPlayedQuery, Page,
  PlayedTrack, Playlist, PlaylistAdd, PlaylistAddResult, PlaylistCreate, PlaylistExportQuery, PlaylistImportResult,
  PlaylistMove, PlaylistOrder, PlaylistRemove, PlaylistSummary, PlaylistUpdate, PlayProgress, PlayReportBatch,
  PlayReportResult, RatedKind, RecommendationStatus, SimilarTracks, SmartDefinition, SmartPlaylist, SmartPlaylistCreate,
  SmartPlaylistUpdate, Track,
} from '../../app/contract/index.ts';
import { request, url } from './client.ts';

type Query = Record<string, string | number | boolean | undefined>;

function q(path: string, query: Query | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

type Paging = { offset?: number; limit?: number };

export const playlistClient = {
  list: () => request<PlaylistSummary[]>('GET', playlistApi.list()),
  get: (id: Id) => request<Playlist>('GET', playlistApi.playlist(id)),
  create: (body: PlaylistCreate) => request<Playlist>('POST', playlistApi.list(), body),
  update: (id: Id, body: PlaylistUpdate) => request<Playlist>('PUT', playlistApi.playlist(id), body),
  remove: (id: Id, version: number, keepalive = false) =>
    request<void>('DELETE', q(playlistApi.playlist(id), { version }), undefined, keepalive ? { keepalive: true } : undefined),
  add: (id: Id, body: PlaylistAdd) => request<PlaylistAddResult>('POST', playlistApi.entries(id), body),
  removeEntries: (id: Id, body: PlaylistRemove) => request<Playlist>('POST', playlistApi.remove(id), body),
  move: (id: Id, body: PlaylistMove) => request<Playlist>('POST', playlistApi.move(id), body),
  order: (id: Id, body: PlaylistOrder) => request<Playlist>('PUT', playlistApi.entries(id), body),
  importM3u: (text: string, query: { name?: string; base?: string }) =>
    request<PlaylistImportResult>('POST', q(playlistApi.importFile(), query), new Blob([text], { type: 'audio/x-mpegurl' })),
  /** A download link (rides the session cookie, like covers and audio). */
  exportUrl: (id: Id, query: PlaylistExportQuery = {}) => url(q(playlistApi.exportFile(id), { ...query })),
};

export const historyClient = {
  progress: (body: PlayProgress, keepalive = false) =>
    request<void>('POST', historyApi.progress(), body, keepalive ? { keepalive: true } : undefined),
  plays: (body: PlayReportBatch, keepalive = false) =>
    request<PlayReportResult>('POST', historyApi.plays(), body, keepalive ? { keepalive: true } : undefined),
  recent: (p: Paging = {}) => request<Page<PlayedTrack>>('GET', q(historyApi.recent(), p)),
  mostPlayed: (query: MostPlayedQuery) => request<Page<PlayedTrack>>('GET', q(historyApi.mostPlayed(), { ...query })),
  recentlyAdded: (p: Paging = {}) => request<Page<Track>>('GET', q(historyApi.recentlyAdded(), p)),
  stats: (query: ListeningStatsQuery) => request<ListeningStats>('GET', q(historyApi.stats(), { ...query })),
};

export const prefsClient = {
  lookup: (kind: RatedKind, ids: readonly Id[]) => request<ItemPrefs[]>('GET', q(prefsApi.lookup(), { kind, ids: ids.join(',') })),
  set: (kind: RatedKind, id: Id, body: ItemPrefsUpdate) => request<ItemPrefs>('PUT', prefsApi.item(kind, id), body),
  favoriteTracks: (p: Paging = {}) => request<Page<Track>>('GET', q(prefsApi.favoriteTracks(), p)),
  favoriteAlbums: (p: Paging = {}) => request<Page<Album>>('GET', q(prefsApi.favoriteAlbums(), p)),
  favoriteArtists: (p: Paging = {}) => request<Page<Artist>>('GET', q(prefsApi.favoriteArtists(), p)),
};

export const smartClient = {
  list: () => request<SmartPlaylist[]>('GET', smartPlaylistApi.list()),
  get: (id: Id) => request<SmartPlaylist>('GET', smartPlaylistApi.playlist(id)),
  create: (body: SmartPlaylistCreate) => request<SmartPlaylist>('POST', smartPlaylistApi.list(), body),
  update: (id: Id, body: SmartPlaylistUpdate) => request<SmartPlaylist>('PUT', smartPlaylistApi.playlist(id), body),
  remove: (id: Id, version: number) => request<void>('DELETE', q(smartPlaylistApi.playlist(id), { version })),
  tracks: (id: Id, p: Paging = {}) => request<Page<Track>>('GET', q(smartPlaylistApi.tracks(id), p)),
  preview: (definition: SmartDefinition, p: Paging = {}, signal?: AbortSignal) =>
    request<Page<Track>>('POST', q(smartPlaylistApi.preview(), p), definition, signal ? { signal } : undefined),
};

export const recommendClient = {
  mixes: () => request<DailyMixes>('GET', recommendApi.mixes()),
  similar: (trackId: Id, limit = 30) => request<SimilarTracks>('GET', q(recommendApi.similar(trackId), { limit })),
  status: () => request<RecommendationStatus>('GET', recommendApi.status()),
  refresh: () => request<RecommendationStatus>('POST', recommendApi.refresh()),
};
