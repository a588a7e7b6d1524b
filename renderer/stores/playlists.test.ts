// The playlists store against an in-memory fake of the playlist API (versions, 409 with `current`,
// idempotency keys): concurrent edits from "another window", and adds retried after lost answers.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Playlist, PlaylistAdd, PlaylistAddResult, PlaylistMove, PlaylistRemove, PlaylistUpdate, Track } from '../../app/contract/index.ts';
import { ApiRequestError } from '../api/client.ts';

const fake = vi.hoisted(() => ({
  state: null as unknown as Playlist,
  keys: new Map<string, unknown>(),
  nextEntry: 100,
  calls: [] as string[],
  conflicts: 0,
  /** Fail the next N requests after applying them (the answer is lost). */
  loseAnswers: 0,
  /** Fail the next N moves without applying them (the server cannot be reached). */
  failMoves: 0,
  /** GETs of the playlist (the store asking for the server's state). */
  gets: 0,
  /** Runs once right after a 409 was answered. */
  afterConflict: null as null | (() => void),
}));

function track(id: number): Track {
  return {
    id, title: `T${id}`, artist: 'A', artists: [], albumId: null, album: null, albumArtist: null, albumArtistId: null, trackNo: null,
    discNo: null, year: null, durationMs: 1000, genres: [], container: null, codec: null, lossless: false, bitrate: null, sampleRate: null,
    bitDepth: null, channels: null, size: 0, coverId: null, addedAt: 0, gain: null, hasLyrics: false,
  };
}

function snapshot(): Playlist {
  return structuredClone(fake.state);
}
function bump(): Playlist {
  fake.state.version++;
  fake.state.entries.forEach((e, i) => (e.position = i));
  fake.state.trackCount = fake.state.entries.length;
  return snapshot();
}
function checkVersion(v: number | undefined): void {
  if (v !== undefined && v !== fake.state.version) {
    fake.conflicts++;
    const error = new ApiRequestError(409, 'stale', undefined, { error: { status: 409, message: 'stale' }, current: snapshot() });
    const after = fake.afterConflict;
    fake.afterConflict = null;
    after?.();
    throw error;
  }
}
function answer<T>(value: T): T {
  if (fake.loseAnswers > 0) {
    fake.loseAnswers--;
    throw new ApiRequestError(0, 'Cannot reach the library (connection reset)');
  }
  return value;
}

vi.mock('../api/playlists.ts', () => ({
  playlistClient: {
    get: async () => {
      fake.gets++;
      return snapshot();
    },
    list: async () => [],
    add: async (_id: number, body: PlaylistAdd): Promise<PlaylistAddResult> => {
      fake.calls.push(`add:${body.key}`);
      const stored = fake.keys.get(body.key) as PlaylistAddResult | undefined;
      if (stored) return answer({ ...stored, replayed: true });
      checkVersion(body.version);
      const entryIds: number[] = [];
      for (const t of body.trackIds ?? []) {
        const id = fake.nextEntry++;
        entryIds.push(id);
        fake.state.entries.push({ id, position: 0, track: track(t), addedAt: 0 });
      }
      const result = { playlist: bump(), entryIds, added: entryIds.length, replayed: false };
      fake.keys.set(body.key, result);
      return answer(result);
    },
    move: async (_id: number, body: PlaylistMove) => {
      const moving = body.entryIds ?? [fake.state.entries[body.from ?? -1]?.id ?? 0];
      fake.calls.push(`move:${moving.join(',')}->${body.to}@${body.version}`);
      if (fake.failMoves > 0) {
        fake.failMoves--;
        throw new ApiRequestError(0, 'Cannot reach the library (connection reset)');
      }
      checkVersion(body.version);
      const rest = fake.state.entries.filter((e) => !moving.includes(e.id));
      const taken = moving.map((m) => fake.state.entries.find((e) => e.id === m)).filter((e) => e !== undefined);
      fake.state.entries = [...rest.slice(0, body.to), ...taken, ...rest.slice(body.to)];
      return answer(bump());
    },
    removeEntries: async (_id: number, body: PlaylistRemove) => {
      fake.calls.push(`remove:${body.entryIds.join(',')}@${body.version}`);
      checkVersion(body.version);
      fake.state.entries = fake.state.entries.filter((e) => !body.entryIds.includes(e.id));
      return answer(bump());
    },
    update: async (_id: number, body: PlaylistUpdate) => {
      checkVersion(body.version);
      if (body.name !== undefined) fake.state.name = body.name;
      return answer(bump());
    },
  },
}));

const { playlistsActions, resetPlaylistsForTests, usePlaylists } = await import('./playlists.ts');

const order = () => usePlaylists.getState().shown.get(1)?.entries.map((e) => e.track.id);
const serverOrder = () => fake.state.entries.map((e) => e.track.id);

beforeEach(async () => {
  resetPlaylistsForTests();
  fake.keys.clear();
  fake.calls = [];
  fake.conflicts = 0;
  fake.loseAnswers = 0;
  fake.failMoves = 0;
  fake.afterConflict = null;
  fake.nextEntry = 100;
  fake.state = {
    id: 1, name: 'Mix', description: '', version: 1, trackCount: 4, durationMs: 4000, coverIds: [], createdAt: 0, updatedAt: 0,
    entries: [1, 2, 3, 4].map((t, i) => ({ id: 10 + t, position: i, track: track(t), addedAt: 0 })),
  };
  await playlistsActions.load(1);
});

/** Another window edits the playlist behind this store's back. */
function otherWindow(fn: (p: Playlist) => void): void {
  fn(fake.state);
  bump();
}

describe('playlists store', () => {
  it('moves with the current version', async () => {
    await playlistsActions.move(1, [14], 12); // T4 before T2
    expect(fake.calls).toEqual(['move:14->1@1']);
    expect(order()).toEqual([1, 4, 2, 3]);
    expect(serverOrder()).toEqual([1, 4, 2, 3]);
  });

  it('moves a non-contiguous selection with one request', async () => {
    const done = playlistsActions.move(1, [11, 13], null); // T1 and T3 to the end
    expect(order()).toEqual([2, 4, 1, 3]); // shown at once
    await done;
    expect(fake.calls).toEqual(['move:11,13->2@1']);
    expect(serverOrder()).toEqual([2, 4, 1, 3]);
    expect(order()).toEqual([2, 4, 1, 3]);
  });

  it('a move that cannot reach the server shows the server state again, with one error', async () => {
    const { useToasts, toastActions } = await import('./toasts.ts');
    for (const t of useToasts.getState().toasts) toastActions.dismiss(t.id);
    fake.failMoves = 10;
    const gets = fake.gets;
    const done = playlistsActions.move(1, [12, 14], 11);
    expect(order()).toEqual([2, 4, 1, 3]); // optimistic
    await done;
    expect(fake.calls.every((c) => c === 'move:12,14->0@1')).toBe(true); // the same request, retried as is
    expect(serverOrder()).toEqual([1, 2, 3, 4]);
    expect(order()).toEqual([1, 2, 3, 4]);
    expect(fake.gets).toBe(gets + 1); // asked the server what it has
    const errors = useToasts.getState().toasts.filter((t) => t.kind === 'error');
    expect(errors.map((t) => t.message)).toEqual(["Couldn't move the 2 tracks: Cannot reach the library (connection reset)"]);
  });

  it('a stale move gets exactly one 409, is re-applied to the current state, and nothing is lost', async () => {
    // The other window inserted T9 at the top and removed T3.
    otherWindow((p) => {
      p.entries.unshift({ id: 99, position: 0, track: track(9), addedAt: 0 });
      p.entries = p.entries.filter((e) => e.track.id !== 3);
    });
    const done = playlistsActions.move(1, [14], 12); // still "T4 before T2"
    expect(order()).toEqual([1, 4, 2, 3]); // optimistic, on the old state
    await done;
    expect(fake.conflicts).toBe(1);
    expect(fake.calls).toEqual(['move:14->1@1', 'move:14->2@2']);
    // The other window's edits survive, and the user's move is applied on top.
    expect(serverOrder()).toEqual([9, 1, 4, 2]);
    expect(order()).toEqual([9, 1, 4, 2]);
    expect(usePlaylists.getState().shown.get(1)?.version).toBe(3);
  });

  it('a stale remove of an entry already removed elsewhere just shows the server state', async () => {
    otherWindow((p) => {
      p.entries = p.entries.filter((e) => e.id !== 12);
    });
    await playlistsActions.removeEntries(1, [12]);
    expect(fake.conflicts).toBe(1);
    expect(fake.calls).toEqual(['remove:12@1']);
    expect(order()).toEqual([1, 3, 4]);
  });

  it('an add whose answer is lost is retried with the same key and never duplicates', async () => {
    fake.loseAnswers = 2; // applied on the server, twice the answer never arrives
    await playlistsActions.add(1, { trackIds: [7] });
    const keys = fake.calls.filter((c) => c.startsWith('add:'));
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(serverOrder()).toEqual([1, 2, 3, 4, 7]);
    expect(order()).toEqual([1, 2, 3, 4, 7]);
  });

  it('adds are appends sent without a version: no 409 even when the playlist moved on', async () => {
    otherWindow((p) => p.entries.reverse());
    await playlistsActions.add(1, { trackIds: [8] });
    expect(fake.conflicts).toBe(0);
    expect(serverOrder()).toEqual([4, 3, 2, 1, 8]);
  });

  it('a second 409 (edited elsewhere again) stops: the newest server state is shown, with an error', async () => {
    const { useToasts } = await import('./toasts.ts');
    otherWindow((p) => p.entries.reverse());
    // Right after answering the first 409, the other window edits again (before the re-applied move lands).
    fake.afterConflict = () => otherWindow((p) => p.entries.push({ id: 98, position: 0, track: track(8), addedAt: 0 }));
    await playlistsActions.move(1, [14], 12);
    expect(fake.conflicts).toBe(2);
    expect(fake.calls.filter((c) => c.startsWith('move'))).toHaveLength(2);
    expect(order()).toEqual(serverOrder());
    expect(serverOrder()).toEqual([4, 3, 2, 1, 8]);
    expect(useToasts.getState().toasts.some((t) => t.kind === 'error' && t.message.startsWith("Couldn't move"))).toBe(true);
  });

  it('edits made quickly one after another each use the version of the previous answer', async () => {
    await Promise.all([
      playlistsActions.move(1, [11], null), // T1 to the end
      playlistsActions.removeEntries(1, [13]),
      playlistsActions.rename(1, 'Renamed', ''),
    ]);
    expect(fake.conflicts).toBe(0);
    expect(serverOrder()).toEqual([2, 4, 1]);
    expect(usePlaylists.getState().shown.get(1)?.name).toBe('Renamed');
  });

  it('forgets a playlist the server no longer has (its page answered 404): gone from the list and the page, the others stay', () => {
    const { entries: _entries, ...mix } = snapshot();
    usePlaylists.setState({ summaries: [{ ...mix, id: 2, name: 'Other' }, mix] });
    playlistsActions.forget(1);
    expect(usePlaylists.getState().shown.has(1)).toBe(false);
    expect(usePlaylists.getState().summaries?.map((x) => x.name)).toEqual(['Other']);
  });
});
