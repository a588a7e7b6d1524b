// Play reporting, the pure parts (DOM-free, unit-tested): how long a track was really listened to,
// and a small persisted outbox of play events that survives failed requests and reloads.
//
// The server decides what counts as a play (30 s or half the track); the client only reports the
// milliseconds it actually heard. A seek or scrub moves the position without adding listened time.
import { isRetryable, backoff } from '../lib/retry.ts';

/** Largest position step (ms) still treated as continuous playback between two samples. */
const MAX_STEP_SLACK_MS = 1000;

/**
 * Measures listened time from position samples: a step forward no larger than the wall-clock time
 * that passed (plus slack) is listening; any other jump (seek, scrub, restart) adds nothing.
 */
export class ListenMeter {
  private lastPos: number | null = null;
  private lastAt = 0;
  listenedMs = 0;

  /** A position sample while playing. */
  sample(positionMs: number, now: number): void {
    if (this.lastPos !== null) {
      const step = positionMs - this.lastPos;
      const wall = now - this.lastAt;
      if (step > 0 && step <= wall + MAX_STEP_SLACK_MS) this.listenedMs += step;
    }
    this.lastPos = positionMs;
    this.lastAt = now;
  }

  /** Playback paused, or the position jumped (seek): the next sample starts a new stretch. */
  break(): void {
    this.lastPos = null;
  }
}

/** A play event waiting to be sent; the shape the outbox keeps is independent of transport. */
export interface OutboxItem<E> {
  /** Client event id (also inside `event`): the server ignores a second copy. */
  id: string;
  event: E;
  attempts: number;
  /** Not before (epoch ms). */
  nextAt: number;
}

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface OutboxOptions<E> {
  storage: KeyValueStorage | null;
  key: string;
  send: (events: E[]) => Promise<void>;
  /** Oldest dropped beyond this. */
  max?: number;
  /** Events sent in one request. */
  batch?: number;
  now?: () => number;
}

/**
 * Persisted, ordered outbox with retry: `push` stores the event first, then `flush` sends.
 * Retryable failures (no answer, 5xx, 429) keep the events and back off; a final refusal (4xx)
 * drops them so one bad event cannot block the rest. Sending twice is safe: every event carries
 * its client event id.
 */
export class PlayOutbox<E> {
  private items: OutboxItem<E>[];
  private flushing: Promise<void> | null = null;
  private readonly o: Required<Omit<OutboxOptions<E>, 'storage'>> & { storage: KeyValueStorage | null };

  constructor(options: OutboxOptions<E>) {
    this.o = { max: 500, batch: 50, now: Date.now, ...options };
    this.items = this.load();
  }

  private load(): OutboxItem<E>[] {
    try {
      const raw = this.o.storage?.getItem(this.o.key);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? (parsed as OutboxItem<E>[]).filter((i) => i && typeof i.id === 'string') : [];
    } catch {
      return [];
    }
  }

  private save(): void {
    try {
      this.o.storage?.setItem(this.o.key, JSON.stringify(this.items));
    } catch {
      /* storage full or unavailable: keep it in memory */
    }
  }

  get pending(): readonly OutboxItem<E>[] {
    return this.items;
  }

  push(id: string, event: E): void {
    if (this.items.some((i) => i.id === id)) return;
    this.items.push({ id, event, attempts: 0, nextAt: 0 });
    if (this.items.length > this.o.max) this.items.splice(0, this.items.length - this.o.max);
    this.save();
  }

  /** Milliseconds until the next item may be sent (0 = now, null = nothing pending). */
  dueIn(): number | null {
    if (!this.items.length) return null;
    return Math.max(0, Math.min(...this.items.map((i) => i.nextAt)) - this.o.now());
  }

  /** Sends every due event, oldest first, in batches. Concurrent calls share one run. */
  flush(): Promise<void> {
    this.flushing ??= this.run().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async run(): Promise<void> {
    for (;;) {
      const now = this.o.now();
      const due = this.items.filter((i) => i.nextAt <= now).slice(0, this.o.batch);
      if (!due.length) return;
      const ids = new Set(due.map((i) => i.id));
      try {
        await this.o.send(due.map((i) => i.event));
        this.items = this.items.filter((i) => !ids.has(i.id));
        this.save();
      } catch (err) {
        if (isRetryable(err)) {
          for (const i of due) {
            i.attempts++;
            i.nextAt = this.o.now() + backoff(i.attempts, 1000, 5 * 60_000);
          }
          this.save();
          return;
        }
        // Refused for good (malformed, unknown track): drop them, keep going with the rest.
        this.items = this.items.filter((i) => !ids.has(i.id));
        this.save();
      }
    }
  }
}
