// Safe retries for requests the server can deduplicate (an add carrying an idempotency key, a play
// event carrying its client event id): network failures and 5xx/429/408 are retried with backoff;
// any other answer is final.

/** Something with an HTTP status (ApiRequestError; status 0 = the request never got an answer). */
export interface StatusError {
  status: number;
}

export function statusOf(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null && 'status' in err && typeof (err as StatusError).status === 'number') {
    return (err as StatusError).status;
  }
  return undefined;
}

/** Worth sending again (the same request, same key): no answer, timeout, rate limit, server error. */
export function isRetryable(err: unknown): boolean {
  const s = statusOf(err);
  if (s === undefined) return false;
  return s === 0 || s === 408 || s === 429 || s >= 500;
}

export interface RetryOptions {
  /** Total attempts, the first included. */
  attempts?: number;
  baseMs?: number;
  maxMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Called before each retry (after a retryable failure). */
  onRetry?: (err: unknown, attempt: number) => void;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Exponential backoff: 300, 600, 1200 … ms capped at `maxMs`. */
export function backoff(attempt: number, baseMs = 300, maxMs = 8000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/** Runs `fn` until it succeeds, fails with a final error, or runs out of attempts. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 4;
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= attempts || !isRetryable(err)) throw err;
      options.onRetry?.(err, attempt);
      await wait(backoff(attempt, options.baseMs, options.maxMs));
    }
  }
}

/** A fresh idempotency key / client event id. */
export function newKey(): string {
  return crypto.randomUUID();
}
