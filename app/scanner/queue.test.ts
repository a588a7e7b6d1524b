import { describe, expect, it } from 'vitest';
import { createReadQueue } from './queue.ts';

describe('read queue', () => {
  it('hands items out in order, a task at a time, then [] once closed and drained', async () => {
    const q = createReadQueue<number>();
    q.push([1, 2, 3, 4, 5]);
    expect(q.drained()).toBe(false);
    q.close();
    expect(await q.take(2)).toEqual([1, 2]);
    expect(await q.take(2)).toEqual([3, 4]);
    expect(q.drained()).toBe(false);
    expect(await q.take(2)).toEqual([5]);
    expect(q.drained()).toBe(true);
    expect(await q.take(2)).toEqual([]);
  });

  it('keeps waiting takers until items come, and wakes them all on close', async () => {
    const q = createReadQueue<string>();
    const first = q.take(3);
    const second = q.take(3);
    const third = q.take(3);
    q.push(['a', 'b', 'c', 'd']);
    expect(await first).toEqual(['a', 'b', 'c']);
    expect(await second).toEqual(['d']);
    let settled = false;
    void third.then(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false); // open and empty: still waiting
    q.push(['e']);
    expect(await third).toEqual(['e']);
    const last = q.take(3);
    q.close();
    expect(await last).toEqual([]);
  });

  it('takes every item exactly once across many pushes and takers', async () => {
    const q = createReadQueue<number>();
    const taken: number[] = [];
    const lanes = Array.from({ length: 4 }, async () => {
      for (let got = await q.take(7); got.length > 0; got = await q.take(7)) taken.push(...got);
    });
    for (let i = 0; i < 100; i++) {
      q.push(Array.from({ length: i % 13 }, (_, k) => i * 100 + k));
      if (i % 10 === 0) await new Promise((r) => setImmediate(r));
    }
    q.close();
    await Promise.all(lanes);
    const expected = Array.from({ length: 100 }, (_, i) => Array.from({ length: i % 13 }, (_, k) => i * 100 + k)).flat();
    expect(taken.sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
  });
});
