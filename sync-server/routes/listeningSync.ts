// The listening-data half of the sync protocol (app/sync/protocol.ts, app/library/SYNC.md): the
// desktop pulls the server's journal of remote edits and remote plays, then pushes its own state.
import { Router } from 'express';
import { syncProtocolRoutes as routes } from '../../app/contract/index.ts';
import { mount } from '../../app/http/mount.ts';
import type { SyncContext } from '../context.ts';
import { createListeningPush } from '../listeningPush.ts';
import { deviceOf } from './sync.ts';

export function listeningSyncRoutes(ctx: SyncContext): Router {
  const push = createListeningPush(ctx.catalog, ctx.listening);
  const r = Router();
  mount(r, routes.listeningChanges, ({ query: q }, _req, res) => ctx.journal.changes(deviceOf(res), q.since, q.events, q.limit));
  mount(r, routes.listeningPush, ({ body }, _req, res) => push.apply(deviceOf(res), body));
  return r;
}
