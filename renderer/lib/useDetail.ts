import { useCallback, useEffect, useState } from 'react';
import type { Id } from '../../app/contract/index.ts';

/** What a detail page (an album, an artist, a playlist) shows: its item, a sentence why it has none, or that it is loading. */
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

/** Why the page's last load failed; `gone` when the API answered 404 (the item was forgotten). */
export interface LoadFailure {
  message: string;
  gone: boolean;
}

/** What a detail page renders: its state, and what a failed load leaves it. */
export type DetailView<T> = DetailState<T> & {
  /** A reload failed while the page still shows its item (a transient error): why, for a notice; else null. */
  staleError: string | null;
  /** Load again now: offered after a failure a retry may fix (anything but a 404), else null. */
  retry: (() => void) | null;
};

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

/** The state for `item` and the page's last failure; `retry` is offered unless the item is gone (404). */
export function detailView<T>(item: T | undefined, failure: LoadFailure | null, retry: () => void): DetailView<T> {
  return {
    ...detailState(item, failure?.message ?? null),
    staleError: item !== undefined && failure ? failure.message : null,
    retry: failure && !failure.gone ? retry : null,
  };
}

/**
 * Starts one load of `id`; `settle` gets null on success or the sentence to show (and whether the
 * API answered 404). The returned
 * function cancels it: after that neither `settle` nor `onNotFound` is called (a load for an id or
 * generation the page no longer shows must not touch it).
 */
export function startDetailLoad(id: Id, opts: DetailLoad, settle: (error: string | null, gone: boolean) => void): () => void {
  let live = true;
  opts.load(id).then(
    () => {
      if (live) settle(null, false);
    },
    (e: unknown) => {
      if (!live) return;
      const gone = isNotFound(e);
      if (gone) opts.onNotFound?.(id);
      settle(loadErrorMessage(e, opts.notFound), gone);
    },
  );
  return () => {
    live = false;
  };
}

/**
 * Loads a detail item by id (again when `id` or `reloadKey` changes, or on `retry`; the stale load
 * is cancelled) and says what the page shows. An error belongs to the id it was for, so another
 * id's failure is never shown.
 */
export function useDetail<T>({ id, item, load, notFound, onNotFound, reloadKey }: UseDetailOptions<T>): DetailView<T> {
  const [failed, setFailed] = useState<(LoadFailure & { id: Id }) | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(
    () =>
      startDetailLoad(id, { load, notFound, onNotFound }, (message, gone) => setFailed(message === null ? null : { id, message, gone })),
    // The load functions are module-level actions; a new closure each render must not refetch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [id, reloadKey, attempt],
  );
  // A retry shows the page busy (or without its notice) until the new answer.
  const retry = useCallback(() => {
    setFailed(null);
    setAttempt((a) => a + 1);
  }, []);
  return detailView(item, failed?.id === id ? failed : null, retry);
}
