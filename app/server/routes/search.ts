// GET /api/search?q=&limit=: tracks, albums and artists matching a query.
import { Router } from 'express';
import type { Queries } from '../../catalog/queries/index.ts';
import { api } from '../../contract/index.ts';
import type { SearchIndex } from '../../search/index.ts';
import { searchCatalog } from '../../search/results.ts';
import { parse, searchQuery } from '../validate.ts';

export function searchRoutes(index: SearchIndex, queries: Queries): Router {
  const r = Router();
  r.get(api.search(), (req, res) => {
    const { q, limit } = parse(searchQuery, req.query);
    res.json(searchCatalog({ index, queries, query: q, limit }));
  });
  return r;
}
