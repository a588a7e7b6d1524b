import { useCallback, useEffect, useState, type DependencyList } from 'react';
import { loadErrorMessage } from './useDetail.ts';

export interface AsyncState<T> {
  /** The answer for the current `deps` only: undefined until it arrives, never another key's. */
  data: T | undefined;
  /** Why the last load for the current `deps` failed (another key's failure is never shown). */
  error: string | null;
  /** A load for the current `deps` is running (a first load, a key change or a reload). */
  loading: boolean;
  /**
   * While the current `deps` have no answer yet: the last answer for the keys before them, for a
   * view that keeps it on screen visibly stale and inert (never as the current key's). Gone as soon
   * as the current key answers or fails.
   */
  stale: T | undefined;
  /** Fetch again (`data` stays on screen meanwhile). */
  reload: () => void;
}

/** The last settled load: the key it was for, its data (kept across a failed reload) and its error. */
export interface Answer<T> {
  key: DependencyList;
  data: { value: T } | null;
  error: string | null;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

/** Whether two dependency lists name the same key (the comparison React makes for effects). */
export function sameKey(a: DependencyList, b: DependencyList): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

/** The answer after a load for `key` settles: a failed reload keeps the key's data; a failure for a new key has none. */
export function settle<T>(prev: Answer<T> | null, key: DependencyList, outcome: Outcome<T>): Answer<T> {
  if (outcome.ok) return { key, data: { value: outcome.value }, error: null };
  return { key, data: prev && sameKey(prev.key, key) ? prev.data : null, error: outcome.error };
}

/** What the view shows for `key`, given the last answer and whether a load is running. */
export function asyncView<T>(answer: Answer<T> | null, key: DependencyList, pending: boolean): Omit<AsyncState<T>, 'reload'> {
  if (answer && sameKey(answer.key, key)) return { data: answer.data?.value, error: answer.error, loading: pending, stale: undefined };
  return { data: undefined, error: null, loading: true, stale: answer?.data?.value };
}

/** Starts one load; `done` gets its outcome unless the returned function was called first (the key moved on). */
export function startAsync<T>(fn: () => Promise<T>, done: (outcome: Outcome<T>) => void): () => void {
  let live = true;
  fn().then(
    (value) => {
      if (live) done({ ok: true, value });
    },
    (e: unknown) => {
      if (live) done({ ok: false, error: loadErrorMessage(e) });
    },
  );
  return () => {
    live = false;
  };
}

/**
 * Runs `fn` when `deps` change (or on `reload`). Only the newest load settles: an answer for an
 * old key, or a reload that was superseded, never overwrites a newer one. What it returns belongs
 * to the current `deps` (see `stale` for showing the previous key's answer while loading).
 */
export function useAsync<T>(fn: () => Promise<T>, deps: DependencyList): AsyncState<T> {
  const [answer, setAnswer] = useState<Answer<T> | null>(null);
  const [pending, setPending] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const key = deps;
    setPending(true);
    return startAsync(fn, (outcome) => {
      setAnswer((prev) => settle(prev, key, outcome));
      setPending(false);
    });
    // `fn` is a new closure every render; `deps` is the caller's key.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...asyncView(answer, deps, pending), reload };
}
