// The one HTTP contract between the library API (app/server), the sync server's read and
// listening API (sync-server) and the renderer: zod schemas with the types inferred from them, and
// every route declared once (method, path, request and answer schemas). Servers mount the
// declarations (app/http/mount.ts); the renderer's typed client is built from them. Split by
// concern; every part is re-exported here. The renderer imports nothing else from app/.
import { controlRoutes } from './control.ts';
import { historyRoutes } from './history.ts';
import { loudnessRoutes } from './loudness.ts';
import { browseRoutes } from './library.ts';
import { playlistRoutes } from './playlists.ts';
import { prefsRoutes } from './prefs.ts';
import { recommendRoutes } from './recommend.ts';
import { adminRoutes, remoteRoutes, syncProtocolRoutes } from './remote.ts';
import { smartRoutes } from './smart.ts';

export * from './route.ts';
export * from './fields.ts';
export * from './library.ts';
export * from './paths.ts';
export * from './control.ts';
export * from './playlists.ts';
export * from './history.ts';
export * from './prefs.ts';
export * from './smart.ts';
export * from './recommend.ts';
export * from './sync.ts';
export * from './remote.ts';
export * from './loudness.ts';
export * from './byteRange.ts';
export type * from './desktop.ts';

/** Playlists, history, favorites/ratings, smart playlists, recommendations: on both servers. */
export const listeningRoutes = { ...playlistRoutes, ...historyRoutes, ...prefsRoutes, ...smartRoutes, ...recommendRoutes } as const;

/** Every route of the library server (app/server): `tonearm serve` and the desktop app. */
export const libraryServerRoutes = { ...browseRoutes, ...controlRoutes, ...loudnessRoutes, ...listeningRoutes } as const;

/** Every `/api` route of the sync server: the read and listening API over its mirror, presigned media, the sync protocol, admin. */
export const syncServerRoutes = { ...browseRoutes, ...listeningRoutes, ...remoteRoutes, ...syncProtocolRoutes, ...adminRoutes } as const;