// Recommendations: served from the background-computed cache (never computed in a request).
import { Router } from 'express';
import { z } from 'zod';
import { recommendApi } from '../../contract/index.ts';
import type { Listening } from '../../library/index.ts';
import { idParams, parse } from '../validate.ts';
import { libraryErrors } from './libraryErrors.ts';

const limitQuery = z.object({
  limit: z.string().regex(/^[0-9]{1,4}$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(1, 'must be at least 1').max(200, 'must be at most 200')).default(25),
});
const refreshQuery = z.object({ wait: z.enum(['0', '1']).default('0') });

export function recommendRoutes(listening: Listening): Router {
  const { recommender } = listening;
  const r = Router();
  r.get(recommendApi.mixes(), (_req, res) => {
    res.json(recommender.mixes());
  });
  r.get('/api/recommendations/similar/:id', (req, res) => {
    const { id } = parse(idParams, req.params);
    res.json(recommender.similar(id, parse(limitQuery, req.query).limit));
  });
  r.get(recommendApi.status(), (_req, res) => {
    res.json(recommender.status());
  });
  /** Schedules a recompute at once; `?wait=1` answers when it is done (tests, benchmarks). */
  r.post(recommendApi.refresh(), async (req, res) => {
    const { wait } = parse(refreshQuery, req.query);
    const done = recommender.refresh();
    if (wait === '1') {
      await done;
      res.json(recommender.status());
      return;
    }
    res.status(202).json(recommender.status());
  });
  r.use(libraryErrors);
  return r;
}
