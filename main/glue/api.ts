// Main as a client of the library API (the same HTTP contract as the renderer), and a read-only
// catalog connection for what HTTP does not offer: track id → file (reveal) and file → id (open).
import { openCatalog, type Catalog } from '../../app/catalog/index.ts';
import { createTrackQueries, type TrackQueries } from '../../app/catalog/queries/tracks.ts';
import { log, state } from './state.ts';

export async function apiFetch<T>(route: string, init: RequestInit = {}): Promise<T> {
  const server = state.server;
  if (!server) throw new Error('the library server is not running');
  const res = await fetch(state.serverOrigin + route, {
    ...init,
    headers: { accept: 'application/json', authorization: `Bearer ${server.token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
  });
  if (!res.ok) throw new Error(`${route}: ${res.status}`);
  return (await res.json()) as T;
}

let reader: { catalog: Catalog; tracks: TrackQueries } | undefined;

export function trackQueries(): TrackQueries | undefined {
  if (!reader) {
    try {
      const catalog = openCatalog({ file: state.dbFile, readonly: true });
      reader = { catalog, tracks: createTrackQueries(catalog.db) };
    } catch (err) {
      log(`cannot read the catalog: ${(err as Error).message}`);
      return undefined;
    }
  }
  return reader.tracks;
}

export function trackIdOf(file: string): number | undefined {
  return trackQueries() ? reader?.catalog.tracks.idsOf([file])[0] : undefined;
}

export function closeReader(): void {
  reader?.catalog.close();
  reader = undefined;
}
