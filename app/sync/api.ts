// The sync server's HTTP API as the client sees it (protocol.ts): JSON, bearer token, retries on
// 5xx / network errors, and one-sentence errors for what a user must fix (401, unreachable).
import {
  syncApi, type ChangesResponse, type CommitRequest, type CommitResponse, type ListeningChangesResponse, type ListeningPushRequest, type StorageReport,
  type ListeningPushResponse, type ManifestRequest, type ManifestResponse, type RemoveRequest, type RemoveResponse, type UploadsRequest,
  type UploadsResponse,
} from './protocol.ts';
import { HttpFailure, withRetry, type RetryPolicy } from './retry.ts';

/** A failure that stops the whole sync, with a message fit to show a user. */
export class SyncError extends Error {
  override name = 'SyncError';
  readonly status: number;
  constructor(message: string, status = 0) {
    super(message);
    this.status = status;
  }
}

export interface SyncApi {
  readonly server: string;
  manifest(body: ManifestRequest): Promise<ManifestResponse>;
  uploads(body: UploadsRequest): Promise<UploadsResponse>;
  commit(body: CommitRequest): Promise<CommitResponse>;
  remove(body: RemoveRequest): Promise<RemoveResponse>;
  changes(since: number): Promise<ChangesResponse>;
  listeningChanges(since: number, events: number): Promise<ListeningChangesResponse>;
  listeningPush(body: ListeningPushRequest): Promise<ListeningPushResponse>;
  /** What the mirror stores, and what the storage policy would free (`tonearm sync --plan`). */
  storage(keepHighDays: number): Promise<StorageReport>;
}

export interface SyncApiOptions {
  server: string;
  token: string;
  signal?: AbortSignal | undefined;
  retry?: RetryPolicy;
  timeoutMs?: number;
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

/** `https://host:port/base/` → `https://host:port/base` (no trailing slash, no query). */
export function normaliseServer(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new SyncError(`the sync server address is not a URL: "${server}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SyncError(`the sync server address must start with http:// or https://, not "${url.protocol}"`);
  if (url.username || url.password) throw new SyncError('put the device token in --token, not in the server address');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export function createSyncApi(options: SyncApiOptions): SyncApi {
  const server = normaliseServer(options.server);
  if (!options.token) throw new SyncError('a device token is needed (create one on the sync server)');
  const timeoutMs = options.timeoutMs ?? 60_000;
  const policy: RetryPolicy = options.retry ?? { attempts: 4, baseMs: 200, maxMs: 5_000 };

  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const url = server + path;
    try {
      return await withRetry(async () => {
        const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
        const res = await fetch(url, {
          method,
          headers: {
            authorization: `Bearer ${options.token}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? null : JSON.stringify(body),
          signal: AbortSignal.any(signals),
        });
        if (!res.ok) {
          let message = `${res.status} ${res.statusText}`;
          try {
            const data = (await res.json()) as { error?: { message?: string } | string };
            const m = typeof data.error === 'string' ? data.error : data.error?.message;
            if (m) message = m;
          } catch {
            /* not JSON */
          }
          throw new HttpFailure(res.status, message, res.headers.get('retry-after'));
        }
        return (await res.json()) as T;
      }, { policy, signal: options.signal, ...(options.onRetry ? { onRetry: options.onRetry } : {}) });
    } catch (err) {
      if (options.signal?.aborted) throw err;
      if (err instanceof HttpFailure) {
        if (err.status === 401) throw new SyncError(`the sync server at ${server} refused the device token (401): check --token`, 401);
        if (err.status === 403) throw new SyncError(`the sync server at ${server} refused this device (403): ${err.message}`, 403);
        if (err.status === 404 && path.startsWith('/api/sync/manifest')) {
          throw new SyncError(`${server} does not look like a Tonearm sync server (no ${path})`, 404);
        }
        throw new SyncError(`the sync server answered ${method} ${path} with ${err.status}: ${err.message}`, err.status);
      }
      const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
      const why = e.name === 'TimeoutError' ? `no answer within ${Math.round(timeoutMs / 1000)} s` : (e.cause?.code ?? e.cause?.message ?? e.message ?? String(err));
      throw new SyncError(`cannot reach the sync server at ${server} (${why})`);
    }
  }

  return {
    server,
    manifest: (body) => call('POST', syncApi.manifest(), body),
    uploads: (body) => call('POST', syncApi.uploads(), body),
    commit: (body) => call('POST', syncApi.commit(), body),
    remove: (body) => call('POST', syncApi.remove(), body),
    changes: (since) => call('GET', syncApi.changes(since)),
    listeningChanges: (since, events) => call('GET', syncApi.listeningChanges(since, events)),
    listeningPush: (body) => call('POST', syncApi.listeningPush(), body),
    storage: (keepHighDays) => call('GET', syncApi.storage(keepHighDays)),
  };
}
