// The playlist store's move against a real SQLite file: a selection (contiguous or not) moved up,
// down, to the start and to the end in one transaction; the older single-entry shape; a stale
// version (409 with the current state, nothing written); bad input (nothing written, the version
// untouched); and a failure inside the transaction leaving the stored order as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Playlist } from '../contract/index.ts';
import { LibraryError } from './errors.ts';
import { fixture, type Fixture } from './testing/fixture.ts';

let f: Fixture;
beforeAll(() => {
  f = fixture(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map((title) => ({ title, artist: 'Ann' })));
});
afterAll(() => f.cleanup());

const store = () => f.listening.playlists;
const titles = (p: Playlist | undefined) => p?.entries.map((e) => e.track.title).join('') ?? '';
/** The stored rows, straight from SQLite: titles in position order, and the positions themselves. */
function stored(id: number): { order: string; positions: number[] } {
  const rows = f.catalog.db.prepare<[number], { title: string; position: number }>(`SELECT t.title, e.position FROM playlist_entries e
    JOIN tracks t ON t.id = e.track_id WHERE e.playlist_id = ? ORDER BY e.position, e.id`).all(id);
  return { order: rows.map((r) => r.title).join(''), positions: rows.map((r) => r.position) };
}
/** A fresh playlist A…H and a way to name its entries by their titles. */
function fresh(): { p: Playlist; ids: (letters: string) => number[] } {
  const p = store().create({ name: `P${Math.random()}`, trackIds: f.ids });
  const byTitle = new Map(p.entries.map((e) => [e.track.title, e.id]));
  return { p, ids: (letters) => [...letters].map((l) => byTitle.get(l) as number) };
}
function failure(fn: () => unknown): LibraryError {
  try {
    fn();
  } catch (err) {
    if (err instanceof LibraryError) return err;
    throw err;
  }
  throw new Error('expected a LibraryError');
}

interface Msg { ids: (l: string) => number[]; foreign: number; id: number }

describe('playlists.move: a selection, atomically', () => {
  it.each([
    ['a non-contiguous selection down', 'BE', 4, 'ACDFBEGH'],
    ['a non-contiguous selection up', 'FH', 1, 'AFHBCDEG'],
    ['a non-contiguous selection to the start', 'CEG', 0, 'CEGABDFH'],
    ['a non-contiguous selection to the end', 'ADF', 5, 'BCEGHADF'],
    ['a contiguous block down', 'BCD', 3, 'AEFBCDGH'],
    ['a contiguous block up', 'FG', 0, 'FGABCDEH'],
    ['in the order given, not the playlist order', 'HCA', 2, 'BDHCAEFG'],
    ['one entry', 'A', 7, 'BCDEFGHA'],
    ['everything, reversed', 'HGFEDCBA', 0, 'HGFEDCBA'],
    ['a selection already in place (still one new version)', 'CD', 2, 'ABCDEFGH'],
  ])('moves %s', (_what, letters, to, want) => {
    const { p, ids } = fresh();
    const out = store().move(p.id, { version: p.version, entryIds: ids(letters), to });
    expect(titles(out)).toBe(want);
    expect(out.version).toBe(p.version + 1);
    expect(out.entries.map((e) => e.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(stored(p.id)).toEqual({ order: want, positions: [0, 1, 2, 3, 4, 5, 6, 7] });
    expect(titles(store().get(p.id))).toBe(want);
  });

  it('keeps the older single-entry shape: the entry at `from` to position `to`', () => {
    const { p } = fresh();
    const down = store().move(p.id, { version: p.version, from: 1, to: 5 });
    expect(titles(down)).toBe('ACDEFBGH');
    const up = store().move(p.id, { version: down.version, from: 7, to: 0 });
    expect(titles(up)).toBe('HACDEFBG');
    expect(stored(p.id).order).toBe('HACDEFBG');
  });

  it('a stale version is a conflict carrying the current state, and nothing is written', () => {
    const { p, ids } = fresh();
    const other = store().move(p.id, { version: p.version, entryIds: ids('H'), to: 0 }); // another window
    const err = failure(() => store().move(p.id, { version: p.version, entryIds: ids('AB'), to: 6 }));
    expect(err.kind).toBe('conflict');
    expect(err.message).toBe(`playlist ${p.id} changed: it is at version ${other.version}, the edit was based on ${p.version}`);
    expect(titles(err.current as Playlist)).toBe('HABCDEFG');
    expect((err.current as Playlist).version).toBe(other.version);
    expect(stored(p.id).order).toBe('HABCDEFG');
    expect(store().get(p.id)?.version).toBe(other.version);
  });

  it.each([
    ['an entry of another playlist', (o: { ids: (l: string) => number[]; foreign: number }) => ({ entryIds: [...o.ids('AB'), o.foreign], to: 0 }), 'entryIds.2', (o: Msg) => `entry ${o.foreign} is not in playlist ${o.id}`],
    ['an unknown entry id', (o: { ids: (l: string) => number[] }) => ({ entryIds: [...o.ids('C'), 987654], to: 0 }), 'entryIds.1', (o: Msg) => `entry 987654 is not in playlist ${o.id}`],
    ['an entry named twice', (o: { ids: (l: string) => number[] }) => ({ entryIds: o.ids('ABA'), to: 0 }), 'entryIds.2', (o: Msg) => `entry ${o.ids('A')[0]} is named twice`],
    ['a position past where the block fits', (o: { ids: (l: string) => number[] }) => ({ entryIds: o.ids('ABC'), to: 6 }), 'to', () => 'must be at most 5: the playlist has 8 entries and the move takes 3 of them'],
    ['a `from` past the end', () => ({ from: 8, to: 0 }), 'from', () => "must be below the playlist's length (8)"],
    ['a `to` past the end (single shape)', () => ({ from: 0, to: 8 }), 'to', () => 'must be at most 7'],
  ])('refuses %s with a one-sentence error naming the field, and writes nothing', (_what, body, field, message) => {
    const { p, ids } = fresh();
    const foreign = fresh().p.entries[0]!.id;
    const err = failure(() => store().move(p.id, { version: p.version, ...body({ ids, foreign }) }));
    expect(err.kind).toBe('invalid');
    expect(err.field).toBe(field);
    expect(err.message).toContain(`${field}: ${message({ ids, foreign, id: p.id })}`);
    expect(err.message.split('. ').length).toBe(1);
    expect(store().get(p.id)?.version).toBe(p.version);
    expect(stored(p.id).order).toBe('ABCDEFGH');
  });

  it('an unknown playlist is not found', () => {
    expect(failure(() => store().move(987654, { version: 1, entryIds: [1], to: 0 })).kind).toBe('not-found');
  });

  it('a failure inside the transaction leaves the stored order and version as they were', () => {
    const { p, ids } = fresh();
    const [e] = ids('E');
    const db = f.catalog.db;
    // The database refuses the write of one entry's position, after others were already written.
    db.exec(`CREATE TEMP TRIGGER refuse_move BEFORE UPDATE OF position ON playlist_entries WHEN NEW.id = ${e}
      BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    try {
      expect(() => store().move(p.id, { version: p.version, entryIds: ids('BG'), to: 5 })).toThrow('disk says no');
    } finally {
      db.exec('DROP TRIGGER refuse_move');
    }
    expect(stored(p.id)).toEqual({ order: 'ABCDEFGH', positions: [0, 1, 2, 3, 4, 5, 6, 7] });
    expect(store().get(p.id)?.version).toBe(p.version);
  });

  it('closes the gap a removed file left while moving', () => {
    const { p, ids } = fresh();
    // A file gone from the library leaves a gap in the positions until the next edit.
    f.catalog.db.prepare('DELETE FROM playlist_entries WHERE id = ?').run(ids('C')[0]);
    expect(stored(p.id).positions).toEqual([0, 1, 3, 4, 5, 6, 7]);
    const out = store().move(p.id, { version: p.version, entryIds: ids('GA'), to: 2 });
    expect(titles(out)).toBe('BDGAEFH');
    expect(stored(p.id)).toEqual({ order: 'BDGAEFH', positions: [0, 1, 2, 3, 4, 5, 6] });
  });
});
