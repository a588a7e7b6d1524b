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
  /**
   * A clock for the same code (e.g. the watcher's `now`): the real time plus the delays of the timers
   * fired so far, since firing a timer says its delay has passed.
   */
  now(): number;
}

export function manualTimers(): ManualTimers {
  const pending = new Map<number, { run: () => void; ms: number }>();
  let next = 1;
  let passed = 0;
  return {
    set(run, ms) {
      pending.set(next, { run, ms });
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
      passed += Math.max(0, ...due.map((t) => t.ms));
      for (const { run } of due) run();
      return due.length;
    },
    now: () => Date.now() + passed,
  };
}
