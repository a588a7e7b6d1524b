// A reload's hand-off of the player state. The state is saved to the server on pagehide, but that
// request races the reloaded page's first read of it: under load the server could answer with the
// state from before the last change (a queue cleared just before a reload came back). The page also
// leaves the state in its tab's sessionStorage; a reload within `maxAgeMs` takes it from there.
type SessionStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface Handoff<T> {
  /** Leaves the state for the next page of this tab. */
  leave(state: T): void;
  /** The state the previous page left, when it is recent; consumed either way. */
  take(): T | null;
}

const KEY = 'tonearm.player.handoff';

export function createHandoff<T>(options: { storage: SessionStore | null; now?: () => number; maxAgeMs?: number }): Handoff<T> {
  const { storage } = options;
  const now = options.now ?? Date.now;
  const maxAgeMs = options.maxAgeMs ?? 30_000;
  return {
    leave(state) {
      try {
        storage?.setItem(KEY, JSON.stringify({ at: now(), state }));
      } catch {
        /* storage full or disabled: the server copy is all there is */
      }
    },
    take() {
      try {
        const raw = storage?.getItem(KEY) ?? null;
        storage?.removeItem(KEY);
        if (raw === null) return null;
        const parsed = JSON.parse(raw) as { at?: unknown; state?: T };
        const age = typeof parsed.at === 'number' ? now() - parsed.at : Infinity;
        return age >= 0 && age <= maxAgeMs && parsed.state !== undefined ? parsed.state : null;
      } catch {
        return null;
      }
    },
  };
}
