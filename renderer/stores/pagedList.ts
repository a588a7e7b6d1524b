// A lazily fetched, paged list (Songs, Albums, Artists, a genre's albums, history, favorites).
// Pages are fetched as rows scroll into view and kept in a small LRU: a 100,000-row list holds a
// few thousand rows at most. While the list moves fast (a fling, a scrollbar drag) fetches are
// throttled and a page that scrolled out of view before its answer arrived is aborted, so a
// fling does not fetch every page it passes. Changing the query (sort, filter) drops everything;
// `reload` (the library changed) keeps showing the old rows until the new ones arrive.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Page } from '../../app/contract/index.ts';

export const PAGE_SIZE = 100;
/** Pages kept in memory (the LRU's size); pages in view are never evicted. */
export const MAX_PAGES = 24;
/** Rows around the visible range that are fetched too. */
const MARGIN_ROWS = 40;
/** While moving fast, at most one round of fetches per this many ms (content shows now and then during a drag). */
const THROTTLE_MS = 250;
/** The list has settled when its range stayed put this long: fetch what is in view. */
const SETTLE_MS = 60;

export interface PagedListState {
  key: string;
  /** Total rows, or null before the first page arrives. */
  total: number | null;
  /** Bumps whenever rows arrive or are evicted: views re-read `at()`. */
  version: number;
  error: string | null;
}

export interface PagedListStats {
  /** Page requests started / aborted / answered, since the list was made. */
  requests: number;
  aborted: number;
  loaded: number;
  /** Pages held right now. */
  pages: number;
}

export type FetchPage<T, Q> = (query: Q, offset: number, limit: number, signal: AbortSignal) => Promise<Page<T>>;

export interface PagedList<T, Q> {
  store: StoreApi<PagedListState>;
  /** The row at `index`, or undefined while its page is not loaded. */
  at(index: number): T | undefined;
  /** Switches to another query (sort/filter); drops the cache when it differs. */
  setQuery(query: Q): void;
  query(): Q;
  /** Rows [start, end) are in view: fetch what is missing (throttled while the range keeps moving). */
  ensureRange(start: number, end: number): void;
  /** Every row, fetched in big pages (to play a whole list that has no ids route). */
  loadAll(): Promise<T[]>;
  /** The library changed: refetch what is in view, keep showing the old rows until then. */
  reload(): void;
  stats(): PagedListStats;
}

/** Every item of a paged route, in pages of 1000 fetched together (to play a whole list). */
export async function fetchAllPages<T>(fetch: (offset: number, limit: number) => Promise<Page<T>>): Promise<T[]> {
  const limit = 1000;
  const first = await fetch(0, limit);
  const rest: Promise<Page<T>>[] = [];
  for (let offset = limit; offset < first.total; offset += limit) rest.push(fetch(offset, limit));
  return [first, ...(await Promise.all(rest))].flatMap((p) => p.items);
}

interface Loaded<T> {
  items: T[];
  /** The reload generation it was fetched in (older ones are refetched when in view). */
  generation: number;
}

export function createPagedList<T, Q>(initial: Q, fetchPage: FetchPage<T, Q>, options: { onPage?: (rows: T[]) => void; pageSize?: number; maxPages?: number } = {}): PagedList<T, Q> {
  const size = options.pageSize ?? PAGE_SIZE;
  const maxPages = options.maxPages ?? MAX_PAGES;
  let query = initial;
  let generation = 0;
  /** Loaded pages in LRU order (Map iteration order: oldest first). */
  const pages = new Map<number, Loaded<T>>();
  const inFlight = new Map<number, AbortController>();
  let wanted = new Set<number>();
  let lastRangeAt = -Infinity;
  let lastStart = -1;
  let lastPumpAt = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const counters = { requests: 0, aborted: 0, loaded: 0 };
  const store = createStore<PagedListState>(() => ({ key: JSON.stringify(initial), total: null, version: 0, error: null }));
  const bump = (patch: Partial<PagedListState> = {}) => store.setState((s) => ({ ...patch, version: s.version + 1 }));

  function touch(page: number): void {
    const p = pages.get(page);
    if (!p) return;
    pages.delete(page);
    pages.set(page, p);
  }

  function evict(): void {
    if (pages.size <= maxPages) return;
    for (const page of pages.keys()) {
      if (pages.size <= maxPages) break;
      if (!wanted.has(page)) pages.delete(page);
    }
  }

  async function load(page: number): Promise<void> {
    if (inFlight.has(page)) return;
    const controller = new AbortController();
    inFlight.set(page, controller);
    counters.requests++;
    const key = store.getState().key;
    const gen = generation;
    try {
      const res = await fetchPage(query, page * size, size, controller.signal);
      if (controller.signal.aborted || store.getState().key !== key) return;
      counters.loaded++;
      options.onPage?.(res.items);
      pages.delete(page);
      pages.set(page, { items: res.items, generation: gen });
      evict();
      bump({ total: res.total, error: null });
    } catch (err) {
      if (controller.signal.aborted || (err as Error).name === 'AbortError') return;
      bump({ error: (err as Error).message });
    } finally {
      if (inFlight.get(page) === controller) inFlight.delete(page);
    }
  }

  /** Fetches the wanted pages that are missing or stale. */
  function pump(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    lastPumpAt = performance.now();
    for (const page of wanted) {
      const p = pages.get(page);
      if (!p || p.generation !== generation) void load(page);
    }
  }

  function cancelUnwanted(): void {
    for (const [page, controller] of inFlight) {
      if (wanted.has(page)) continue;
      controller.abort();
      counters.aborted++;
      inFlight.delete(page);
    }
  }

  function reset(): void {
    for (const c of inFlight.values()) c.abort();
    inFlight.clear();
    pages.clear();
    wanted = new Set([0]);
    store.setState({ key: JSON.stringify(query), total: null, version: store.getState().version + 1, error: null });
  }

  return {
    store,
    at(index) {
      return pages.get(Math.floor(index / size))?.items[index % size];
    },
    query: () => query,
    setQuery(next) {
      if (JSON.stringify(next) === store.getState().key) return;
      query = next;
      reset();
      pump();
    },
    ensureRange(start, end) {
      const total = store.getState().total;
      const last = total === null ? Math.max(end, 1) : Math.min(end + MARGIN_ROWS, total);
      const next = new Set<number>();
      for (let p = Math.floor(Math.max(0, start - MARGIN_ROWS) / size); p * size < last; p++) next.add(p);
      if (total === null) next.add(0);
      wanted = next;
      for (const page of wanted) touch(page);
      cancelUnwanted();
      const now = performance.now();
      // Moving fast: the range changed recently, or jumped past what was in view (slow frames).
      const jumped = lastStart >= 0 && Math.abs(start - lastStart) > Math.max(end - start, 1);
      const moving = now - lastRangeAt < SETTLE_MS || jumped;
      lastRangeAt = now;
      lastStart = start;
      const missing = [...wanted].some((p) => pages.get(p)?.generation !== generation && !inFlight.has(p));
      if (!missing) return;
      if (!moving || now - lastPumpAt >= THROTTLE_MS) pump();
      else {
        if (timer) clearTimeout(timer);
        timer = setTimeout(pump, SETTLE_MS);
      }
    },
    loadAll() {
      return fetchAllPages((offset, limit) => fetchPage(query, offset, limit, new AbortController().signal));
    },
    reload() {
      generation++;
      for (const page of [...pages.keys()]) if (!wanted.has(page)) pages.delete(page);
      for (const c of inFlight.values()) c.abort();
      inFlight.clear();
      pump();
    },
    stats: () => ({ ...counters, pages: pages.size }),
  };
}
