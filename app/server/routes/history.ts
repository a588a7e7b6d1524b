// Play history (progress, final reports, events) and the views over it: recently played, most
// played, recently added, listening stats.
import { Router } from 'express';
import { z } from 'zod';
import { historyApi } from '../../contract/index.ts';
import type { Listening } from '../../library/index.ts';
import { pageQuery, parse } from '../validate.ts';
import { libraryErrors } from './libraryErrors.ts';

const sources = ['album', 'artist', 'playlist', 'smart-playlist', 'search', 'queue', 'folder', 'recommendation', 'library', 'other'] as const;
const epoch = z.number().int().min(0).max(8.64e15);
const progressBody = z.object({
  clientEventId: z.string().min(1, 'must not be empty').max(100),
  trackId: z.number().int().positive(),
  startedAt: epoch,
  msListened: z.number().min(0).max(86_400_000),
  source: z.enum(sources),
  sourceId: z.string().max(200).optional(),
  clientId: z.string().max(200).optional(),
}).strict();
const reportBody = progressBody.extend({ completed: z.boolean(), endedAt: epoch.optional() }).strict()
  .refine((p) => p.endedAt === undefined || p.endedAt >= p.startedAt, { message: 'must not be before startedAt', path: ['endedAt'] });
const batchBody = z.object({ plays: z.array(reportBody).min(1, 'must not be empty').max(5000) }).strict();
const int = (min: number, max: number) => z.string().regex(/^-?[0-9]{1,16}$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(min).max(max));
const mostQuery = pageQuery(50).extend({ range: z.enum(['week', 'month', 'year', 'all']).default('month') });
const statsQuery = z.object({
  from: int(0, 8.64e15).optional(),
  to: int(0, 8.64e15).optional(),
  tzOffsetMin: int(-16 * 60, 16 * 60).default(0),
  top: int(1, 100).default(10),
});

export function historyRoutes(listening: Listening): Router {
  const { history, views } = listening;
  const r = Router();
  r.post(historyApi.progress(), (req, res) => {
    history.progress(parse(progressBody, req.body ?? {}));
    res.status(204).end();
  });
  r.post(historyApi.plays(), (req, res) => {
    res.json(history.record(parse(batchBody, req.body ?? {}).plays));
  });
  r.get(historyApi.events(), (req, res) => {
    res.json(history.events(parse(pageQuery(100), req.query)));
  });
  r.get(historyApi.recent(), (req, res) => {
    res.json(views.recentlyPlayed(parse(pageQuery(50), req.query)));
  });
  r.get(historyApi.mostPlayed(), (req, res) => {
    res.json(views.mostPlayed(parse(mostQuery, req.query)));
  });
  r.get(historyApi.recentlyAdded(), (req, res) => {
    res.json(views.recentlyAdded(parse(pageQuery(50), req.query)));
  });
  r.get(historyApi.stats(), (req, res) => {
    const q = parse(statsQuery, req.query);
    const to = q.to ?? Date.now();
    const from = q.from ?? to - 30 * 86_400_000;
    if (from >= to) {
      parse(z.object({ from: z.number().max(to - 1, 'must be before to') }), { from });
    }
    if (to - from > 3 * 366 * 86_400_000) parse(z.object({ from: z.number().min(to - 3 * 366 * 86_400_000, 'the range is at most 3 years') }), { from });
    res.json(views.stats({ from, to, tzOffsetMin: q.tzOffsetMin, top: q.top }));
  });
  r.use(libraryErrors);
  return r;
}
