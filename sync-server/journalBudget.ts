// How much each caller may add to the listening journal (listeningJournal.ts) per window: remote
// playlist edits are journaled for the desktop, and one of them can be large — a reorder writes the
// whole playlist's order (3.9 MB for 100,000 entries) for a 36-byte request — so without a budget a
// listen token could grow the mirror's database by gigabytes an hour. Past its budget, a caller's
// edits are refused (429 with Retry-After; the edit and its journal row roll back together) until
// the window is over; other callers are not affected. The caller is the one /api authenticated or
// Subsonic signed in, carried to the journal by `asCaller`.
import { AsyncLocalStorage } from 'node:async_hooks';
import { HttpError } from '../app/http/errors.ts';

const callers = new AsyncLocalStorage<string>();

/** Runs `fn` (and what it awaits) on behalf of `key` (`admin`, `device:3`, `user:alice`). */
export function asCaller<T>(key: string, fn: () => T): T {
  return callers.run(key, fn);
}

export interface JournalBudget {
  /** Counts `bytes` against the current caller; throws the 429 when that goes over its budget. */
  spend(bytes: number): void;
}

export function createJournalBudget(options: { bytes: number; windowMs: number; now?: () => number }): JournalBudget {
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; bytes: number }>();
  return {
    spend(bytes) {
      const key = callers.getStore();
      if (key === undefined) return;
      const t = now();
      let w = windows.get(key);
      if (!w || t - w.start >= options.windowMs) {
        for (const [k, old] of windows) if (t - old.start >= options.windowMs) windows.delete(k);
        w = { start: t, bytes: 0 };
        windows.set(key, w);
      }
      if (w.bytes + bytes > options.bytes && w.bytes > 0) {
        const wait = Math.max(1, Math.ceil((w.start + options.windowMs - t) / 1000));
        throw new HttpError(429, `too many playlist changes from this device lately; try again in ${wait} s`, { headers: { 'Retry-After': String(wait) } });
      }
      w.bytes += bytes;
    },
  };
}
