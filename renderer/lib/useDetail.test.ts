import { describe, expect, it } from 'vitest';
import type { Id } from '../../app/contract/index.ts';
import { ApiRequestError } from '../api/client.ts';
import { detailState, detailView, loadErrorMessage, startDetailLoad, type DetailLoad } from './useDetail.ts';

/** A load the test settles by hand, and a record of what the page was told. */
function harness(notFound?: string) {
  const calls: { id: Id; resolve: () => void; reject: (e: unknown) => void }[] = [];
  const forgotten: Id[] = [];
  const settled: (string | null)[] = [];
  const gone: boolean[] = [];
  const opts: DetailLoad = {
    load: (id) => new Promise<void>((resolve, reject) => void calls.push({ id, resolve, reject })),
    ...(notFound !== undefined ? { notFound } : {}),
    onNotFound: (id) => void forgotten.push(id),
  };
  const start = (id: Id) =>
    startDetailLoad(id, opts, (e, isGone) => {
      settled.push(e);
      gone.push(isGone);
    });
  return { calls, forgotten, settled, gone, start };
}

/** Lets the promise callbacks run. */
const flush = () => new Promise<void>((r) => setTimeout(r, 0));

describe('loadErrorMessage', () => {
  it('says the page’s not-found sentence for a 404 and the API’s message otherwise', () => {
    expect(loadErrorMessage(new ApiRequestError(404, 'album not found'), 'This album is no longer in your library.')).toBe(
      'This album is no longer in your library.',
    );
    expect(loadErrorMessage(new ApiRequestError(500, 'database is locked'), 'This album is no longer in your library.')).toBe('database is locked');
    expect(loadErrorMessage(new ApiRequestError(0, 'Failed to fetch'), 'gone')).toBe('Failed to fetch');
    expect(loadErrorMessage(new ApiRequestError(404, 'playlist not found'))).toBe('playlist not found');
  });
});

describe('detailState', () => {
  it('shows the item whenever there is one, the error when there is none, and loading before either', () => {
    expect(detailState({ title: 'Kind of Blue' }, null)).toEqual({ kind: 'ready', item: { title: 'Kind of Blue' } });
    expect(detailState({ title: 'Kind of Blue' }, 'Failed to fetch')).toEqual({ kind: 'ready', item: { title: 'Kind of Blue' } });
    expect(detailState(undefined, 'This album is no longer in your library.')).toEqual({
      kind: 'error',
      message: 'This album is no longer in your library.',
    });
    expect(detailState(undefined, null)).toEqual({ kind: 'loading' });
  });
});

describe('detailView', () => {
  const retry = () => {};
  it('keeps a held item on screen when its reload fails, with the reason as a notice and a retry', () => {
    expect(detailView({ name: 'Road trip' }, { message: 'Failed to fetch', gone: false }, retry)).toEqual({
      kind: 'ready',
      item: { name: 'Road trip' },
      staleError: 'Failed to fetch',
      retry,
    });
  });

  it('offers a retry for a failure without an item, but not for a 404 (the item is gone)', () => {
    expect(detailView(undefined, { message: 'database is locked', gone: false }, retry)).toEqual({
      kind: 'error',
      message: 'database is locked',
      staleError: null,
      retry,
    });
    expect(detailView(undefined, { message: 'This playlist no longer exists.', gone: true }, retry)).toEqual({
      kind: 'error',
      message: 'This playlist no longer exists.',
      staleError: null,
      retry: null,
    });
  });

  it('says nothing more while loading or after a load that succeeded', () => {
    expect(detailView(undefined, null, retry)).toEqual({ kind: 'loading', staleError: null, retry: null });
    expect(detailView({ name: 'Road trip' }, null, retry)).toEqual({ kind: 'ready', item: { name: 'Road trip' }, staleError: null, retry: null });
  });
});

describe('startDetailLoad', () => {
  it('settles with null when the load succeeds', async () => {
    const h = harness('gone');
    h.start(7);
    expect(h.calls.map((c) => c.id)).toEqual([7]);
    h.calls[0]!.resolve();
    await flush();
    expect(h.settled).toEqual([null]);
    expect(h.forgotten).toEqual([]);
  });

  it('forgets the item and says the not-found sentence on a 404; any other failure keeps the item and says its message', async () => {
    const h = harness('This artist is no longer in your library.');
    h.start(3);
    h.calls[0]!.reject(new ApiRequestError(404, 'artist not found'));
    await flush();
    expect(h.forgotten).toEqual([3]);
    h.start(3);
    h.calls[1]!.reject(new ApiRequestError(0, 'Failed to fetch'));
    await flush();
    expect(h.forgotten).toEqual([3]);
    expect(h.settled).toEqual(['This artist is no longer in your library.', 'Failed to fetch']);
    expect(h.gone).toEqual([true, false]);
  });

  it('a cancelled load (the id or the generation changed meanwhile) neither settles nor forgets, whichever order the answers come in', async () => {
    const h = harness('gone');
    const cancelOld = h.start(1);
    cancelOld(); // the page moved on to album 2
    h.start(2);
    h.calls[1]!.resolve();
    await flush();
    h.calls[0]!.reject(new ApiRequestError(404, 'album not found'));
    await flush();
    expect(h.settled).toEqual([null]);
    expect(h.forgotten).toEqual([]);

    const cancelSlow = h.start(4);
    cancelSlow();
    h.start(4);
    h.calls[3]!.reject(new ApiRequestError(0, 'Failed to fetch'));
    await flush();
    h.calls[2]!.resolve(); // the stale success must not clear the newer error
    await flush();
    expect(h.settled).toEqual([null, 'Failed to fetch']);
  });
});
