// The remote player's calls to the sync server (renderer/remote/), from the contract's route
// declarations: bearer token from the sign-in, JSON errors as ApiRequestError.
import type { Id, Quality, StreamUrl } from '../../app/contract/index.ts';
import { browseRoutes, remoteRoutes } from './contract.ts';
import { call } from './client.ts';

/** GET /api/tracks/:id/stream on the sync server (expiresAt in epoch ms). */
export type RemoteStreamUrl = StreamUrl;

export const remoteClient = {
  health: () => call(browseRoutes.health),
  session: () => call(browseRoutes.session),
  streamUrl: (id: Id, quality: Quality) => call(remoteRoutes.streamUrl, { params: { id }, query: { quality } }),
  /** Exchanges the bearer token for the HttpOnly session cookie (<audio>, <img>, service worker). */
  startCookie: () => call(remoteRoutes.startCookie),
  endCookie: () => call(remoteRoutes.endCookie),
};
