import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../app/testing/random.ts';
import {
  append, insertNext, move, moveMany, nextIndex, playNextFrom, previousIndex, removeAt, shuffleOff, shuffleOn, shuffled,
} from './queueLogic.ts';

describe('nextIndex', () => {
  it('advances, and stops at the end without repeat', () => {
    expect(nextIndex(3, 0, 'off', false)).toBe(1);
    expect(nextIndex(3, 2, 'off', false)).toBe(-1);
    expect(nextIndex(3, 2, 'off', true)).toBe(-1);
  });
  it('wraps around with repeat all', () => {
    expect(nextIndex(3, 2, 'all', false)).toBe(0);
    expect(nextIndex(3, 2, 'all', true)).toBe(0);
  });
  it('repeat one repeats only when the track ends by itself', () => {
    expect(nextIndex(3, 1, 'one', true)).toBe(1);
    expect(nextIndex(3, 1, 'one', false)).toBe(2);
    expect(nextIndex(3, 2, 'one', false)).toBe(0);
  });
  it('handles an empty queue and no current track', () => {
    expect(nextIndex(0, -1, 'all', false)).toBe(-1);
    expect(nextIndex(3, -1, 'off', false)).toBe(0);
  });
});

describe('previousIndex', () => {
  it('restarts the current track after 3 s', () => {
    expect(previousIndex(3, 2, 'off', 3500)).toBe(2);
  });
  it('goes back within the first 3 s', () => {
    expect(previousIndex(3, 2, 'off', 1000)).toBe(1);
  });
  it('stays on the first track without repeat, wraps with repeat all', () => {
    expect(previousIndex(3, 0, 'off', 0)).toBe(0);
    expect(previousIndex(3, 0, 'all', 0)).toBe(2);
  });
});

describe('queue edits', () => {
  const q = { ids: [10, 11, 12, 13], index: 1 };
  it('inserts after the current track', () => {
    expect(insertNext(q, [20, 21])).toEqual({ ids: [10, 11, 20, 21, 12, 13], index: 1 });
  });
  it('inserting into an empty queue makes the first one current', () => {
    expect(insertNext({ ids: [], index: -1 }, [5])).toEqual({ ids: [5], index: 0 });
    expect(append({ ids: [], index: -1 }, [5, 6])).toEqual({ ids: [5, 6], index: 0 });
  });
  it('appends at the end', () => {
    expect(append(q, [20])).toEqual({ ids: [10, 11, 12, 13, 20], index: 1 });
  });
  it('removes entries before the current one and keeps it current', () => {
    expect(removeAt(q, [0])).toEqual({ ids: [11, 12, 13], index: 0 });
    expect(removeAt(q, [3])).toEqual({ ids: [10, 11, 12], index: 1 });
  });
  it('removing the current entry makes the next one current', () => {
    expect(removeAt(q, [1])).toEqual({ ids: [10, 12, 13], index: 1 });
    expect(removeAt({ ids: [1, 2], index: 1 }, [1])).toEqual({ ids: [1], index: 0 });
    expect(removeAt({ ids: [1], index: 0 }, [0])).toEqual({ ids: [], index: -1 });
  });
  it('moves entries and keeps the current track current', () => {
    expect(move(q, 3, 0)).toEqual({ ids: [13, 10, 11, 12], index: 2 });
    expect(move(q, 0, 3)).toEqual({ ids: [11, 12, 13, 10], index: 0 });
    expect(move(q, 1, 3)).toEqual({ ids: [10, 12, 13, 11], index: 3 });
    expect(move(q, 2, 3)).toEqual({ ids: [10, 11, 13, 12], index: 1 });
    expect(move(q, 2, 2)).toBe(q);
  });
  it('play next moves an entry right after the current one', () => {
    expect(playNextFrom(q, 3)).toEqual({ ids: [10, 11, 13, 12], index: 1 });
    expect(playNextFrom(q, 0)).toEqual({ ids: [11, 10, 12, 13], index: 0 });
    expect(playNextFrom(q, 1)).toBe(q);
  });
});

describe('shuffle', () => {
  it('is a permutation and reproducible with a seed', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const a = shuffled(items, mulberry32(1));
    expect([...a].sort((x, y) => x - y)).toEqual(items);
    expect(shuffled(items, mulberry32(1))).toEqual(a);
    expect(a).not.toEqual(items);
  });
  it('keeps the current track first and playing', () => {
    const q = { ids: [1, 2, 3, 4, 5, 6], index: 3 };
    const { queue, original } = shuffleOn(q, mulberry32(7));
    expect(queue.index).toBe(0);
    expect(queue.ids[0]).toBe(4);
    expect([...queue.ids].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(original).toEqual(q.ids);
  });
  it('turning it off restores the order, keeps additions and the current track', () => {
    const { queue, original } = shuffleOn({ ids: [1, 2, 3, 4], index: 1 }, mulberry32(3));
    const edited = append(removeAt(queue, [queue.ids.indexOf(4)]), [9]);
    const restored = shuffleOff({ ...edited, index: edited.ids.indexOf(3) }, original);
    expect(restored).toEqual({ ids: [1, 2, 3, 9], index: 2 });
  });
});

describe('moveMany', () => {
  const q = { ids: [10, 11, 12, 13, 14, 15], index: 2 };
  it('moves a block down, keeping its order; the current track follows its entry', () => {
    expect(moveMany(q, [3, 1], 5)).toEqual({ ids: [10, 12, 14, 11, 13, 15], index: 1 });
  });
  it('moves a block up and to the end', () => {
    expect(moveMany(q, [4, 5], 0)).toEqual({ ids: [14, 15, 10, 11, 12, 13], index: 4 });
    expect(moveMany(q, [0, 2], null)).toEqual({ ids: [11, 13, 14, 15, 10, 12], index: 5 });
  });
  it('is a no-op when the block does not move', () => {
    expect(moveMany(q, [1, 2], 3)).toBe(q);
    expect(moveMany(q, [], 0)).toBe(q);
  });
  it('keeps duplicates of a track apart', () => {
    expect(moveMany({ ids: [7, 8, 7], index: 2 }, [2], 0)).toEqual({ ids: [7, 7, 8], index: 0 });
  });
});
