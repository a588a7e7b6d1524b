// A search answered in the contract's shape: ids from the index, rows from the catalog.
import type { SearchResult } from '../contract/index.ts';
import type { Queries } from '../catalog/queries/index.ts';
import type { SearchIndex } from './index.ts';

export interface SearchCatalogOptions {
  index: SearchIndex;
  queries: Pick<Queries, 'tracks' | 'albums' | 'artists'>;
  query: string;
  /** Per group. */
  limit: number;
}

export function searchCatalog(options: SearchCatalogOptions): SearchResult {
  const started = performance.now();
  const hits = options.index.search(options.query, options.limit);
  const { tracks, albums, artists } = options.queries;
  return {
    tracks: tracks.byIds(hits.tracks),
    albums: albums.byIds(hits.albums),
    artists: artists.byIds(hits.artists),
    elapsedMs: Math.round((performance.now() - started) * 100) / 100,
  };
}
