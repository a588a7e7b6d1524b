// A search answered in the contract's shape: ids from the index, rows from the catalog.
import type { SearchGroup, SearchResult } from '../contract/index.ts';
import type { Queries } from '../catalog/queries/index.ts';
import type { SearchIndex } from './index.ts';

export interface SearchCatalogOptions {
  index: SearchIndex;
  queries: Pick<Queries, 'tracks' | 'albums' | 'artists'>;
  query: string;
  /** Per group. */
  limit: number;
  /** Skip this many matches per group. */
  offset?: number;
  /** Only this group ("show all"); the others come back empty, with their totals. */
  group?: SearchGroup;
}

export function searchCatalog(options: SearchCatalogOptions): SearchResult {
  const started = performance.now();
  const hits = options.index.search(options.query, options.limit, {
    offset: options.offset ?? 0, ...(options.group ? { group: options.group } : {}),
  });
  const { tracks, albums, artists } = options.queries;
  return {
    tracks: tracks.byIds(hits.tracks),
    albums: albums.byIds(hits.albums),
    artists: artists.byIds(hits.artists),
    totals: hits.totals,
    elapsedMs: Math.round((performance.now() - started) * 100) / 100,
  };
}
