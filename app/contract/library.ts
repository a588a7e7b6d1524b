// The library's HTTP contract: browse, media, player state, library control, search, sync page.
// Re-exported by ./index.ts, which is what the renderer and servers import.

export type Id = number;

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

export interface ArtistRef {
  id: Id;
  name: string;
}

export interface Track {
  id: Id;
  title: string;
  /** Artist string as tagged ("A feat. B"). */
  artist: string;
  artists: ArtistRef[];
  albumId: Id | null;
  album: string | null;
  albumArtist: string | null;
  albumArtistId: Id | null;
  trackNo: number | null;
  discNo: number | null;
  year: number | null;
  durationMs: number;
  genres: string[];
  container: string | null;
  codec: string | null;
  lossless: boolean;
  bitrate: number | null;
  sampleRate: number | null;
  bitDepth: number | null;
  channels: number | null;
  size: number;
  coverId: Id | null;
  addedAt: number;
}

export interface Album {
  id: Id;
  title: string;
  artist: string;
  artistId: Id;
  isCompilation: boolean;
  year: number | null;
  trackCount: number;
  durationMs: number;
  coverId: Id | null;
  addedAt: number;
}

export interface AlbumDetail extends Album {
  genres: string[];
  tracks: Track[];
}

export interface Artist {
  id: Id;
  name: string;
  albumCount: number;
  trackCount: number;
  coverId: Id | null;
}

export interface ArtistDetail extends Artist {
  /** Albums where this artist is the album artist. */
  albums: Album[];
  /** Other artists' albums (compilations included) that this artist appears on. */
  appearsOn: Album[];
}

export interface Genre {
  id: Id;
  name: string;
  trackCount: number;
  albumCount: number;
}

export interface Folder {
  id: Id;
  name: string;
  path: string;
  parentId: Id | null;
  folderCount: number;
  trackCount: number;
}

export interface FolderDetail extends Folder {
  ancestors: Folder[];
  folders: Folder[];
  tracks: Track[];
}

export interface SearchResult {
  tracks: Track[];
  albums: Album[];
  artists: Artist[];
  elapsedMs: number;
}

export type RepeatMode = 'off' | 'all' | 'one';

/** Player state kept on the server so a reload or restart resumes where it was. */
export interface PlayerState {
  queue: Id[];
  index: number;
  positionMs: number;
  volume: number;
  muted: boolean;
  shuffle: boolean;
  repeat: RepeatMode;
  updatedAt: number;
}

export type ScanPhase = 'idle' | 'walking' | 'parsing' | 'writing' | 'covers' | 'done';

export interface ScanProgress {
  running: boolean;
  phase: ScanPhase;
  found: number;
  parsed: number;
  errors: number;
  /** Files parsed per second over the current scan. */
  rate: number;
  currentPath: string | null;
  startedAt: number | null;
  /** Summary of the last finished scan. */
  last: ScanSummary | null;
}

export interface ScanSummary {
  tracks: number;
  added: number;
  updated: number;
  removed: number;
  moved: number;
  unchanged: number;
  errors: number;
  elapsedMs: number;
}

export interface ScanError {
  path: string;
  reason: string;
  at: number;
}

export interface LibraryFolders {
  folders: string[];
}

export interface LibraryStats {
  tracks: number;
  albums: number;
  artists: number;
  genres: number;
  durationMs: number;
  bytes: number;
  errors: number;
}

export interface Health {
  ok: true;
  version: string;
  mode: 'local' | 'remote';
}

/** Every error response has this JSON body. */
export interface ApiError {
  error: {
    status: number;
    message: string;
    /** The request field that failed validation, when there is one. */
    field?: string;
  };
}

export const trackSortKeys = ['title', 'artist', 'album', 'albumArtist', 'year', 'durationMs', 'trackNo', 'addedAt', 'genre', 'bitrate', 'codec'] as const;
export type TrackSort = (typeof trackSortKeys)[number];
export const albumSortKeys = ['title', 'artist', 'year', 'addedAt'] as const;
export type AlbumSort = (typeof albumSortKeys)[number];
export type SortOrder = 'asc' | 'desc';

export interface TrackListQuery {
  offset?: number;
  limit?: number;
  sort?: TrackSort;
  order?: SortOrder;
  genreId?: Id;
}

export interface AlbumListQuery {
  offset?: number;
  limit?: number;
  sort?: AlbumSort;
  order?: SortOrder;
  genreId?: Id;
}

export type CoverSize = 'thumb' | 'medium' | 'full';

export interface ArtistListQuery {
  offset?: number;
  limit?: number;
  order?: SortOrder;
}

export interface RecentQuery {
  offset?: number;
  limit?: number;
}

export interface SearchQuery {
  q: string;
  /** Per group (tracks, albums, artists); default 20, max 200. */
  limit?: number;
}

/** Body of PUT /api/player: any subset of the state; omitted fields keep their value. */
export type PlayerStateUpdate = Partial<Omit<PlayerState, 'updatedAt'>>;

/** GET /api/session: answers 200 when the request carries the secret (cookie or bearer), else 401. */
export interface Session {
  authenticated: true;
  mode: 'local' | 'remote';
  version: string;
}

/** Server-sent events on GET /api/library/scan/events: `event: progress`, `data: ScanProgress` JSON. */
export const scanEventName = 'progress';

/** Paging limits every list route accepts (`limit` above `maxPageLimit` is a 400). */
export const defaultPageLimit = 100;
export const maxPageLimit = 1000;

/*
 * Routes (GET unless noted) and what they answer:
 *   /api/health                    Health (the only route without the secret)
 *   /api/session                   Session
 *   /api/tracks?offset&limit&sort&order&genreId   Page<Track>
 *   /api/tracks/:id                Track
 *   /api/tracks/:id/stream         the audio file (Range, ETag, 304)
 *   /api/albums?offset&limit&sort&order&genreId   Page<Album>
 *   /api/albums/:id                AlbumDetail
 *   /api/artists?offset&limit&order               Page<Artist>
 *   /api/artists/:id               ArtistDetail
 *   /api/genres                    Genre[]
 *   /api/folders                   Folder[] (library roots)
 *   /api/folders/:id               FolderDetail
 *   /api/recent?offset&limit       Page<Album> (newest first)
 *   /api/covers/:id?size           image (WebP for thumb/medium, original for full)
 *   /api/search?q&limit            SearchResult
 *   /api/player                    PlayerState; PUT PlayerStateUpdate → PlayerState
 *   /api/library/folders           LibraryFolders; PUT LibraryFolders → LibraryFolders (each must be an existing folder)
 *   POST /api/library/rescan       202 ScanProgress
 *   /api/library/scan/events       text/event-stream of ScanProgress (current state first)
 *   /api/library/errors?offset&limit              Page<ScanError>
 *   /api/library/stats             LibraryStats
 *   POST /api/library/demo         LibraryFolders (the demo folder added)
 * Errors: ApiError JSON (400 names `field`, 401 without the secret, 403 for a foreign Host, 404).
 */

/** Path builders for every route; the renderer and tests build URLs only through these. */
export const api = {
  health: () => '/api/health',
  session: () => '/api/session',
  tracks: () => '/api/tracks',
  track: (id: Id) => `/api/tracks/${id}`,
  stream: (id: Id) => `/api/tracks/${id}/stream`,
  albums: () => '/api/albums',
  album: (id: Id) => `/api/albums/${id}`,
  artists: () => '/api/artists',
  artist: (id: Id) => `/api/artists/${id}`,
  genres: () => '/api/genres',
  folders: () => '/api/folders',
  folder: (id: Id) => `/api/folders/${id}`,
  recent: () => '/api/recent',
  cover: (id: Id, size: CoverSize = 'medium') => `/api/covers/${id}?size=${size}`,
  search: () => '/api/search',
  player: () => '/api/player',
  libraryFolders: () => '/api/library/folders',
  rescan: () => '/api/library/rescan',
  scanEvents: () => '/api/library/scan/events',
  scanErrors: () => '/api/library/errors',
  stats: () => '/api/library/stats',
  demo: () => '/api/library/demo',
} as const;

/*
 * Sync (the library side): the device's sync settings and "Sync now" with progress.
 *   GET  /api/library/sync          SyncStatus
 *   PUT  /api/library/sync          SyncSettingsUpdate → SyncStatus (server URL, device token; the token is never sent back)
 *   POST /api/library/sync/run      202 SyncStatus (409 when one is running; 400 field "server"/"token" when unset)
 *   GET  /api/library/sync/events   text/event-stream: `event: sync` + SyncStatus JSON, the current state first
 */
export type SyncRunPhase = 'idle' | 'reading' | 'loudness' | 'manifest' | 'transcoding' | 'uploading' | 'committing' | 'removing' | 'done';

export interface SyncRunProgress {
  phase: SyncRunPhase;
  /** Tracks settled (published, already up to date, or failed) out of the local tracks. */
  tracks: { done: number; total: number };
  /** Objects uploaded out of those the store lacked. */
  objects: { done: number; total: number };
  bytes: { done: number; total: number };
  /** Upload rate over this run, bytes/s. */
  rate: number;
  failures: number;
}

export interface SyncRunSummary {
  tracks: number;
  uploaded: number;
  skipped: number;
  bytes: number;
  failed: number;
  elapsedMs: number;
}

export interface SyncStatus {
  server: string | null;
  /** A device token is stored (it is never sent back). */
  hasToken: boolean;
  running: boolean;
  progress: SyncRunProgress | null;
  last: (SyncRunSummary & { at: number }) | null;
  /** Why the last run stopped, as one sentence; null when it finished. */
  error: string | null;
}

export interface SyncSettingsUpdate {
  server?: string;
  /** Empty string removes the stored token. */
  token?: string;
}

export const syncEventName = 'sync';

export const librarySyncApi = {
  status: () => '/api/library/sync',
  run: () => '/api/library/sync/run',
  events: () => '/api/library/sync/events',
} as const;
