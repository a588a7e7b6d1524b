// Playlists, listening history, favorites, ratings, smart playlists and recommendations: the
// HTTP contract's types for them. Re-exported by ./index.ts. Types and route builders only.
import type { Album, ApiError, Artist, ArtistRef, CoverSize, Id, Page, SortOrder, Track } from './library.ts';

// ───────────────────────────── Playlists ─────────────────────────────

export interface PlaylistSummary {
  id: Id;
  name: string;
  description: string;
  /** Bumped on every edit. Every edit request carries the version it was based on. */
  version: number;
  trackCount: number;
  durationMs: number;
  /** Up to 4 distinct album covers, in playlist order: the mosaic's tiles. */
  coverIds: Id[];
  createdAt: number;
  updatedAt: number;
}

export interface PlaylistEntry {
  /** The entry's own id (the same track may appear twice in a playlist). */
  id: Id;
  /** 0-based position in the playlist. */
  position: number;
  track: Track;
  addedAt: number;
}

export interface Playlist extends PlaylistSummary {
  entries: PlaylistEntry[];
}

/** POST /api/playlists */
export interface PlaylistCreate {
  name: string;
  description?: string;
  /** Optional initial tracks. */
  trackIds?: Id[];
}

/** PUT /api/playlists/:id — rename / describe. */
export interface PlaylistUpdate {
  version: number;
  name?: string;
  description?: string;
}

/**
 * POST /api/playlists/:id/entries — add a track, a selection, or whole albums (the server expands
 * an album into its tracks, in disc/track order). Exactly one of `trackIds` / `albumIds`.
 * `key` is an idempotency key (e.g. a UUID made once per user action): a retry with the same key
 * answers the stored result of the first attempt and never adds twice (`replayed: true`).
 * `version` is optional for an append (appends commute); when given, or when `position` is given,
 * a stale version is a 409.
 */
export interface PlaylistAdd {
  key: string;
  version?: number;
  trackIds?: Id[];
  albumIds?: Id[];
  /** 0-based insertion point; default the end. */
  position?: number;
}

export interface PlaylistAddResult {
  playlist: Playlist;
  /** Ids of the entries this add created (in order). */
  entryIds: Id[];
  added: number;
  /** True when this answer is the stored result of an earlier request with the same key. */
  replayed: boolean;
}

/** POST /api/playlists/:id/entries/remove */
export interface PlaylistRemove {
  version: number;
  entryIds: Id[];
}

/** POST /api/playlists/:id/entries/move — move the entry at `from` to `to` (0-based positions). */
export interface PlaylistMove {
  version: number;
  from: number;
  to: number;
}

/** PUT /api/playlists/:id/entries — the full new order: a permutation of the current entry ids. */
export interface PlaylistOrder {
  version: number;
  entryIds: Id[];
}

/** The 409 body of any playlist edit based on a stale version: refresh from `current`, re-apply. */
export interface PlaylistConflict extends ApiError {
  current: Playlist;
}

export type M3uFormat = 'm3u' | 'm3u8';
export type M3uPaths = 'relative' | 'absolute';

/** GET /api/playlists/:id/export?format&paths — a file download (Content-Disposition: attachment). */
export interface PlaylistExportQuery {
  /** Default m3u8 (UTF-8). `m3u` is Latin-1 where possible. */
  format?: M3uFormat;
  /** Default absolute. Relative paths are relative to `base` (required for relative). */
  paths?: M3uPaths;
  base?: string;
}

/**
 * POST /api/playlists/import?name&base — the body is the playlist text (Content-Type text/plain,
 * audio/x-mpegurl or application/vnd.apple.mpegurl; UTF-8). `base` resolves relative paths (the
 * folder the .m3u file was in); without it relative entries are matched by tags only.
 */
export interface PlaylistImportQuery {
  name?: string;
  base?: string;
}

export interface M3uUnmatched {
  /** 1-based line number of the path line in the file. */
  line: number;
  path: string;
  /** From #EXTINF, when present. */
  artist: string | null;
  title: string | null;
  durationMs: number | null;
}

export interface PlaylistImportResult {
  playlist: Playlist;
  entries: number;
  matchedByPath: number;
  matchedByTags: number;
  unmatched: M3uUnmatched[];
}

// ───────────────────────────── Play history ─────────────────────────────

export type PlaySource = 'album' | 'artist' | 'playlist' | 'smart-playlist' | 'search' | 'queue' | 'folder' | 'recommendation' | 'library' | 'other';

/**
 * How the renderer reports plays. Each play gets a `clientEventId` (UUID made when the track
 * starts). While playing, send `PlayProgress` now and then (every ~15 s and on pause); at the end
 * (track ended, skipped, stopped, window closing) send the `PlayReport`. Reports queued offline are
 * sent later with their original `startedAt`; the server dedupes by `clientEventId`. A crash or
 * reload loses at most the current play's last few seconds: open plays without progress for 10
 * minutes are closed by the server from their last progress.
 */
export interface PlayProgress {
  clientEventId: string;
  trackId: Id;
  /** Epoch ms when playback of this track started. */
  startedAt: number;
  /** Actual listening time so far (ms of audio played, NOT the playhead position: seeks add nothing). */
  msListened: number;
  source: PlaySource;
  /** E.g. the playlist or album id as a string. */
  sourceId?: string;
  /** The device/window that played it (for dedupe across devices and sync). */
  clientId?: string;
}

export interface PlayReport extends PlayProgress {
  /** True when the track played to its natural end. */
  completed: boolean;
  /** Epoch ms when it ended; default startedAt + msListened. */
  endedAt?: number;
}

/** POST /api/history/plays */
export interface PlayReportBatch {
  plays: PlayReport[];
}

export interface PlayReportResult {
  /** Newly stored events. */
  accepted: number;
  /** Already-known clientEventIds (retries, re-sent queues). */
  duplicates: number;
  /** How many of the accepted ones counted as plays (30 s or half the track). */
  counted: number;
}

/** One stored play event (GET /api/history/events). */
export interface PlayEvent {
  id: Id;
  clientEventId: string;
  trackId: Id;
  startedAt: number;
  endedAt: number;
  msListened: number;
  completed: boolean;
  /** Stopped before 30 s of listening. */
  skipped: boolean;
  /** Counted as a play (≥ 30 s, or ≥ half the track, of actual listening). */
  counted: boolean;
  source: PlaySource;
  sourceId: string | null;
  clientId: string | null;
}

/** A track with its play aggregate (recently played, most played). */
export interface PlayedTrack {
  track: Track;
  playCount: number;
  /** Epoch ms of the last counted play; null when never. */
  lastPlayedAt: number | null;
  /** Plays in the requested range (most played); equals playCount for "all". */
  plays: number;
  msListened: number;
}

export type PlayRange = 'week' | 'month' | 'year' | 'all';

export interface MostPlayedQuery {
  range?: PlayRange;
  offset?: number;
  limit?: number;
}

/** GET /api/stats/listening?from&to&tzOffsetMin&top */
export interface ListeningStatsQuery {
  /** Epoch ms, inclusive; default 30 days ago. */
  from?: number;
  /** Epoch ms, exclusive; default now. */
  to?: number;
  /** Minutes to ADD to UTC to get local time (e.g. 120 for UTC+2; i.e. -Date#getTimezoneOffset()). Default 0. */
  tzOffsetMin?: number;
  /** Rows in each top list; default 10, max 100. */
  top?: number;
}

export interface ListeningBucket {
  /** Local date `YYYY-MM-DD`: the day, or the Monday starting the ISO week. */
  date: string;
  ms: number;
  plays: number;
}

export interface TopArtist { artist: ArtistRef; ms: number; plays: number }
export interface TopAlbum { album: { id: Id; title: string; artist: string; coverId: Id | null }; ms: number; plays: number }
export interface TopGenre { genre: { id: Id; name: string }; ms: number; plays: number }

export interface ListeningStats {
  from: number;
  to: number;
  tzOffsetMin: number;
  /** All listening time in range (every event, counted or not). */
  totalMs: number;
  /** Counted plays in range. */
  plays: number;
  /** Every local day in the range, zeros included. */
  days: ListeningBucket[];
  /** Every ISO week (Monday start) touching the range, zeros included. */
  weeks: ListeningBucket[];
  topArtists: TopArtist[];
  topAlbums: TopAlbum[];
  topGenres: TopGenre[];
}

// ───────────────────────────── Favorites and ratings ─────────────────────────────

export type RatedKind = 'track' | 'album' | 'artist';

/** PUT /api/prefs/:kind/:id — any subset. Rating 0 = unrated, 1–5 stars. */
export interface ItemPrefsUpdate {
  favorite?: boolean;
  rating?: number;
}

export interface ItemPrefs {
  kind: RatedKind;
  id: Id;
  favorite: boolean;
  rating: number;
  updatedAt: number;
}

// GET /api/prefs?kind&ids=1,2,3 → ItemPrefs[] (rows for the ids asked; unset ones come back favorite false, rating 0)
// GET /api/favorites/tracks|albums|artists?offset&limit → Page<Track> | Page<Album> | Page<Artist>, newest favorite first

// ───────────────────────────── Smart playlists ─────────────────────────────

export type SmartTextField = 'genre' | 'artist' | 'album' | 'albumArtist' | 'title' | 'codec' | 'container';
export type SmartTextOp = 'is' | 'isNot' | 'contains' | 'notContains' | 'startsWith';
export type SmartNumberField = 'year' | 'playCount' | 'rating' | 'durationMs' | 'bitrate' | 'skipCount';
export type SmartNumberOp = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'between';
export type SmartDateField = 'addedAt' | 'lastPlayed';
/** inLast/notInLast take `days`; before/after take `value` (epoch ms); never = no value (never played). */
export type SmartDateOp = 'inLast' | 'notInLast' | 'before' | 'after' | 'never';
export type SmartBoolField = 'favorite' | 'lossless';

export interface SmartTextRule { field: SmartTextField; op: SmartTextOp; value: string }
export interface SmartNumberRule {
  field: SmartNumberField;
  op: SmartNumberOp;
  value: number;
  /** Upper bound (inclusive) for `between`. */
  value2?: number;
  /** playCount only: count plays in the last N days instead of all time. */
  withinDays?: number;
}
export interface SmartDateRule { field: SmartDateField; op: SmartDateOp; days?: number; value?: number }
export interface SmartBoolRule { field: SmartBoolField; value: boolean }
export type SmartRule = SmartTextRule | SmartNumberRule | SmartDateRule | SmartBoolRule;

export const smartSortKeys = ['title', 'artist', 'album', 'year', 'addedAt', 'playCount', 'recentPlays', 'lastPlayed', 'rating', 'durationMs', 'random'] as const;
export type SmartSort = (typeof smartSortKeys)[number];

export interface SmartDefinition {
  match: 'all' | 'any';
  /** Up to 50 rules; none = every track. */
  rules: SmartRule[];
  /** Default addedAt desc. `recentPlays` = plays in the last `recentDays` (default 30). */
  sort?: { by: SmartSort; order: SortOrder; recentDays?: number };
  /** Max tracks, 1–10000; default none. */
  limit?: number;
}

export type SmartBuiltIn = 'forgotten-favorites' | 'never-played' | 'heavy-rotation';

export interface SmartPlaylist {
  id: Id;
  name: string;
  description: string;
  /** Set for the three built-ins (read-only: PUT/DELETE answer 403). */
  builtIn: SmartBuiltIn | null;
  definition: SmartDefinition;
  version: number;
  createdAt: number;
  updatedAt: number;
}

/** POST /api/smart-playlists */
export interface SmartPlaylistCreate { name: string; description?: string; definition: SmartDefinition }
/** PUT /api/smart-playlists/:id (409 with { current: SmartPlaylist } when stale) */
export interface SmartPlaylistUpdate { version: number; name?: string; description?: string; definition?: SmartDefinition }
export interface SmartPlaylistConflict extends ApiError { current: SmartPlaylist }

// GET /api/smart-playlists/:id/tracks?offset&limit → Page<Track> (evaluated live, in SQL)
// POST /api/smart-playlists/preview?offset&limit with SmartDefinition → Page<Track>

// ───────────────────────────── Recommendations ─────────────────────────────

export type RecommendationReasonKind = 'co-played' | 'artist' | 'genre' | 'similar-artist';

export interface RecommendationReason {
  kind: RecommendationReasonKind;
  /** Human sentence, e.g. "Because you played Come Together". */
  text: string;
  sourceTrack?: { id: Id; title: string; artist: string };
  sourceArtist?: ArtistRef;
  genre?: string;
}

export interface RecommendedTrack {
  track: Track;
  score: number;
  reason: RecommendationReason;
}

export interface DailyMix {
  /** 1-based mix number, stable for a computation. */
  id: number;
  title: string;
  /** E.g. "Energy 52, The Beatles and more". */
  description: string;
  /** The artists the mix is seeded from. */
  seedArtists: ArtistRef[];
  /** Up to 4 distinct album covers. */
  coverIds: Id[];
  tracks: RecommendedTrack[];
}

export interface RecommendationStatus {
  /** Epoch ms of the cached computation in use; null before the first. */
  computedAt: number | null;
  computing: boolean;
  /** Compute time of the last run. */
  elapsedMs: number | null;
  /** Local hour (0–23) the cached mixes were weighted for. */
  hour: number | null;
  events: number;
  sessions: number;
}

export interface DailyMixes {
  status: RecommendationStatus;
  mixes: DailyMix[];
}

/** GET /api/recommendations/similar/:trackId?limit — from the cached model (empty before the first computation). */
export interface SimilarTracks {
  status: RecommendationStatus;
  trackId: Id;
  tracks: RecommendedTrack[];
}

/*
 * Routes (all need the secret; GET unless noted):
 *   /api/playlists                              PlaylistSummary[]; POST PlaylistCreate → 201 Playlist
 *   /api/playlists/:id                          Playlist; PUT PlaylistUpdate → Playlist; DELETE ?version → 204
 *   POST /api/playlists/:id/entries             PlaylistAdd → PlaylistAddResult (201; 200 when replayed)
 *   PUT  /api/playlists/:id/entries             PlaylistOrder → Playlist
 *   POST /api/playlists/:id/entries/remove      PlaylistRemove → Playlist
 *   POST /api/playlists/:id/entries/move        PlaylistMove → Playlist
 *   /api/playlists/:id/mosaic?size              image/webp 2×2 mosaic of coverIds (404 when none)
 *   /api/playlists/:id/export?format&paths&base the .m3u8/.m3u file (attachment)
 *   POST /api/playlists/import?name&base        M3U text body → 201 PlaylistImportResult
 *   Stale version → 409 PlaylistConflict (body has `current`).
 *
 *   POST /api/history/progress                  PlayProgress → 204
 *   POST /api/history/plays                     PlayReportBatch → PlayReportResult
 *   /api/history/events?offset&limit            Page<PlayEvent>, newest first
 *   /api/history/recent?offset&limit            Page<PlayedTrack>, last played first
 *   /api/history/most-played?range&offset&limit Page<PlayedTrack>
 *   /api/history/recently-added?offset&limit    Page<Track>, newest first
 *   /api/stats/listening?from&to&tzOffsetMin&top ListeningStats
 *
 *   /api/prefs?kind&ids                         ItemPrefs[]
 *   PUT /api/prefs/:kind/:id                    ItemPrefsUpdate → ItemPrefs (rating 0–5, else 400 field "rating")
 *   /api/favorites/tracks|albums|artists?offset&limit  Page<Track|Album|Artist>
 *
 *   /api/smart-playlists                        SmartPlaylist[]; POST SmartPlaylistCreate → 201 SmartPlaylist
 *   /api/smart-playlists/:id                    SmartPlaylist; PUT SmartPlaylistUpdate; DELETE ?version → 204
 *   /api/smart-playlists/:id/tracks?offset&limit Page<Track>
 *   POST /api/smart-playlists/preview?offset&limit  SmartDefinition → Page<Track>
 *
 *   /api/recommendations/mixes                  DailyMixes
 *   /api/recommendations/similar/:trackId?limit SimilarTracks
 *   /api/recommendations/status                 RecommendationStatus
 *   POST /api/recommendations/refresh           202 RecommendationStatus (schedules a recompute)
 */

export type FavoriteTracks = Page<Track>;
export type FavoriteAlbums = Page<Album>;
export type FavoriteArtists = Page<Artist>;

export const playlistApi = {
  list: () => '/api/playlists',
  playlist: (id: Id) => `/api/playlists/${id}`,
  entries: (id: Id) => `/api/playlists/${id}/entries`,
  remove: (id: Id) => `/api/playlists/${id}/entries/remove`,
  move: (id: Id) => `/api/playlists/${id}/entries/move`,
  /** `version` only busts the browser cache when the tiles change. */
  mosaic: (id: Id, size: CoverSize = 'medium', version?: number) => `/api/playlists/${id}/mosaic?size=${size}${version === undefined ? '' : `&v=${version}`}`,
  exportFile: (id: Id) => `/api/playlists/${id}/export`,
  importFile: () => '/api/playlists/import',
} as const;

export const historyApi = {
  progress: () => '/api/history/progress',
  plays: () => '/api/history/plays',
  events: () => '/api/history/events',
  recent: () => '/api/history/recent',
  mostPlayed: () => '/api/history/most-played',
  recentlyAdded: () => '/api/history/recently-added',
  stats: () => '/api/stats/listening',
} as const;

export const prefsApi = {
  lookup: () => '/api/prefs',
  item: (kind: RatedKind, id: Id) => `/api/prefs/${kind}/${id}`,
  favoriteTracks: () => '/api/favorites/tracks',
  favoriteAlbums: () => '/api/favorites/albums',
  favoriteArtists: () => '/api/favorites/artists',
} as const;

export const smartPlaylistApi = {
  list: () => '/api/smart-playlists',
  playlist: (id: Id) => `/api/smart-playlists/${id}`,
  tracks: (id: Id) => `/api/smart-playlists/${id}/tracks`,
  preview: () => '/api/smart-playlists/preview',
} as const;

export const recommendApi = {
  mixes: () => '/api/recommendations/mixes',
  similar: (trackId: Id) => `/api/recommendations/similar/${trackId}`,
  status: () => '/api/recommendations/status',
  refresh: () => '/api/recommendations/refresh',
} as const;

/** A play counts after this much actual listening, or half the track, whichever comes first. */
export const playCountThresholdMs = 30_000;
/** Stopped before this much listening = a skip. */
export const skipThresholdMs = 30_000;
