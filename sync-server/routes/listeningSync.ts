// The listening-data half of the sync protocol (app/sync/protocol.ts, app/library/SYNC.md): the
// desktop pulls the server's journal of remote edits and remote plays, then pushes its own state.
import { Router } from 'express';
import { parse } from '../../app/server/validate.ts';
import type { ListeningPushRequest } from '../../app/sync/protocol.ts';
import { syncApi } from '../../app/sync/protocol.ts';
import type { SyncContext } from '../context.ts';
import { createListeningPush } from '../listeningPush.ts';
import { listeningChangesQuery, listeningPushRequest } from '../schemas.ts';

export function listeningSyncRoutes(ctx: SyncContext): Router {
  const push = createListeningPush(ctx.catalog, ctx.listening);
  const r = Router();
  r.get('/api/sync/listening/changes', (req, res) => {
    const q = parse(listeningChangesQuery, req.query);
    res.json(ctx.journal.changes(q.since, q.events, q.limit));
  });
  r.post(syncApi.listeningPush(), (req, res) => {
    res.json(push.apply(parse(listeningPushRequest, req.body) as ListeningPushRequest));
  });
  return r;
}
