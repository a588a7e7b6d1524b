// Test scaffolding: timers a test fires by hand, for code that takes a `timers` option (e.g. the
// watcher's settle timer): nothing scheduled runs until the test says so, however slow the machine.
export interface ManualTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  /** Timers scheduled and not yet fired or cleared. */
  pending(): number;
  /** How many timers were ever scheduled (to wait for the next one). */
  scheduled(): number;
  /** Runs every pending timer now; returns how many ran. */
  fire(): number;
}

export function manualTimers(): ManualTimers {
  const pending = new Map<number, () => void>();
  let next = 1;
  return {
    set(run) {
      pending.set(next, run);
      return next++;
    },
    clear(handle) {
      pending.delete(handle as number);
    },
    pending: () => pending.size,
    scheduled: () => next - 1,
    fire() {
      const due = [...pending.values()];
      pending.clear();
      for (const run of due) run();
      return due.length;
    },
  };
}
