// Play history (progress, final reports, events) and the views over it: recently played, most
// played, recently added, listening stats.
import { Router } from 'express';
import { historyRoutes as routes } from '../../contract/index.ts';
import { HttpError } from '../../http/errors.ts';
import { mount } from '../../http/mount.ts';
import type { Listening } from '../../library/index.ts';
import { libraryErrors } from './libraryErrors.ts';

const dayMs = 86_400_000;

export function historyRoutes(listening: Listening): Router {
  const { history, views } = listening;
  const r = Router();
  mount(r, routes.playProgress, ({ body }) => {
    history.progress(body);
  });
  mount(r, routes.reportPlays, ({ body }) => history.record(body.plays));
  mount(r, routes.playEvents, ({ query }) => history.events(query));
  mount(r, routes.recentlyPlayed, ({ query }) => views.recentlyPlayed(query));
  mount(r, routes.mostPlayed, ({ query }) => views.mostPlayed(query));
  mount(r, routes.recentlyAdded, ({ query }) => views.recentlyAdded(query));
  mount(r, routes.listeningStats, ({ query: q }) => {
    const to = q.to ?? Date.now();
    const from = q.from ?? to - 30 * dayMs;
    if (from >= to) throw new HttpError(400, 'from: must be before to', { field: 'from' });
    if (to - from > 3 * 366 * dayMs) throw new HttpError(400, 'from: the range is at most 3 years', { field: 'from' });
    return views.stats({ from, to, tzOffsetMin: q.tzOffsetMin, top: q.top });
  });
  r.use(libraryErrors);
  return r;
}
