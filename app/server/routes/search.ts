// GET /api/search?q=&limit=&group=&offset=: tracks, albums and artists matching a query, one page.
import { Router } from 'express';
import type { Queries } from '../../catalog/queries/index.ts';
import { browseRoutes as routes } from '../../contract/index.ts';
import { mount } from '../../http/mount.ts';
import type { SearchIndex } from '../../search/index.ts';
import { searchCatalog } from '../../search/results.ts';

export function searchRoutes(index: SearchIndex, queries: Queries): Router {
  // One search with rows at start: the first one a person types is then as fast as the next.
  searchCatalog({ index, queries, query: index.commonWord(), limit: 20 });
  const r = Router();
  mount(r, routes.search, ({ query }) => searchCatalog({
    index, queries, query: query.q, limit: query.limit, offset: query.offset, ...(query.group ? { group: query.group } : {}),
  }));
  return r;
}
