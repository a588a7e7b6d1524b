// Retry policy for sync HTTP: exponential backoff with full jitter on 5xx, network errors and
// timeouts; 4xx are final except 408 and 429, which wait for Retry-After when the server sends it.
// (Not p-retry: its delays cannot follow a server's Retry-After.)
import { setTimeout as delay } from 'node:timers/promises';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
  /** Source of randomness in [0, 1); injectable for tests. */
  random?: () => number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 6, baseMs: 250, maxMs: 15_000 };

export type Outcome =
  | { retry: false }
  | { retry: true; afterMs: number | null; reason: string };

/** Seconds or an HTTP date → milliseconds from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Whether an HTTP status is worth retrying, and after how long the server asked us to wait. */
export function classifyStatus(status: number, retryAfter: string | null): Outcome {
  if (status === 408 || status === 429) return { retry: true, afterMs: parseRetryAfter(retryAfter), reason: `HTTP ${status}` };
  if (status >= 500) return { retry: true, afterMs: status === 503 ? parseRetryAfter(retryAfter) : null, reason: `HTTP ${status}` };
  return { retry: false };
}

/** Network failures (fetch's TypeError with a cause), aborts by timeout, resets: retryable. */
export function classifyError(err: unknown): Outcome {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return { retry: true, afterMs: null, reason: 'timed out' };
  if (e?.name === 'AbortError') return { retry: false };
  if (err instanceof TypeError || typeof e?.cause?.code === 'string') {
    return { retry: true, afterMs: null, reason: e.cause?.code ?? e.cause?.message ?? e.message ?? 'network error' };
  }
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && /^(ECONN|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|UND_ERR)/.test(code)) {
    return { retry: true, afterMs: null, reason: code };
  }
  return { retry: false };
}

/** Delay before attempt `attempt` (1 = first retry): full jitter, capped; Retry-After wins when given. */
export function backoffMs(policy: RetryPolicy, attempt: number, afterMs: number | null): number {
  if (afterMs !== null) return Math.min(afterMs, policy.maxMs * 4);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.round((policy.random ?? Math.random)() * ceiling);
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first (node:timers/promises). */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, signal ? { signal } : {});
  } catch (err) {
    // timers/promises rejects with an AbortError; callers expect the signal's own reason.
    if (signal?.aborted) throw signal.reason as Error;
    throw err;
  }
}

/** A failed HTTP exchange: the status (0 for network errors) and whether it was worth retrying. */
export class HttpFailure extends Error {
  override name = 'HttpFailure';
  readonly status: number;
  readonly retryAfter: string | null;
  constructor(status: number, message: string, retryAfter: string | null = null) {
    super(message);
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

export interface RetryOptions {
  policy?: RetryPolicy;
  signal?: AbortSignal | undefined;
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

/**
 * Runs `attempt` until it succeeds, fails for good, or the attempts run out. `attempt` throws
 * HttpFailure for HTTP statuses and anything else for network errors.
 */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const policy = options.policy ?? defaultRetryPolicy;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (options.signal?.aborted) throw err;
      const outcome = err instanceof HttpFailure ? classifyStatus(err.status, err.retryAfter) : classifyError(err);
      if (!outcome.retry || n >= policy.attempts) throw err;
      const delayMs = backoffMs(policy, n, outcome.afterMs);
      options.onRetry?.({ attempt: n, delayMs, reason: outcome.reason });
      await sleep(delayMs, options.signal);
    }
  }
}
