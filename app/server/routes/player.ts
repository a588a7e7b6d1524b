// The player state: GET answers it, PUT merges a partial update and persists it in the catalog.
import { Router } from 'express';
import type { PlayerStore } from '../../catalog/queries/index.ts';
import { browseRoutes as routes, type PlayerState } from '../../contract/index.ts';
import { HttpError } from '../../http/errors.ts';
import { mount } from '../../http/mount.ts';

export function playerRoutes(player: PlayerStore): Router {
  const r = Router();
  mount(r, routes.player, () => player.get());
  mount(r, routes.savePlayer, ({ body }) => {
    const next: PlayerState = { ...player.get(), ...body, updatedAt: Date.now() };
    if (next.index > Math.max(0, next.queue.length - 1)) {
      throw new HttpError(400, `index: must be below the queue length (${next.queue.length})`, { field: 'index' });
    }
    player.put(next);
    return next;
  });
  return r;
}
