// The remote player's calls to the sync server (renderer/remote/). Same request() as the library
// client: bearer token from the sign-in, JSON errors as ApiRequestError.
import { api, type Health, type Id, type Session } from '../../app/contract/index.ts';
import { request } from './client.ts';

/** GET /api/tracks/:id/stream → the sync server's StreamUrl (app/sync/protocol.ts). */
export interface RemoteStreamUrl {
  url: string;
  /** Epoch ms. */
  expiresAt: number;
  rung: string;
  bitrate: number;
  codec: string;
}

export const remoteClient = {
  health: () => request<Health>('GET', api.health()),
  session: () => request<Session>('GET', api.session()),
  streamUrl: (id: Id, quality: 'high' | 'medium' | 'low' | 'auto') =>
    request<RemoteStreamUrl>('GET', `${api.stream(id)}?quality=${quality}`),
  /** Exchanges the bearer token for the HttpOnly session cookie (<audio>, <img>, service worker). */
  startCookie: () => request<void>('POST', '/api/session/cookie'),
  endCookie: () => request<void>('DELETE', '/api/session/cookie'),
};
