// Recommendations: served from the background-computed cache (never computed in a request).
import { Router } from 'express';
import { recommendRoutes as routes } from '../../contract/index.ts';
import { mount } from '../../http/mount.ts';
import type { Listening } from '../../library/index.ts';
import { libraryErrors } from './libraryErrors.ts';

export function recommendRoutes(listening: Listening): Router {
  const { recommender } = listening;
  const r = Router();
  mount(r, routes.mixes, () => recommender.mixes());
  mount(r, routes.similar, ({ params, query }) => recommender.similar(params.id, query.limit));
  mount(r, routes.recommendationStatus, () => recommender.status());
  mount(r, routes.refreshRecommendations, async ({ query }, _req, res) => {
    const done = recommender.refresh();
    if (query.wait === '1') {
      await done;
      res.status(200);
    }
    return recommender.status();
  });
  r.use(libraryErrors);
  return r;
}
