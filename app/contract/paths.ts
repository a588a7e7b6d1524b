// Path builders for the library API's routes (no zod: the renderer's bundle imports this module
// directly, see renderer/api/contract.ts). Re-exported by index.ts.
import type { CoverSize, Id } from './library.ts';

/** Path builders for every route; the renderer and tests build URLs only through these. */
export const api = {
  health: () => '/api/health',
  session: () => '/api/session',
  tracks: () => '/api/tracks',
  track: (id: Id) => `/api/tracks/${id}`,
  lyrics: (id: Id) => `/api/tracks/${id}/lyrics`,
  trackIds: () => '/api/track-ids',
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
