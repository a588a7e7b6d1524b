// A lazily fetched, page-cached list (Songs, Albums, Artists). Rows are fetched a page at a time as
// they scroll into view; the list of ids is sparse until then. The query key (sort, filters)
// resets the cache.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Page } from '../../app/contract/index.ts';

export const PAGE_SIZE = 200;

export interface PagedListState<T> {
  key: string;
  /** Total rows, or null before the first page arrives. */
  total: number | null;
  /** Sparse rows by index; `undefined` until its page arrives. Mutated in place, `version` bumps. */
  rows: (T | undefined)[];
  version: number;
  error: string | null;
}

export interface PagedList<T, Q> {
  store: StoreApi<PagedListState<T>>;
  /** Switches to another query (sort/filter); drops the cache when it differs. */
  setQuery(query: Q): void;
  query(): Q;
  /** Makes sure rows [start, end) are loaded or loading. */
  ensureRange(start: number, end: number): void;
  /** Loads everything (bounded by `max`), e.g. to play a whole genre. */
  loadAll(max: number): Promise<T[]>;
  reload(): void;
}

export function createPagedList<T, Q>(
  initial: Q,
  fetchPage: (query: Q, offset: number, limit: number, signal: AbortSignal) => Promise<Page<T>>,
  onRows?: (rows: T[]) => void,
): PagedList<T, Q> {
  let query = initial;
  let controller = new AbortController();
  const loading = new Set<number>();
  const loaded = new Set<number>();
  const store = createStore<PagedListState<T>>(() => ({
    key: JSON.stringify(initial),
    total: null,
    rows: [],
    version: 0,
    error: null,
  }));

  async function loadPage(page: number): Promise<void> {
    if (loading.has(page) || loaded.has(page)) return;
    loading.add(page);
    const signal = controller.signal;
    const key = store.getState().key;
    try {
      const res = await fetchPage(query, page * PAGE_SIZE, PAGE_SIZE, signal);
      if (signal.aborted || store.getState().key !== key) return;
      onRows?.(res.items);
      const s = store.getState();
      const rows = s.rows;
      if (rows.length < res.total) rows.length = res.total;
      res.items.forEach((item, i) => {
        rows[res.offset + i] = item;
      });
      loaded.add(page);
      store.setState({ total: res.total, rows, version: s.version + 1, error: null });
    } catch (err) {
      if (signal.aborted) return;
      store.setState({ error: (err as Error).message });
    } finally {
      loading.delete(page);
    }
  }

  function reset(): void {
    controller.abort();
    controller = new AbortController();
    loading.clear();
    loaded.clear();
    store.setState({ key: JSON.stringify(query), total: null, rows: [], version: 0, error: null });
  }

  return {
    store,
    query: () => query,
    setQuery(next) {
      if (JSON.stringify(next) === store.getState().key) return;
      query = next;
      reset();
      void loadPage(0);
    },
    ensureRange(start, end) {
      const total = store.getState().total;
      if (total === null) {
        void loadPage(0);
        if (start < PAGE_SIZE) return;
      }
      const last = total === null ? end : Math.min(end, total);
      for (let p = Math.floor(Math.max(0, start) / PAGE_SIZE); p * PAGE_SIZE < Math.max(last, 1); p++) void loadPage(p);
    },
    async loadAll(max) {
      await loadPage(0);
      const total = Math.min(store.getState().total ?? 0, max);
      const pages: Promise<void>[] = [];
      for (let p = 1; p * PAGE_SIZE < total; p++) pages.push(loadPage(p));
      await Promise.all(pages);
      // A page may still be in flight from a scroll: wait for it.
      while (loading.size > 0) await new Promise((r) => setTimeout(r, 20));
      return store.getState().rows.slice(0, total).filter((r): r is T => r !== undefined);
    },
    reload() {
      reset();
      void loadPage(0);
    },
  };
}
