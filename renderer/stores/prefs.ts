// Favorites (heart) and ratings (0–5 stars) of tracks, albums and artists. Looked up in batches as
// rows appear; edits are optimistic and rolled back when the server refuses.
import { useEffect } from 'react';
import { create } from 'zustand';
import type { Id, ItemPrefs, RatedKind } from '../../app/contract/index.ts';
import { maxPrefsBatch } from '../api/contract.ts';
import { prefsClient } from '../api/playlists.ts';
import { withRetry } from '../lib/retry.ts';
import { toastActions } from './toasts.ts';

export interface Prefs {
  favorite: boolean;
  rating: number;
}

interface PrefsState {
  /** `${kind}:${id}` → prefs; mutated in place, `version` bumps. */
  items: Map<string, Prefs>;
  version: number;
  /** Bumps when a favorite changes: favorites lists refetch. */
  favoritesGeneration: number;
}

export const usePrefsStore = create<PrefsState>(() => ({ items: new Map(), version: 0, favoritesGeneration: 0 }));

const k = (kind: RatedKind, id: Id) => `${kind}:${id}`;
const waiting: Record<RatedKind, Set<Id>> = { track: new Set(), album: new Set(), artist: new Set() };
const inFlight = new Set<string>();
let timer: ReturnType<typeof setTimeout> | null = null;
const CHUNK = 500;

function put(rows: readonly { kind: RatedKind; id: Id; favorite: boolean; rating: number }[]): void {
  if (!rows.length) return;
  const s = usePrefsStore.getState();
  for (const r of rows) s.items.set(k(r.kind, r.id), { favorite: r.favorite, rating: r.rating });
  usePrefsStore.setState({ version: s.version + 1 });
}

async function flushLookups(): Promise<void> {
  timer = null;
  for (const kind of ['track', 'album', 'artist'] as const) {
    const ids = [...waiting[kind]];
    waiting[kind].clear();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      try {
        const rows: ItemPrefs[] = await prefsClient.lookup(kind, chunk);
        put(rows);
        // Ids the server did not list are unset.
        const got = new Set(rows.map((r) => r.id));
        put(chunk.filter((id) => !got.has(id)).map((id) => ({ kind, id, favorite: false, rating: 0 })));
      } catch {
        /* leave unknown; asked again next time a row shows them */
      } finally {
        for (const id of chunk) inFlight.delete(k(kind, id));
      }
    }
  }
}

/** Latest write per item wins: earlier answers arriving late are ignored. */
const writeSeq = new Map<string, number>();

async function write(kind: RatedKind, id: Id, change: Partial<Prefs>): Promise<void> {
  const key = k(kind, id);
  const s = usePrefsStore.getState();
  const before = s.items.get(key) ?? { favorite: false, rating: 0 };
  const seq = (writeSeq.get(key) ?? 0) + 1;
  writeSeq.set(key, seq);
  put([{ kind, id, ...before, ...change }]);
  try {
    // PUT is idempotent (it sets, not toggles): safe to retry.
    const saved = await withRetry(() => prefsClient.set(kind, id, change));
    if (writeSeq.get(key) === seq) put([saved]);
    // Favorites lists refetch once the server has it.
    if (change.favorite !== undefined) usePrefsStore.setState((st) => ({ favoritesGeneration: st.favoritesGeneration + 1 }));
  } catch (err) {
    if (writeSeq.get(key) === seq) {
      put([{ kind, id, ...before }]);
    }
    toastActions.error(`Couldn't save: ${(err as Error).message}`);
  }
}

/** The same change to many items: optimistic, one request per `maxPrefsBatch` items. */
async function writeMany(kind: RatedKind, ids: readonly Id[], change: Partial<Prefs>): Promise<void> {
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += maxPrefsBatch) {
    const chunk = unique.slice(i, i + maxPrefsBatch);
    const s = usePrefsStore.getState();
    const before = chunk.map((id) => ({ kind, id, ...(s.items.get(k(kind, id)) ?? { favorite: false, rating: 0 }) }));
    const seqs = chunk.map((id) => {
      const seq = (writeSeq.get(k(kind, id)) ?? 0) + 1;
      writeSeq.set(k(kind, id), seq);
      return seq;
    });
    const latest = (id: Id, j: number) => writeSeq.get(k(kind, id)) === seqs[j];
    put(before.map((b) => ({ ...b, ...change })));
    try {
      // PUT sets (it does not toggle): safe to retry.
      const saved = await withRetry(() => prefsClient.setMany(kind, { ids: chunk, ...change }));
      const byId = new Map(saved.map((p) => [p.id, p]));
      put(chunk.flatMap((id, j) => {
        const p = byId.get(id);
        return p && latest(id, j) ? [p] : [];
      }));
      if (change.favorite !== undefined) usePrefsStore.setState((st) => ({ favoritesGeneration: st.favoritesGeneration + 1 }));
    } catch (err) {
      put(before.filter((b, j) => latest(b.id, j)));
      toastActions.error(`Couldn't save: ${(err as Error).message}`);
      return;
    }
  }
}

export const prefsActions = {
  /** Looks these ids up soon (batched), unless known or already asked. */
  ensure(kind: RatedKind, ids: readonly Id[]): void {
    const s = usePrefsStore.getState();
    let added = false;
    for (const id of ids) {
      const key = k(kind, id);
      if (s.items.has(key) || inFlight.has(key)) continue;
      inFlight.add(key);
      waiting[kind].add(id);
      added = true;
    }
    if (added && !timer) timer = setTimeout(() => void flushLookups(), 16);
  },
  get(kind: RatedKind, id: Id): Prefs | undefined {
    return usePrefsStore.getState().items.get(k(kind, id));
  },
  toggleFavorite(kind: RatedKind, id: Id): Promise<void> {
    const now = prefsActions.get(kind, id)?.favorite ?? false;
    return write(kind, id, { favorite: !now });
  },
  setFavorite(kind: RatedKind, id: Id, favorite: boolean): Promise<void> {
    return write(kind, id, { favorite });
  },
  /** Loves (or un-loves) many items in batched requests ("Love 40 tracks"). */
  setFavoriteMany(kind: RatedKind, ids: readonly Id[], favorite: boolean): Promise<void> {
    return writeMany(kind, ids, { favorite });
  },
  /** 0 clears the rating. */
  setRating(kind: RatedKind, id: Id, rating: number): Promise<void> {
    return write(kind, id, { rating: Math.max(0, Math.min(5, Math.round(rating))) });
  },
  /** Rows from a list answer that carries prefs implicitly (e.g. the favorites list: all loved). */
  markFavorite(kind: RatedKind, ids: readonly Id[]): void {
    const s = usePrefsStore.getState();
    put(ids.map((id) => ({ kind, id, rating: s.items.get(k(kind, id))?.rating ?? 0, favorite: true })));
  },
};

/** The item's prefs (undefined until looked up); asks for them when first shown. */
export function usePrefs(kind: RatedKind, id: Id | undefined): Prefs | undefined {
  useEffect(() => {
    if (id !== undefined) prefsActions.ensure(kind, [id]);
  }, [kind, id]);
  return usePrefsStore((s) => (id === undefined ? undefined : s.items.get(k(kind, id))));
}

export const useFavoritesGeneration = (): number => usePrefsStore((s) => s.favoritesGeneration);
