// Playlist edits, the pure parts (DOM-free, unit-tested): what the user meant (an intent), how it
// predicts the new entry list, how it is re-based onto the server's current state after a 409, and
// the "send with version, on 409 replace and re-apply once" loop.
import { isRetryable, backoff, sleep as realSleep } from '../lib/retry.ts';

export type EntryKey = string | number;

/** What the user asked for, expressed so it can be replayed onto a newer playlist. */
export type Intent =
  /** Append tracks (a track, a selection) or whole albums. `key` is the idempotency key. */
  | { kind: 'add'; trackIds: number[]; albumIds?: number[]; key: string }
  /** Remove these entries (by entry id, so duplicates of a track are told apart). */
  | { kind: 'remove'; entryIds: EntryKey[] }
  /**
   * Move a selection (contiguous or not) as one block, in the order given, so it ends up right
   * before `beforeId` (null = at the end). An anchor inside the selection means the first entry
   * after it that is not moving (the drop line sat inside the selection). One request, atomic.
   */
  | { kind: 'move'; entryIds: EntryKey[]; beforeId: EntryKey | null }
  | { kind: 'rename'; name: string; description: string };

/** The entry list after applying the intent (an optimistic prediction; the server has the last word). */
export function predict<E>(entries: readonly E[], intent: Intent, keyOf: (e: E) => EntryKey, make?: (trackId: number, i: number) => E): E[] {
  switch (intent.kind) {
    case 'add':
      return make ? [...entries, ...intent.trackIds.map(make)] : entries.slice();
    case 'remove': {
      const gone = new Set(intent.entryIds);
      return entries.filter((e) => !gone.has(keyOf(e)));
    }
    case 'move':
      return moveTarget(entries, intent, keyOf)?.order ?? entries.slice();
    case 'rename':
      return entries.slice();
  }
}

export interface MoveTarget<E> {
  /** The entries still there to move, in the order given (the API's `entryIds`). */
  entryIds: EntryKey[];
  /** Where the first of them lands in the new order (the API's `to`). */
  to: number;
  /** The entry list after the move. */
  order: E[];
  /** The move changes nothing. */
  inPlace: boolean;
}

/** What a move does to `entries`, or null when none of its entries is there any more. */
export function moveTarget<E>(entries: readonly E[], intent: Extract<Intent, { kind: 'move' }>, keyOf: (e: E) => EntryKey): MoveTarget<E> | null {
  const index = new Map(entries.map((e, i) => [keyOf(e), i]));
  const entryIds = [...new Set(intent.entryIds)].filter((k) => index.has(k));
  if (!entryIds.length) return null;
  const taken = new Set(entryIds);
  // The anchor: the first entry at or after `beforeId` that is not moving; gone or past the end = the end.
  let anchor = intent.beforeId === null ? -1 : (index.get(intent.beforeId) ?? -1);
  while (anchor >= 0 && anchor < entries.length && taken.has(keyOf(entries[anchor] as E))) anchor++;
  const rest = entries.filter((e) => !taken.has(keyOf(e)));
  const to = anchor < 0 || anchor >= entries.length ? rest.length : rest.indexOf(entries[anchor] as E);
  const order = [...rest.slice(0, to), ...entryIds.map((k) => entries[index.get(k) as number] as E), ...rest.slice(to)];
  return { entryIds, to, order, inPlace: order.every((e, i) => e === entries[i]) };
}

/**
 * The intent re-based onto the server's current entries, or null when there is nothing left to do:
 * removing entries someone else already removed, moving an entry that is gone or already in place.
 * An add is replayed as is (same idempotency key: the server has not applied it — it answered 409).
 */
export function rebase<E>(intent: Intent, entries: readonly E[], keyOf: (e: E) => EntryKey): Intent | null {
  switch (intent.kind) {
    case 'add':
    case 'rename':
      return intent;
    case 'remove': {
      const present = new Set(entries.map(keyOf));
      const still = intent.entryIds.filter((id) => present.has(id));
      return still.length ? { ...intent, entryIds: still } : null;
    }
    case 'move': {
      // Entries removed meanwhile are left out; a gone anchor sends the block to the end.
      const m = moveTarget(entries, intent, keyOf);
      if (!m || m.inPlace) return null;
      const beforeStill = intent.beforeId === null || entries.some((e) => keyOf(e) === intent.beforeId);
      return { ...intent, entryIds: m.entryIds, beforeId: beforeStill ? intent.beforeId : null };
    }
  }
}

/** A 409 answer: the server's current state of the thing that was edited. */
export class ConflictError<S> extends Error {
  readonly status = 409;
  readonly current: S;
  constructor(current: S, message = 'Conflict') {
    super(message);
    this.name = 'ConflictError';
    this.current = current;
  }
}

export interface VersionedEditOptions<S> {
  /** The state the edit is based on (its version goes with the request). */
  base: S;
  intent: Intent;
  /** Sends the intent against `state` (reading its version); resolves to the new state. */
  send: (intent: Intent, state: S) => Promise<S>;
  entriesOf: (state: S) => readonly unknown[];
  keyOf: (e: unknown) => EntryKey;
  /** Called with the server's state after a 409, before the intent is re-applied. */
  onConflict?: (current: S) => void;
  /** Retries of the same request (same idempotency key) on network/5xx failures. */
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface VersionedEditResult<S> {
  state: S;
  /** The edit met a 409 and was re-applied to the server's newer state. */
  reapplied: boolean;
  /** After the 409 there was nothing left to do (already removed, already in place). */
  dropped: boolean;
}

/**
 * Sends a versioned edit. Network and server errors are retried with the same request (safe: adds
 * carry an idempotency key, other edits carry the version, so a duplicate is a 409, not a repeat).
 * On 409 it takes the server's current state from the answer, re-bases the intent onto it and sends
 * it once more; a second 409 is thrown (with the newest state) for the caller to show.
 */
export async function versionedEdit<S>(o: VersionedEditOptions<S>): Promise<VersionedEditResult<S>> {
  const attempts = o.attempts ?? 3;
  const wait = o.sleep ?? realSleep;
  const sendRetrying = async (intent: Intent, state: S): Promise<S> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await o.send(intent, state);
      } catch (err) {
        if (attempt >= attempts || !isRetryable(err)) throw err;
        await wait(backoff(attempt));
      }
    }
  };
  try {
    return { state: await sendRetrying(o.intent, o.base), reapplied: false, dropped: false };
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    const current = err.current as S;
    o.onConflict?.(current);
    const again = rebase(o.intent, o.entriesOf(current), o.keyOf);
    if (!again) return { state: current, reapplied: true, dropped: true };
    return { state: await sendRetrying(again, current), reapplied: true, dropped: false };
  }
}
