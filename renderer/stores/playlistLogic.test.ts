import { describe, expect, it } from 'vitest';
import { ConflictError, moveTarget, predict, rebase, versionedEdit, type Intent } from './playlistLogic.ts';

interface E { id: number; t: number }
interface S { version: number; entries: E[] }
const key = (e: unknown) => (e as E).id;
const list = (...ids: number[]): E[] => ids.map((id) => ({ id, t: id * 10 }));
const ids = (es: readonly E[]) => es.map((e) => e.id);
const noSleep = async () => {};

describe('predict', () => {
  it('moves an entry before another, or to the end', () => {
    expect(ids(predict(list(1, 2, 3, 4), { kind: 'move', entryIds: [4], beforeId: 2 }, key))).toEqual([1, 4, 2, 3]);
    expect(ids(predict(list(1, 2, 3, 4), { kind: 'move', entryIds: [1], beforeId: null }, key))).toEqual([2, 3, 4, 1]);
    expect(ids(predict(list(1, 2, 3, 4), { kind: 'move', entryIds: [1], beforeId: 3 }, key))).toEqual([2, 1, 3, 4]);
  });
  it('moves a non-contiguous selection as one block, in the order given', () => {
    const six = list(1, 2, 3, 4, 5, 6);
    expect(ids(predict(six, { kind: 'move', entryIds: [2, 5], beforeId: 1 }, key))).toEqual([2, 5, 1, 3, 4, 6]);
    expect(ids(predict(six, { kind: 'move', entryIds: [1, 4], beforeId: 6 }, key))).toEqual([2, 3, 5, 1, 4, 6]);
    expect(ids(predict(six, { kind: 'move', entryIds: [1, 3], beforeId: null }, key))).toEqual([2, 4, 5, 6, 1, 3]);
    expect(ids(predict(six, { kind: 'move', entryIds: [5, 2], beforeId: 4 }, key))).toEqual([1, 3, 5, 2, 4, 6]);
  });
  it('an anchor inside the selection means the first entry after it that is not moving', () => {
    const six = list(1, 2, 3, 4, 5, 6);
    // Dropped between 3 and 4 with 1, 3, 4 selected: the block closes up before 5.
    expect(ids(predict(six, { kind: 'move', entryIds: [1, 3, 4], beforeId: 4 }, key))).toEqual([2, 1, 3, 4, 5, 6]);
    expect(ids(predict(six, { kind: 'move', entryIds: [1, 5, 6], beforeId: 5 }, key))).toEqual([2, 3, 4, 1, 5, 6]);
  });
  it('removes by entry id (duplicates of a track are told apart)', () => {
    expect(ids(predict(list(1, 2, 3), { kind: 'remove', entryIds: [2] }, key))).toEqual([1, 3]);
  });
});

describe('moveTarget', () => {
  const target = (entries: E[], entryIds: number[], beforeId: number | null) => {
    const m = moveTarget(entries, { kind: 'move', entryIds, beforeId }, key);
    return m && { entryIds: m.entryIds, to: m.to, inPlace: m.inPlace };
  };
  it("answers the API's entryIds and `to`: where the block's first entry lands", () => {
    expect(target(list(1, 2, 3, 4), [4], 2)).toEqual({ entryIds: [4], to: 1, inPlace: false });
    expect(target(list(1, 2, 3, 4), [1], 4)).toEqual({ entryIds: [1], to: 2, inPlace: false });
    expect(target(list(1, 2, 3, 4, 5), [1, 3], null)).toEqual({ entryIds: [1, 3], to: 3, inPlace: false });
    expect(target(list(1, 2, 3, 4, 5), [5, 3], 1)).toEqual({ entryIds: [5, 3], to: 0, inPlace: false });
  });
  it('leaves out entries that are gone (and names each once); null when none is left', () => {
    expect(target(list(1, 2, 3, 4), [9, 3, 3, 1], null)).toEqual({ entryIds: [3, 1], to: 2, inPlace: false });
    expect(target(list(1, 2, 3, 4), [9], 2)).toBeNull();
  });
  it('knows a move that changes nothing', () => {
    expect(target(list(1, 2, 3, 4), [2, 3], 4)).toEqual({ entryIds: [2, 3], to: 1, inPlace: true });
    expect(target(list(1, 2, 3, 4), [3, 4], null)?.inPlace).toBe(true);
    expect(target(list(1, 2, 3, 4), [3, 2], 4)?.inPlace).toBe(false);
  });
});

describe('rebase', () => {
  it('keeps a move of an entry that still exists, re-targeted by id', () => {
    const intent: Intent = { kind: 'move', entryIds: [4], beforeId: 2 };
    // Someone inserted 7 at the top meanwhile: the move still lands before entry 2.
    const now = list(7, 1, 2, 3, 4);
    const again = rebase(intent, now, key);
    expect(again).toEqual(intent);
    expect(moveTarget(now, again as Extract<Intent, { kind: 'move' }>, key)).toMatchObject({ entryIds: [4], to: 2 });
  });
  it('keeps the entries of a selection still there, dropping those someone removed', () => {
    expect(rebase({ kind: 'move', entryIds: [1, 5, 3], beforeId: null }, list(1, 2, 3, 4), key)).toEqual({ kind: 'move', entryIds: [1, 3], beforeId: null });
  });
  it('drops a move of an entry someone removed, or one already in place', () => {
    expect(rebase({ kind: 'move', entryIds: [4], beforeId: 2 }, list(1, 2, 3), key)).toBeNull();
    expect(rebase({ kind: 'move', entryIds: [4], beforeId: 2 }, list(1, 4, 2, 3), key)).toBeNull();
    expect(rebase({ kind: 'move', entryIds: [4, 5], beforeId: 2 }, list(1, 4, 5, 2, 3), key)).toBeNull();
  });
  it('moves to the end when the anchor is gone', () => {
    expect(rebase({ kind: 'move', entryIds: [1], beforeId: 3 }, list(1, 2, 4), key)).toEqual({ kind: 'move', entryIds: [1], beforeId: null });
  });
  it('removes only entries still there', () => {
    expect(rebase({ kind: 'remove', entryIds: [1, 2] }, list(2, 3), key)).toEqual({ kind: 'remove', entryIds: [2] });
    expect(rebase({ kind: 'remove', entryIds: [1] }, list(2, 3), key)).toBeNull();
  });
  it('replays an add with the same idempotency key', () => {
    const add: Intent = { kind: 'add', trackIds: [5], key: 'k1' };
    expect(rebase(add, list(1), key)).toBe(add);
  });
});

describe('versionedEdit', () => {
  it('on 409 takes the server state, re-bases the intent and sends it once more', async () => {
    const sent: { intent: Intent; version: number }[] = [];
    const server: S = { version: 5, entries: list(7, 1, 2, 3, 4) };
    const conflicts: S[] = [];
    const result = await versionedEdit<S>({
      base: { version: 4, entries: list(1, 2, 3, 4) },
      intent: { kind: 'move', entryIds: [4], beforeId: 2 },
      send: async (intent, state) => {
        sent.push({ intent, version: state.version });
        if (state.version !== server.version) throw new ConflictError(structuredClone(server));
        return { version: state.version + 1, entries: predict(state.entries, intent, key) };
      },
      entriesOf: (s) => s.entries,
      keyOf: key,
      onConflict: (c) => conflicts.push(c),
      sleep: noSleep,
    });
    expect(sent.map((s) => s.version)).toEqual([4, 5]);
    expect(conflicts).toHaveLength(1);
    expect(result.reapplied).toBe(true);
    expect(ids(result.state.entries)).toEqual([7, 1, 4, 2, 3]);
    expect(result.state.version).toBe(6);
  });

  it('a second 409 is thrown with the newest state (no loop)', async () => {
    let calls = 0;
    const err = await versionedEdit<S>({
      base: { version: 1, entries: list(1, 2) },
      intent: { kind: 'remove', entryIds: [1] },
      send: async () => {
        calls++;
        throw new ConflictError({ version: 1 + calls, entries: list(1, 2) });
      },
      entriesOf: (s) => s.entries,
      keyOf: key,
      sleep: noSleep,
    }).catch((e: unknown) => e);
    expect(calls).toBe(2);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError<S>).current.version).toBe(3);
  });

  it('nothing left to do after the 409: no second request', async () => {
    let calls = 0;
    const result = await versionedEdit<S>({
      base: { version: 1, entries: list(1, 2) },
      intent: { kind: 'remove', entryIds: [1] },
      send: async () => {
        calls++;
        throw new ConflictError({ version: 2, entries: list(2) });
      },
      entriesOf: (s) => s.entries,
      keyOf: key,
      sleep: noSleep,
    });
    expect(calls).toBe(1);
    expect(result).toMatchObject({ reapplied: true, dropped: true });
  });

  it('retries network and 5xx failures with the same request; 4xx is final', async () => {
    const seen: Intent[] = [];
    const add: Intent = { kind: 'add', trackIds: [3], key: 'same-key' };
    let n = 0;
    const result = await versionedEdit<S>({
      base: { version: 1, entries: list(1) },
      intent: add,
      send: async (intent, s) => {
        seen.push(intent);
        n++;
        if (n === 1) throw Object.assign(new Error('offline'), { status: 0 });
        if (n === 2) throw Object.assign(new Error('busy'), { status: 503 });
        return { version: s.version + 1, entries: list(1, 3) };
      },
      entriesOf: (s) => s.entries,
      keyOf: key,
      sleep: noSleep,
    });
    expect(seen).toEqual([add, add, add]);
    expect(ids(result.state.entries)).toEqual([1, 3]);

    let calls = 0;
    await expect(
      versionedEdit<S>({
        base: { version: 1, entries: list(1) },
        intent: add,
        send: async () => {
          calls++;
          throw Object.assign(new Error('bad'), { status: 400 });
        },
        entriesOf: (s) => s.entries,
        keyOf: key,
        sleep: noSleep,
      }),
    ).rejects.toThrow('bad');
    expect(calls).toBe(1);
  });
});
