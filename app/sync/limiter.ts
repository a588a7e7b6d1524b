// Concurrency limits: a fixed one for transcodes (sized to the cores) and an adaptive one for
// uploads (sized to the link): additive increase while uploads succeed, halved when they fail.
// The queue is p-limit's; only the AIMD rule on its `concurrency` is ours.
import pLimit from 'p-limit';

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
  const queue = pLimit(Math.max(1, Math.floor(initial)));
  let successes = 0;
  return {
    get limit() {
      return queue.concurrency;
    },
    get active() {
      return queue.activeCount;
    },
    run: (task) => queue(task),
    feedback(ok) {
      if (!bounds) return;
      if (ok) {
        if (++successes >= (bounds.growEvery ?? 8) && queue.concurrency < bounds.max) {
          queue.concurrency++;
          successes = 0;
        }
      } else {
        queue.concurrency = Math.max(bounds.min, Math.floor(queue.concurrency / 2));
        successes = 0;
      }
    },
  };
}
