// The one place the renderer talks HTTP to the library API. Every URL comes from `api` in the contract.
import { api, librarySyncApi, scanEventName, syncEventName } from '../../app/contract/index.ts';
import type {
  Album, AlbumDetail, AlbumListQuery, ApiError, Artist, ArtistDetail, CoverSize, Folder, FolderDetail,
  Genre, Id, LibraryFolders, LibraryStats, Page, PlayerState, PlayerStateUpdate, ScanError, ScanProgress, SearchResult,
  SyncSettingsUpdate, SyncStatus, Track, TrackListQuery,
} from '../../app/contract/index.ts';

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

function withQuery(path: string, query: Record<string, string | number | boolean | undefined> | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

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

/** Lists may come as a bare array or a Page; the renderer always works with arrays. */
function items<T>(data: T[] | Page<T> | { items: T[] }): T[] {
  return Array.isArray(data) ? data : data.items;
}

type Signal = { signal?: AbortSignal };

export const client = {
  tracks: (q: TrackListQuery, o: Signal = {}) =>
    request<Page<Track>>('GET', withQuery(api.tracks(), { ...q }), undefined, o),
  track: (id: Id) => request<Track>('GET', api.track(id)),
  albums: (q: AlbumListQuery, o: Signal = {}) =>
    request<Page<Album>>('GET', withQuery(api.albums(), { ...q }), undefined, o),
  album: (id: Id) => request<AlbumDetail>('GET', api.album(id)),
  artists: async (q: { offset?: number; limit?: number } = {}) =>
    request<Page<Artist> | Artist[]>('GET', withQuery(api.artists(), q)).then((d) =>
      Array.isArray(d) ? { items: d, total: d.length, offset: 0, limit: d.length } : d,
    ),
  artist: (id: Id) => request<ArtistDetail>('GET', api.artist(id)),
  genres: async () => items(await request<Genre[] | Page<Genre>>('GET', api.genres())),
  folders: async () => items(await request<Folder[] | Page<Folder>>('GET', api.folders())),
  folder: (id: Id) => request<FolderDetail>('GET', api.folder(id)),
  recent: async () => items(await request<Album[] | Page<Album>>('GET', api.recent())),
  search: (q: string, limit: number, o: Signal = {}) =>
    request<SearchResult>('GET', withQuery(api.search(), { q, limit }), undefined, o),
  player: () => request<PlayerState>('GET', api.player()),
  savePlayer: (state: PlayerStateUpdate, keepalive = false) =>
    request<unknown>('PUT', api.player(), state, keepalive ? { keepalive: true } : undefined),
  libraryFolders: () => request<LibraryFolders>('GET', api.libraryFolders()),
  setLibraryFolders: (folders: string[]) => request<LibraryFolders>('PUT', api.libraryFolders(), { folders } satisfies LibraryFolders),
  async addLibraryFolder(path: string): Promise<LibraryFolders> {
    const { folders } = await client.libraryFolders();
    return folders.includes(path) ? { folders } : client.setLibraryFolders([...folders, path]);
  },
  async removeLibraryFolder(path: string): Promise<LibraryFolders> {
    const { folders } = await client.libraryFolders();
    return client.setLibraryFolders(folders.filter((f) => f !== path));
  },
  rescan: () => request<ScanProgress>('POST', api.rescan()),
  scanErrors: async () => items(await request<ScanError[] | Page<ScanError>>('GET', withQuery(api.scanErrors(), { limit: 1000 }))),
  stats: () => request<LibraryStats>('GET', api.stats()),
  demo: () => request<LibraryFolders>('POST', api.demo()),
};

/** Subscribes to scan progress (server-sent events). Returns the unsubscribe function. */
export function subscribeScan(onProgress: (p: ScanProgress) => void): () => void {
  const source = new EventSource(url(api.scanEvents()), { withCredentials: true });
  const handle = (e: MessageEvent<string>) => {
    try {
      onProgress(JSON.parse(e.data) as ScanProgress);
    } catch {
      /* ignore malformed frames */
    }
  };
  source.addEventListener(scanEventName, handle as EventListener);
  source.onmessage = handle;
  return () => source.close();
}

// Sync (Settings → Sync): settings, "Sync now", progress events.
export const syncClient = {
  status: () => request<SyncStatus>('GET', librarySyncApi.status()),
  save: (update: SyncSettingsUpdate) => request<SyncStatus>('PUT', librarySyncApi.status(), update),
  run: () => request<SyncStatus>('POST', librarySyncApi.run()),
};

/** Subscribes to sync status (server-sent events; the current state first). Returns the unsubscribe function. */
export function subscribeSync(onStatus: (s: SyncStatus) => void): () => void {
  const source = new EventSource(url(librarySyncApi.events()), { withCredentials: true });
  const handle = (e: MessageEvent<string>) => {
    try {
      onStatus(JSON.parse(e.data) as SyncStatus);
    } catch {
      /* ignore malformed frames */
    }
  };
  source.addEventListener(syncEventName, handle as EventListener);
  return () => source.close();
}
