// The one HTTP contract between the library API (app/server, and the sync server's read side) and
// the renderer. Types only, plus route builders: the renderer imports nothing else from app/.
// Split by concern; every part is re-exported here.
export * from './library.ts';
export * from './playlists.ts';
export type * from './desktop.ts';
