// A paged list made for one view (history, favorites, a genre's albums): fetched as rows scroll
// into view, remade when `key` changes. Rows come out as the table wants them.
import { useCallback, useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import type { Page } from '../../../app/contract/index.ts';
import { createPagedList, type PagedList } from '../../stores/pagedList.ts';

export interface PagedRows<T, R> {
  list: PagedList<T, null>;
  total: number | null;
  version: number;
  error: string | null;
  rowAt: (index: number) => R | undefined;
  onRange: (start: number, end: number) => void;
}

export function usePagedRows<T, R>(
  key: string,
  fetch: (offset: number, limit: number, signal: AbortSignal) => Promise<Page<T>>,
  toRow: (item: T) => R,
  onPage?: (items: T[]) => void,
): PagedRows<T, R> {
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const list = useMemo(() => createPagedList<T, null>(null, (_q, offset, limit, signal) => fetch(offset, limit, signal), onPage ? { onPage } : {}), [key]);
  const total = useStore(list.store, (s) => s.total);
  const version = useStore(list.store, (s) => s.version);
  const error = useStore(list.store, (s) => s.error);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const rowAt = useCallback((i: number) => {
    const item = list.at(i);
    return item === undefined ? undefined : toRow(item);
  }, [list]);
  const onRange = useCallback((a: number, b: number) => list.ensureRange(a, b), [list]);
  useEffect(() => list.ensureRange(0, 40), [list]);
  return { list, total, version, error, rowAt, onRange };
}
