// Read queries over the catalog, returning the HTTP contract's shapes. Prepared once per catalog.
import type { Catalog } from '../index.ts';
import type { GainSource } from '../gain.ts';
import { createTrackQueries, type TrackQueries } from './tracks.ts';
import { createAlbumQueries, type AlbumQueries } from './albums.ts';
import { createArtistQueries, type ArtistQueries } from './artists.ts';
import { createGenreQueries, type GenreQueries } from './genres.ts';
import { createFolderQueries, type FolderQueries } from './folders.ts';
import { createPlayerStore, type PlayerStore } from './player.ts';
import { createSearchSourceQueries, type SearchSourceQueries } from './search.ts';

export interface Queries {
  tracks: TrackQueries;
  albums: AlbumQueries;
  artists: ArtistQueries;
  genres: GenreQueries;
  folders: FolderQueries;
  player: PlayerStore;
  /** The rows the search index is built from. */
  searchDocuments: SearchSourceQueries;
}

export interface QueriesOptions {
  /** Where the tracks' gain is kept (default: a desktop catalog's tags and measurements). */
  gain?: GainSource;
}

export function createQueries(catalog: Pick<Catalog, 'db'>, options: QueriesOptions = {}): Queries {
  const db = catalog.db;
  const tracks = createTrackQueries(db, options.gain);
  const albums = createAlbumQueries(db, tracks);
  return {
    tracks,
    albums,
    artists: createArtistQueries(db, albums),
    genres: createGenreQueries(db),
    folders: createFolderQueries(db, tracks),
    player: createPlayerStore(db),
    searchDocuments: createSearchSourceQueries(db),
  };
}

export type { TrackQueries, AlbumQueries, ArtistQueries, GenreQueries, FolderQueries, PlayerStore, SearchSourceQueries };
export type { TrackPageQuery, TrackFile } from './tracks.ts';
export type { AlbumPageQuery } from './albums.ts';
export type { TrackSourceRow, AlbumSourceRow, NameSourceRow } from './search.ts';
export { initialPlayerState } from './player.ts';
