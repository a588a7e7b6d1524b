// The mirror's ONE listening service (app/library's createListening over the mirror database, whose
// schema has the library's listening tables): playlists, favorites/ratings, history, views, smart playlists
// and recommendations; its playlist and prefs edits are journaled for the desktop. The remote
// player's /api routes (routes/listening.ts) and the Subsonic tier-2 endpoints
// (subsonic/library.ts) share it, so recommendations see Subsonic scrobbles too.
import type { MirrorCatalog } from './db/open.ts';
import type { Queries } from '../app/catalog/queries/index.ts';
import { createListening, type Listening } from '../app/library/index.ts';
import type { ListeningJournal } from './listeningJournal.ts';

export interface MirrorListeningOptions {
  catalog: MirrorCatalog;
  queries: Queries;
  now?: () => number;
  /** Recommendations in a worker thread (default true; tests may turn it off). */
  worker?: boolean;
  /** Journals remote playlist and prefs edits for the desktop (sync-server/listeningJournal.ts). */
  journal: ListeningJournal;
}

export function createMirrorListening(options: MirrorListeningOptions): Listening {
  return options.journal.wrap(createListening({
    catalog: options.catalog, queries: options.queries,
    ...(options.now ? { now: options.now } : {}),
    recommend: { ...(options.worker !== undefined ? { worker: options.worker } : {}) },
  }));
}
