import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Page } from '../../app/contract/index.ts';
import { createPagedList, PAGE_SIZE } from './pagedList.ts';

const TOTAL = 100_000;

/** A page source over 0…TOTAL-1 that answers when told (or at once), and records what was asked. */
function source(auto = true) {
  const asked: { offset: number; signal: AbortSignal; resolve: () => void }[] = [];
  const fetchPage = (_q: null, offset: number, limit: number, signal: AbortSignal) =>
    new Promise<Page<number>>((resolve, reject) => {
      const answer = () => resolve({ items: Array.from({ length: Math.min(limit, TOTAL - offset) }, (_, i) => offset + i), total: TOTAL, offset, limit });
      signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
      asked.push({ offset, signal, resolve: answer });
      if (auto) answer();
    });
  return { asked, fetchPage };
}

const flush = () => vi.advanceTimersByTimeAsync(0);

describe('paged list', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('fetches the pages in view, then serves rows from them', async () => {
    const { asked, fetchPage } = source();
    const list = createPagedList<number, null>(null, fetchPage);
    list.ensureRange(0, 30);
    await flush();
    expect(asked.map((a) => a.offset)).toEqual([0]);
    expect(list.at(29)).toBe(29);
    expect(list.store.getState().total).toBe(TOTAL);
    expect(list.at(PAGE_SIZE + 5)).toBeUndefined();
  });

  it('keeps at most maxPages pages (least recently used go first), never the ones in view', async () => {
    const { fetchPage } = source();
    const list = createPagedList<number, null>(null, fetchPage, { maxPages: 4 });
    for (let p = 0; p < 10; p++) {
      vi.advanceTimersByTime(1000);
      list.ensureRange(p * PAGE_SIZE + 45, p * PAGE_SIZE + 55);
      await flush();
    }
    expect(list.stats().pages).toBeLessThanOrEqual(4);
    expect(list.at(9 * PAGE_SIZE + 50)).toBe(9 * PAGE_SIZE + 50);
    expect(list.at(0)).toBeUndefined();
  });

  it('a fling does not fetch every page it passes: requests wait until the list settles, and pages left behind are aborted', async () => {
    const { asked, fetchPage } = source(false);
    const list = createPagedList<number, null>(null, fetchPage);
    list.ensureRange(0, 30);
    asked[0]?.resolve();
    await flush();
    // 200 frames, 16 ms apart, each 499 rows further down: ~1,000 pages passed.
    for (let f = 1; f <= 200; f++) {
      vi.advanceTimersByTime(16);
      list.ensureRange(f * 499, f * 499 + 30);
    }
    const duringFling = asked.length - 1;
    expect(duringFling).toBeLessThanOrEqual(Math.ceil((200 * 16) / 250) * 2 + 2);
    // Everything asked during the fling but the last range is aborted.
    expect(asked.slice(1, -2).every((a) => a.signal.aborted)).toBe(true);
    // It stops: the last range is fetched once it settles.
    await vi.advanceTimersByTimeAsync(100);
    for (const a of asked) if (!a.signal.aborted) a.resolve();
    await flush();
    expect(list.at(200 * 499 + 10)).toBe(200 * 499 + 10);
    expect(list.stats().aborted).toBeGreaterThan(0);
  });

  it('reload keeps showing the old rows until the new ones arrive', async () => {
    const { asked, fetchPage } = source(false);
    const list = createPagedList<number, null>(null, fetchPage);
    list.ensureRange(0, 30);
    asked[0]?.resolve();
    await flush();
    list.reload();
    expect(list.at(3)).toBe(3);
    expect(asked).toHaveLength(2);
    asked[1]?.resolve();
    await flush();
    expect(list.at(3)).toBe(3);
  });

  it('a new query drops the cache', async () => {
    const { fetchPage } = source();
    const list = createPagedList<number, { sort: string } | null>({ sort: 'a' }, (q, o, l, s) => fetchPage(null, o, l, s));
    list.ensureRange(0, 30);
    await flush();
    list.setQuery({ sort: 'b' });
    expect(list.at(3)).toBeUndefined();
    expect(list.store.getState().total).toBeNull();
  });
});
