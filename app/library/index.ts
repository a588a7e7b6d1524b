// app/library: playlists, play history, favorites/ratings, views, smart playlists and
// recommendations over the catalog. `createListening` wires them together for the server.
import type { Catalog } from '../catalog/index.ts';
import type { Queries } from '../catalog/queries/index.ts';
import { createHistoryStore, staleOpenPlayMs, type HistoryStore } from './history.ts';
import { createPlaylistFiles, type PlaylistFiles } from './playlistFiles.ts';
import { createPlaylistStore, type PlaylistStore } from './playlists.ts';
import { createPrefsStore, type PrefsStore } from './prefs.ts';
import { createRecommender, type Recommender } from './recommend/service.ts';
import { createSmartStore, type SmartStore } from './smart.ts';
import { createViews, type Views } from './views.ts';

export interface ListeningOptions {
  /** The database (and its file, for the recommender's worker): a desktop catalog or the sync server's mirror. */
  catalog: Pick<Catalog, 'db' | 'file'>;
  queries: Queries;
  now?: () => number;
  /** Recommendations: debounce after a history change (default 5 s), worker thread (default for files), time zone. */
  recommend?: { debounceMs?: number; worker?: boolean; tzOffsetMin?: number; computeOnStart?: boolean };
}

export interface Listening {
  playlists: PlaylistStore;
  files: PlaylistFiles;
  history: HistoryStore;
  prefs: PrefsStore;
  views: Views;
  smart: SmartStore;
  recommender: Recommender;
  /** Search re-ranking: 1 + log1p(plays) / 10, at most 2. */
  boost(trackId: number): number;
  close(): Promise<void>;
}

/** The search boost for a play count: modest and bounded (1 play → 1.07, 100 → 1.46, capped at 2). */
export const playBoost = (plays: number): number => Math.min(2, 1 + Math.log1p(Math.max(0, plays)) / 10);

export function createListening(options: ListeningOptions): Listening {
  const { catalog, queries } = options;
  const db = catalog.db;
  const now = options.now ?? Date.now;
  const opt = now === Date.now ? {} : { now };
  const playlists = createPlaylistStore({ db, tracks: queries.tracks, ...opt });
  const history = createHistoryStore({ db, ...opt });
  const recommender = createRecommender({
    db, file: catalog.file, tracks: queries.tracks, ...opt,
    ...(options.recommend?.debounceMs !== undefined ? { debounceMs: options.recommend.debounceMs } : {}),
    ...(options.recommend?.worker !== undefined ? { worker: options.recommend.worker } : {}),
    ...(options.recommend?.tzOffsetMin !== undefined ? { tzOffsetMin: options.recommend.tzOffsetMin } : {}),
  });
  const counts = db.prepare<[], { trackId: number; plays: number }>('SELECT track_id AS trackId, play_count AS plays FROM track_plays WHERE play_count > 0');
  let playCounts: Map<number, number> | null = null;
  history.onChange = () => {
    playCounts = null;
    recommender.schedule();
  };
  history.closeStale(now() - staleOpenPlayMs);
  const sweep = setInterval(() => history.closeStale(now() - staleOpenPlayMs), 60_000);
  sweep.unref();
  if (options.recommend?.computeOnStart !== false) recommender.schedule();
  return {
    playlists,
    files: createPlaylistFiles({ db, playlists }),
    history,
    prefs: createPrefsStore({ db, tracks: queries.tracks, albums: queries.albums, artists: queries.artists, ...opt }),
    views: createViews({ db, tracks: queries.tracks, ...opt }),
    smart: createSmartStore({ db, tracks: queries.tracks, ...opt }),
    recommender,
    boost(trackId) {
      playCounts ??= new Map(counts.all().map((r) => [r.trackId, r.plays]));
      const plays = playCounts.get(trackId);
      return plays === undefined ? 1 : playBoost(plays);
    },
    async close() {
      clearInterval(sweep);
      await recommender.close();
    },
  };
}

export { LibraryError } from './errors.ts';
export type { HistoryStore, PlaylistFiles, PlaylistStore, PrefsStore, Recommender, SmartStore, Views };
