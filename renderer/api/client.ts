// The one place the renderer talks HTTP to the library API: a typed client built from the route
// declarations in the contract (`call(route, { params, query, body })` → the route's answer type).
import type {
  ApiError, ClientBodyOf, ClientParamsOf, ClientQueryOf, CoverSize, Id, LibraryFolders,
  ResponseOf, RouteSpec, ScanProgress, SearchGroup, SyncStatus,
} from '../../app/contract/index.ts';
import { api, browseRoutes, controlRoutes, pathOf, queryString, scanEventName, syncEventName } from './contract.ts';

/** An error response from the API (its ApiError body), or a network failure (status 0). */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly field: string | undefined;
  /** The parsed JSON error body (e.g. a 409's `current` state), when there was one. */
  readonly body: unknown;
  constructor(status: number, message: string, field?: string, body?: unknown) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.field = field;
    this.body = body;
  }
}

/** Remote mode: the device token the person signed in with (renderer/remote/session.ts). */
let bearerToken: string | null = null;
export function setBearerToken(token: string | null): void {
  bearerToken = token;
}

function bridge(): TonearmBridge | undefined {
  return typeof window === 'undefined' ? undefined : window.tonearm;
}

/** Absolute-or-relative URL for a contract path (the Electron preload may point at another origin). */
export function url(path: string): string {
  // Media elements (<audio>, <img>) cannot send headers: they rely on the session cookie, which
  // the entry URL sets (the preload's token is only used for fetch).
  const base = bridge()?.apiBase;
  return base ? base.replace(/\/$/, '') + path : path;
}

export const streamUrl = (id: Id): string => url(api.stream(id));

/** The bearer header fetches carry (the Electron preload's token, or remote mode's device token). */
export function authHeaders(): Record<string, string> {
  const token = bridge()?.token ?? bearerToken;
  return token ? { authorization: `Bearer ${token}` } : {};
}
export const coverUrl = (id: Id, size: CoverSize = 'medium'): string => url(api.cover(id, size));

/** JSON in and out; a Blob body is sent as is with its own type (an M3U file). Exported for the typed clients in api/. */
export async function request<T>(method: string, path: string, body?: unknown, init?: RequestInit): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const raw = typeof Blob !== 'undefined' && body instanceof Blob;
  if (body !== undefined) headers['content-type'] = raw ? body.type || 'text/plain' : 'application/json';
  const token = bridge()?.token ?? bearerToken;
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(url(path), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : raw ? body : JSON.stringify(body),
      ...init,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiRequestError(0, `Cannot reach the library (${(err as Error).message})`);
  }
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    let field: string | undefined;
    let data: Partial<ApiError> | undefined;
    try {
      data = (await res.json()) as Partial<ApiError>;
      if (data.error?.message) message = data.error.message;
      field = data.error?.field;
    } catch {
      /* not JSON */
    }
    throw new ApiRequestError(res.status, message, field, data);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

type Signal = { signal?: AbortSignal };

/** What a call to `route` sends: path parameters, query and JSON body, each only when the route has one. */
export type CallInput<R extends RouteSpec> =
  (ClientParamsOf<R> extends undefined ? { params?: undefined } : { params: ClientParamsOf<R> })
  & (ClientQueryOf<R> extends undefined ? { query?: undefined } : { query?: ClientQueryOf<R> })
  & (ClientBodyOf<R> extends undefined ? { body?: undefined } : { body: ClientBodyOf<R> });

/** The URL of a route (path parameters filled in, the query appended), for links and media elements. */
export function routeUrl<R extends RouteSpec>(route: R, input: { params?: object; query?: object } = {}): string {
  return url(pathOf(route, input.params as Record<string, string | number> | undefined) + queryString(input.query));
}

/** Calls a declared route: typed by its request and response schemas. */
export function call<R extends RouteSpec>(route: R, input: CallInput<R> = {} as CallInput<R>, init?: RequestInit): Promise<ResponseOf<R>> {
  const { params, query, body } = input as { params?: Record<string, string | number>; query?: object; body?: unknown };
  return request<ResponseOf<R>>(route.method, pathOf(route, params) + queryString(query), body, init);
}

const r = { ...browseRoutes, ...controlRoutes };

export const client = {
  tracks: (query: ClientQueryOf<typeof r.tracks>, o: Signal = {}) => call(r.tracks, { query }, o),
  track: (id: Id) => call(r.track, { params: { id } }),
  lyrics: (id: Id, o: Signal = {}) => call(r.lyrics, { params: { id } }, o),
  /** Tracks by id, in that order (at most 1000 a call). */
  tracksByIds: (ids: readonly Id[], o: Signal = {}) => call(r.tracks, { query: { ids: ids.slice() } }, o).then((p) => p.items),
  /** Every id of a track list in its order (to play a whole view). */
  trackIds: (query: ClientQueryOf<typeof r.trackIds>, o: Signal = {}) => call(r.trackIds, { query }, o),
  /** HEAD of a track's audio: resolves when the server has the file, else an ApiRequestError (404: gone). */
  streamCheck: (id: Id) => request<void>('HEAD', api.stream(id)),
  albums: (query: ClientQueryOf<typeof r.albums>, o: Signal = {}) => call(r.albums, { query }, o),
  album: (id: Id) => call(r.album, { params: { id } }),
  artists: (query: ClientQueryOf<typeof r.artists> = {}, o: Signal = {}) => call(r.artists, { query }, o),
  artist: (id: Id) => call(r.artist, { params: { id } }),
  genres: () => call(r.genres),
  folders: () => call(r.folders),
  folder: (id: Id) => call(r.folder, { params: { id } }),
  recent: async () => (await call(r.recent)).items,
  search: (q: string, limit: number, o: Signal = {}) => call(r.search, { query: { q, limit } }, o),
  /** One page of one group's matches ("show all"). */
  searchGroup: (q: string, group: SearchGroup, offset: number, limit: number, o: Signal = {}) =>
    call(r.search, { query: { q, limit, group, offset } }, o),
  player: () => call(r.player),
  savePlayer: (state: ClientBodyOf<typeof r.savePlayer>, keepalive = false) =>
    call(r.savePlayer, { body: state }, keepalive ? { keepalive: true } : undefined),
  libraryFolders: () => call(r.libraryFolders),
  setLibraryFolders: (folders: string[]) => call(r.setLibraryFolders, { body: { folders } }),
  async addLibraryFolder(path: string): Promise<LibraryFolders> {
    const { folders } = await client.libraryFolders();
    return folders.includes(path) ? { folders } : client.setLibraryFolders([...folders, path]);
  },
  async removeLibraryFolder(path: string): Promise<LibraryFolders> {
    const { folders } = await client.libraryFolders();
    return client.setLibraryFolders(folders.filter((f) => f !== path));
  },
  rescan: () => call(r.rescan),
  scanErrors: async () => (await call(r.scanErrors, { query: { limit: 1000 } })).items,
  stats: () => call(r.stats),
  demo: () => call(r.demo),
};

/**
 * Follows a route's server-sent events named `event` (JSON frames; a malformed one is skipped; the
 * server names every frame). Returns the unsubscribe function.
 */
export function subscribeEvents<T>(route: RouteSpec, event: string, onEvent: (data: T) => void): () => void {
  const source = new EventSource(routeUrl(route), { withCredentials: true });
  source.addEventListener(event, ((e: MessageEvent<string>) => {
    try {
      onEvent(JSON.parse(e.data) as T);
    } catch {
      /* ignore malformed frames */
    }
  }) as EventListener);
  return () => source.close();
}

/** Subscribes to scan progress (the current state first). Returns the unsubscribe function. */
export const subscribeScan = (onProgress: (p: ScanProgress) => void): (() => void) => subscribeEvents(r.scanEvents, scanEventName, onProgress);

// Sync (Settings → Sync): settings, "Sync now", progress events.
export const syncClient = {
  status: () => call(r.syncStatus),
  save: (update: ClientBodyOf<typeof r.saveSync>) => call(r.saveSync, { body: update }),
  run: () => call(r.runSync),
};

/** Subscribes to sync status (server-sent events; the current state first). Returns the unsubscribe function. */
export const subscribeSync = (onStatus: (s: SyncStatus) => void): (() => void) => subscribeEvents(r.syncEvents, syncEventName, onStatus);
