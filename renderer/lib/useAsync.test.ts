import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '../api/client.ts';
import { asyncView, sameKey, settle, startAsync, type Answer, type Outcome } from './useAsync.ts';

/** Loads the test settles by hand, and what the hook would hold after each settled one. */
function harness() {
  const calls: { key: number; resolve: (v: string) => void; reject: (e: unknown) => void }[] = [];
  let answer: Answer<string> | null = null;
  const start = (key: number) =>
    startAsync(
      () => new Promise<string>((resolve, reject) => void calls.push({ key, resolve, reject })),
      (outcome: Outcome<string>) => {
        answer = settle(answer, [key], outcome);
      },
    );
  return { calls, start, view: (key: number, pending = false) => asyncView(answer, [key], pending) };
}

/** Lets the promise callbacks run. */
const flush = () => new Promise<void>((r) => setTimeout(r, 0));

describe('sameKey', () => {
  it('compares dependency lists item by item, as React does for effects', () => {
    expect(sameKey([1, 'a'], [1, 'a'])).toBe(true);
    expect(sameKey([], [])).toBe(true);
    expect(sameKey([NaN], [NaN])).toBe(true);
    expect(sameKey([1], [2])).toBe(false);
    expect(sameKey([undefined], [])).toBe(false);
    expect(sameKey([{}], [{}])).toBe(false);
  });
});

describe('asyncView', () => {
  it('is loading with nothing to show before the first answer', () => {
    expect(asyncView(null, [7], true)).toEqual({ data: undefined, error: null, loading: true, stale: undefined });
  });

  it('shows an answer only for the key it was for; for another key it is loading and offers the old answer as stale', () => {
    const forSeven = settle<string>(null, [7], { ok: true, value: 'similar to 7' });
    expect(asyncView(forSeven, [7], false)).toEqual({ data: 'similar to 7', error: null, loading: false, stale: undefined });
    expect(asyncView(forSeven, [8], false)).toEqual({ data: undefined, error: null, loading: true, stale: 'similar to 7' });
  });

  it('never shows another key’s error, and a failed key has nothing stale to offer', () => {
    const failed = settle<string>(null, [7], { ok: false, error: 'Failed to fetch' });
    expect(asyncView(failed, [7], false)).toEqual({ data: undefined, error: 'Failed to fetch', loading: false, stale: undefined });
    expect(asyncView(failed, [8], true)).toEqual({ data: undefined, error: null, loading: true, stale: undefined });
  });

  it('a reload of the same key keeps its data on screen while it runs', () => {
    const ready = settle<string>(null, ['30 days'], { ok: true, value: 'stats' });
    expect(asyncView(ready, ['30 days'], true)).toEqual({ data: 'stats', error: null, loading: true, stale: undefined });
  });
});

describe('settle', () => {
  it('a failed reload keeps the key’s data beside the error; a failure for a new key drops the old key’s data', () => {
    const ready = settle<string>(null, [7], { ok: true, value: 'similar to 7' });
    expect(settle(ready, [7], { ok: false, error: 'database is locked' })).toEqual({ key: [7], data: { value: 'similar to 7' }, error: 'database is locked' });
    expect(settle(ready, [8], { ok: false, error: 'Failed to fetch' })).toEqual({ key: [8], data: null, error: 'Failed to fetch' });
    expect(settle(settle(ready, [8], { ok: false, error: 'x' }), [8], { ok: true, value: 'similar to 8' })).toEqual({ key: [8], data: { value: 'similar to 8' }, error: null });
  });
});

describe('startAsync (what the hook does when the key changes)', () => {
  it('the new key’s answer shows; the old key’s answer, arriving later, does not overwrite it', async () => {
    const h = harness();
    h.start(1);
    h.calls[0]!.resolve('similar to 1');
    await flush();
    const cancel2 = h.start(2);
    expect(h.view(2, true)).toEqual({ data: undefined, error: null, loading: true, stale: 'similar to 1' });
    cancel2(); // the seed moved on again before track 2 answered
    h.start(3);
    h.calls[2]!.resolve('similar to 3');
    await flush();
    h.calls[1]!.resolve('similar to 2');
    await flush();
    expect(h.view(3)).toEqual({ data: 'similar to 3', error: null, loading: false, stale: undefined });
  });

  it('a stale success never clears a newer failure, and a stale failure never replaces a newer success', async () => {
    const h = harness();
    const cancelOld = h.start(1);
    cancelOld();
    h.start(2);
    h.calls[1]!.reject(new ApiRequestError(0, 'Failed to fetch'));
    await flush();
    h.calls[0]!.resolve('similar to 1');
    await flush();
    expect(h.view(2)).toEqual({ data: undefined, error: 'Failed to fetch', loading: false, stale: undefined });

    const cancelSlow = h.start(2); // a reload, superseded by another
    cancelSlow();
    h.start(2);
    h.calls[3]!.resolve('similar to 2');
    await flush();
    h.calls[2]!.reject(new Error('socket hang up'));
    await flush();
    expect(h.view(2)).toEqual({ data: 'similar to 2', error: null, loading: false, stale: undefined });
  });

  it('turns any rejection into its message', async () => {
    const outcomes: Outcome<number>[] = [];
    startAsync(() => Promise.reject(new ApiRequestError(500, 'database is locked')), (o) => void outcomes.push(o));
    startAsync(() => Promise.reject('offline'), (o) => void outcomes.push(o));
    await flush();
    expect(outcomes).toEqual([
      { ok: false, error: 'database is locked' },
      { ok: false, error: 'offline' },
    ]);
  });
});
