// Pure queue rules: no DOM, no stores. Everything here is unit-tested (queueLogic.test.ts).
import type { Id, RepeatMode } from '../../app/contract/index.ts';

export interface QueueState {
  /** Track ids in play order (already shuffled when shuffle is on). */
  ids: Id[];
  /** Index of the current track in `ids`, or -1 when nothing is current. */
  index: number;
}

/** Where "next" goes. `auto` is true when the current track ended by itself (repeat one applies). */
export function nextIndex(len: number, index: number, repeat: RepeatMode, auto: boolean): number {
  if (len === 0) return -1;
  if (auto && repeat === 'one') return index < 0 ? 0 : index;
  const next = index + 1;
  if (next < len) return next;
  return repeat === 'off' ? -1 : 0;
}

/** Restart threshold: "previous" within the first 3 s goes to the previous track, later restarts the current one. */
export const RESTART_THRESHOLD_MS = 3000;

/** Where "previous" goes; returns the same index when the current track should restart. */
export function previousIndex(len: number, index: number, repeat: RepeatMode, positionMs: number): number {
  if (len === 0) return -1;
  if (index < 0) return 0;
  if (positionMs > RESTART_THRESHOLD_MS) return index;
  if (index > 0) return index - 1;
  return repeat === 'all' ? len - 1 : 0;
}

/** Inserts ids right after the current track. */
export function insertNext(q: QueueState, ids: readonly Id[]): QueueState {
  if (q.index < 0) return { ids: [...ids, ...q.ids], index: q.ids.length === 0 && ids.length > 0 ? 0 : q.index };
  const at = q.index + 1;
  return { ids: [...q.ids.slice(0, at), ...ids, ...q.ids.slice(at)], index: q.index };
}

/** Appends ids at the end of the queue. */
export function append(q: QueueState, ids: readonly Id[]): QueueState {
  return { ids: [...q.ids, ...ids], index: q.index < 0 && ids.length > 0 ? q.ids.length : q.index };
}

/** Removes the entries at the given positions; the current track stays current if it survives. */
export function removeAt(q: QueueState, positions: readonly number[]): QueueState {
  const drop = new Set(positions);
  const ids: Id[] = [];
  let index = -1;
  let removedBefore = 0;
  q.ids.forEach((id, i) => {
    if (drop.has(i)) {
      if (i < q.index) removedBefore++;
      return;
    }
    ids.push(id);
  });
  if (q.index >= 0) {
    if (!drop.has(q.index)) index = q.index - removedBefore;
    // The current track was removed: the track that followed it becomes current.
    else index = Math.min(q.index - removedBefore, ids.length - 1);
  }
  return { ids, index };
}

/** Moves the entry at `from` so that it ends up at position `to`; the current track follows its entry. */
export function move(q: QueueState, from: number, to: number): QueueState {
  const len = q.ids.length;
  if (from < 0 || from >= len || from === to) return q;
  const target = Math.max(0, Math.min(len - 1, to));
  const ids = q.ids.slice();
  const [id] = ids.splice(from, 1);
  if (id === undefined) return q;
  ids.splice(target, 0, id);
  let index = q.index;
  if (q.index === from) index = target;
  else if (from < q.index && target >= q.index) index = q.index - 1;
  else if (from > q.index && target <= q.index) index = q.index + 1;
  return { ids, index };
}

/**
 * Moves the entries at `positions` (any order) as one block to land right before entry `before`
 * (null = the end), keeping their relative order; the current track follows its entry.
 */
export function moveMany(q: QueueState, positions: readonly number[], before: number | null): QueueState {
  const picked = [...new Set(positions)].filter((i) => i >= 0 && i < q.ids.length).sort((a, b) => a - b);
  if (picked.length === 0) return q;
  const target = before === null ? q.ids.length : Math.max(0, Math.min(q.ids.length, before));
  const set = new Set(picked);
  const at = target - picked.filter((i) => i < target).length;
  const rest = q.ids.map((id, i) => ({ id, i })).filter((e) => !set.has(e.i));
  const block = picked.map((i) => ({ id: q.ids[i] as Id, i }));
  const order = [...rest.slice(0, at), ...block, ...rest.slice(at)];
  if (order.every((e, k) => e.i === k)) return q;
  const index = q.index < 0 ? -1 : order.findIndex((e) => e.i === q.index);
  return { ids: order.map((e) => e.id), index };
}

/** Moves the entry at `from` to play right after the current track. */
export function playNextFrom(q: QueueState, from: number): QueueState {
  if (from === q.index || q.index < 0) return q;
  return move(q, from, from < q.index ? q.index : q.index + 1);
}

/** Fisher–Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[], random: () => number = Math.random): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

/**
 * Turns shuffle on: the current track moves to the front and keeps playing, everything else is
 * shuffled after it. Returns the new queue and the original order (to restore when shuffle goes off).
 */
export function shuffleOn(q: QueueState, random: () => number = Math.random): { queue: QueueState; original: Id[] } {
  const original = q.ids.slice();
  if (q.index < 0) return { queue: { ids: shuffled(q.ids, random), index: -1 }, original };
  const current = q.ids[q.index] as Id;
  const rest = q.ids.filter((_, i) => i !== q.index);
  return { queue: { ids: [current, ...shuffled(rest, random)], index: 0 }, original };
}

/**
 * Turns shuffle off: back to the original order (keeping tracks added meanwhile, dropping removed
 * ones), with the current track still current.
 */
export function shuffleOff(q: QueueState, original: readonly Id[] | null): QueueState {
  if (!original) return q;
  const counts = new Map<Id, number>();
  for (const id of q.ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  const ids: Id[] = [];
  for (const id of original) {
    const n = counts.get(id) ?? 0;
    if (n > 0) {
      ids.push(id);
      counts.set(id, n - 1);
    }
  }
  // Tracks added while shuffled keep their relative order, at the end.
  for (const id of q.ids) {
    const n = counts.get(id) ?? 0;
    if (n > 0) {
      ids.push(id);
      counts.set(id, n - 1);
    }
  }
  const currentId = q.index >= 0 ? q.ids[q.index] : undefined;
  const index = currentId === undefined ? -1 : ids.indexOf(currentId);
  return { ids, index };
}
