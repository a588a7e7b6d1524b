// The listening features for the remote player, over the mirror: app/server's own routers for
// playlists, favorites/ratings, history and its views, smart playlists, recommendations and the
// player state (queue + position survive a reload). Mounted behind the device auth of /api.
import { Router } from 'express';
import { historyRoutes } from '../../app/server/routes/history.ts';
import { playerRoutes } from '../../app/server/routes/player.ts';
import { playlistRoutes } from '../../app/server/routes/playlists.ts';
import { prefsRoutes } from '../../app/server/routes/prefs.ts';
import { recommendRoutes } from '../../app/server/routes/recommend.ts';
import { smartPlaylistRoutes } from '../../app/server/routes/smartPlaylists.ts';
import type { SyncContext } from '../context.ts';

export function listeningRoutes(ctx: SyncContext): Router {
  const { listening } = ctx;
  const r = Router();
  r.use(playerRoutes(ctx.queries.player));
  // Mosaics are composed from cover files on disk; the mirror keeps covers in storage only, so
  // `/api/playlists/:id/mosaic` is a 404 here and the UI falls back to its placeholder.
  r.use(playlistRoutes({ listening, covers: ctx.catalog.covers, coverDir: ctx.coverDir }));
  r.use(historyRoutes(listening));
  r.use(prefsRoutes(listening));
  r.use(smartPlaylistRoutes(listening));
  r.use(recommendRoutes(listening));
  return r;
}
