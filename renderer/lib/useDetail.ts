import { useEffect, useState } from 'react';
import type { Id } from '../../app/contract/index.ts';

/** What a detail page (an album, an artist) shows: its item, a sentence why it has none, or that it is loading. */
export type DetailState<T> = { kind: 'ready'; item: T } | { kind: 'error'; message: string } | { kind: 'loading' };

export interface DetailLoad {
  /** Fetches the item into its store (the page reads it from there). */
  load: (id: Id) => Promise<unknown>;
  /** The sentence shown when the API answers 404. Without it, the API's message is shown. */
  notFound?: string;
  /** Called on a 404 (the page's own load only, never a stale one): drop the item from the store. */
  onNotFound?: (id: Id) => void;
}

export interface UseDetailOptions<T> extends DetailLoad {
  id: Id;
  /** The item as the store holds it for `id` now (read with the store's narrow selector hook). */
  item: T | undefined;
  /** Load again when this changes (the library generation); the item stays on screen meanwhile. */
  reloadKey?: unknown;
}

const isNotFound = (e: unknown): boolean => (e as { status?: unknown } | null)?.status === 404;

/** The sentence a failed load shows: `notFound` for a 404, else the error's own message. */
export function loadErrorMessage(e: unknown, notFound?: string): string {
  if (notFound !== undefined && isNotFound(e)) return notFound;
  return e instanceof Error ? e.message : String(e);
}

/** The item wins over an error: a reload that fails keeps the page as it was (a 404 forgets the item first). */
export function detailState<T>(item: T | undefined, error: string | null): DetailState<T> {
  if (item !== undefined) return { kind: 'ready', item };
  return error !== null ? { kind: 'error', message: error } : { kind: 'loading' };
}

/**
 * Starts one load of `id`; `settle` gets null on success or the sentence to show. The returned
 * function cancels it: after that neither `settle` nor `onNotFound` is called (a load for an id or
 * generation the page no longer shows must not touch it).
 */
export function startDetailLoad(id: Id, opts: DetailLoad, settle: (error: string | null) => void): () => void {
  let live = true;
  opts.load(id).then(
    () => {
      if (live) settle(null);
    },
    (e: unknown) => {
      if (!live) return;
      if (isNotFound(e)) opts.onNotFound?.(id);
      settle(loadErrorMessage(e, opts.notFound));
    },
  );
  return () => {
    live = false;
  };
}

/**
 * Loads a detail item by id (again when `id` or `reloadKey` changes; the stale load is cancelled)
 * and says what the page shows. An error belongs to the id it was for, so another id's failure is
 * never shown.
 */
export function useDetail<T>({ id, item, load, notFound, onNotFound, reloadKey }: UseDetailOptions<T>): DetailState<T> {
  const [failed, setFailed] = useState<{ id: Id; message: string } | null>(null);
  useEffect(
    () => startDetailLoad(id, { load, notFound, onNotFound }, (message) => setFailed(message === null ? null : { id, message })),
    // The load functions are module-level actions; a new closure each render must not refetch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [id, reloadKey],
  );
  return detailState(item, failed?.id === id ? failed.message : null);
}
