// Concurrency limits: a fixed one for transcodes (sized to the cores) and an adaptive one for
// uploads (sized to the link): additive increase while uploads succeed, halved when they fail.

export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
  readonly limit: number;
  readonly active: number;
}

export interface AdaptiveLimiter extends Limiter {
  /** Report one finished task: success grows the limit slowly, a retryable failure halves it. */
  feedback(ok: boolean): void;
}

export function createLimiter(initial: number, bounds?: { min: number; max: number; growEvery?: number }): AdaptiveLimiter {
  let limit = Math.max(1, Math.floor(initial));
  let active = 0;
  let successes = 0;
  const waiting: Array<() => void> = [];
  const pump = () => {
    while (active < limit && waiting.length > 0) {
      active++;
      waiting.shift()?.();
    }
  };
  return {
    get limit() {
      return limit;
    },
    get active() {
      return active;
    },
    async run<T>(task: () => Promise<T>): Promise<T> {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        pump();
      });
      try {
        return await task();
      } finally {
        active--;
        pump();
      }
    },
    feedback(ok) {
      if (!bounds) return;
      if (ok) {
        if (++successes >= (bounds.growEvery ?? 8) && limit < bounds.max) {
          limit++;
          successes = 0;
          pump();
        }
      } else {
        limit = Math.max(bounds.min, Math.floor(limit / 2));
        successes = 0;
      }
    },
  };
}
