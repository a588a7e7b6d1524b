// The player state: GET answers it, PUT merges a partial update and persists it in the catalog.
import { Router } from 'express';
import type { PlayerStore } from '../../catalog/queries/index.ts';
import { api, type PlayerState } from '../../contract/index.ts';
import { HttpError } from '../errors.ts';
import { parse, playerUpdate } from '../validate.ts';

export function playerRoutes(player: PlayerStore): Router {
  const r = Router();
  r.get(api.player(), (_req, res) => {
    res.json(player.get());
  });
  r.put(api.player(), (req, res) => {
    const update = parse(playerUpdate, req.body ?? {});
    const current = player.get();
    const next: PlayerState = { ...current, ...update, updatedAt: Date.now() };
    if (next.index > Math.max(0, next.queue.length - 1)) {
      throw new HttpError(400, `index: must be below the queue length (${next.queue.length})`, { field: 'index' });
    }
    player.put(next);
    res.json(next);
  });
  return r;
}
