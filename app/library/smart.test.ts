// Every smart-playlist rule family against a small catalog with known attributes and history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmartDefinition, SmartRule } from '../contract/index.ts';
import { fixture, type Fixture } from './testing/fixture.ts';
import { smartDefinition as smartDefinitionSchema } from '../contract/index.ts';

const day = 86_400_000;
const NOW = Date.UTC(2025, 5, 1, 12);
let f: Fixture;

beforeAll(() => {
  f = fixture([
    { title: 'Alpha One', artist: 'Alpha', album: 'A1', genres: ['Rock'], year: 1990, durationMs: 100_000, codec: 'FLAC', container: 'FLAC', lossless: true, bitrate: 900_000, addedAt: NOW - 100 * day },
    { title: 'Alpha Two', artist: 'Alpha', album: 'A1', genres: ['Rock', 'Blues'], year: 1995, durationMs: 200_000, addedAt: NOW - 10 * day },
    { title: 'Beta One', artist: 'Béta', album: 'B1', genres: ['Jazz'], year: 2005, durationMs: 300_000, codec: 'Opus', container: 'Ogg', bitrate: 160_000, addedAt: NOW - 5 * day },
    { title: 'Gamma', artist: 'Gamma', album: 'G1', genres: ['Pop'], year: null, durationMs: 400_000, codec: 'AAC', container: 'M4A/mp42', bitrate: 256_000, addedAt: NOW - 1 * day },
    { title: 'Delta 50% off', artist: 'Delta', album: 'D1', year: 2020, durationMs: 250_000, addedAt: NOW - 200 * day },
  ], { now: () => NOW });
  const [t0, t1, t2, , t4] = f.ids as [number, number, number, number, number];
  let n = 0;
  const play = (trackId: number, at: number, ms = 60_000, completed = true) => ({ clientEventId: `e${n++}`, trackId, startedAt: at, msListened: ms, completed, source: 'album' as const });
  f.listening.history.record([play(t0, NOW - 100 * day), play(t0, NOW - 5 * day), play(t0, NOW - day), play(t1, NOW - 120 * day), play(t2, NOW - 2 * day, 5_000, false)]);
  f.listening.prefs.set('track', t0, { favorite: true, rating: 5 });
  f.listening.prefs.set('track', t1, { favorite: true, rating: 3 });
  f.listening.prefs.set('track', t4, { rating: 1 });
});
afterAll(() => f.cleanup());

const run = (def: SmartDefinition) => f.listening.smart.evaluate(smartDefinitionSchema.parse(def) as SmartDefinition, { offset: 0, limit: 100 }).items.map((t) => f.ids.indexOf(t.id));
const matches = (...rules: SmartRule[]) => run({ match: 'all', rules }).sort();

describe('smart playlist rules', () => {
  it('genre: is / isNot / contains / notContains / startsWith (case- and diacritic-insensitive)', () => {
    expect(matches({ field: 'genre', op: 'is', value: 'ROCK' })).toEqual([0, 1]);
    expect(matches({ field: 'genre', op: 'isNot', value: 'rock' })).toEqual([2, 3, 4]);
    expect(matches({ field: 'genre', op: 'contains', value: 'lue' })).toEqual([1]);
    expect(matches({ field: 'genre', op: 'notContains', value: 'o' })).toEqual([2, 4]);
    expect(matches({ field: 'genre', op: 'startsWith', value: 'po' })).toEqual([3]);
  });
  it('artist, album artist, album and title text rules; LIKE wildcards in values are literal', () => {
    expect(matches({ field: 'artist', op: 'is', value: 'beta' })).toEqual([2]);
    expect(matches({ field: 'artist', op: 'contains', value: 'LPH' })).toEqual([0, 1]);
    expect(matches({ field: 'albumArtist', op: 'is', value: 'delta' })).toEqual([4]);
    expect(matches({ field: 'album', op: 'is', value: 'a1' })).toEqual([0, 1]);
    expect(matches({ field: 'title', op: 'startsWith', value: 'alpha' })).toEqual([0, 1]);
    expect(matches({ field: 'title', op: 'contains', value: '50%' })).toEqual([4]);
    expect(matches({ field: 'title', op: 'contains', value: '_' })).toEqual([]);
    expect(matches({ field: 'title', op: 'contains', value: "'; DROP TABLE tracks; --" })).toEqual([]);
  });
  it('format: codec, container, lossless', () => {
    expect(matches({ field: 'codec', op: 'is', value: 'flac' })).toEqual([0]);
    expect(matches({ field: 'container', op: 'contains', value: 'ogg' })).toEqual([2]);
    expect(matches({ field: 'lossless', value: true })).toEqual([0]);
    expect(matches({ field: 'lossless', value: false })).toEqual([1, 2, 3, 4]);
  });
  it('year: eq / ne / gt / gte / lt / lte / between (unknown years never match)', () => {
    expect(matches({ field: 'year', op: 'eq', value: 1990 })).toEqual([0]);
    expect(matches({ field: 'year', op: 'ne', value: 1990 })).toEqual([1, 2, 4]);
    expect(matches({ field: 'year', op: 'gt', value: 2000 })).toEqual([2, 4]);
    expect(matches({ field: 'year', op: 'gte', value: 2005 })).toEqual([2, 4]);
    expect(matches({ field: 'year', op: 'lt', value: 1995 })).toEqual([0]);
    expect(matches({ field: 'year', op: 'lte', value: 1995 })).toEqual([0, 1]);
    expect(matches({ field: 'year', op: 'between', value: 1991, value2: 2010 })).toEqual([1, 2]);
  });
  it('play count (all time and within N days) and skip count', () => {
    expect(matches({ field: 'playCount', op: 'gte', value: 1 })).toEqual([0, 1]);
    expect(matches({ field: 'playCount', op: 'eq', value: 0 })).toEqual([2, 3, 4]);
    expect(matches({ field: 'playCount', op: 'gte', value: 2, withinDays: 30 })).toEqual([0]);
    expect(matches({ field: 'skipCount', op: 'gt', value: 0 })).toEqual([2]);
  });
  it('rating, duration and bitrate', () => {
    expect(matches({ field: 'rating', op: 'gte', value: 3 })).toEqual([0, 1]);
    expect(matches({ field: 'rating', op: 'eq', value: 0 })).toEqual([2, 3]);
    expect(matches({ field: 'durationMs', op: 'lt', value: 250_000 })).toEqual([0, 1]);
    expect(matches({ field: 'durationMs', op: 'between', value: 250_000, value2: 300_000 })).toEqual([2, 4]);
    expect(matches({ field: 'bitrate', op: 'gt', value: 500_000 })).toEqual([0]);
  });
  it('added date: inLast / notInLast / before / after', () => {
    expect(matches({ field: 'addedAt', op: 'inLast', days: 7 })).toEqual([2, 3]);
    expect(matches({ field: 'addedAt', op: 'notInLast', days: 30 })).toEqual([0, 4]);
    expect(matches({ field: 'addedAt', op: 'before', value: NOW - 150 * day })).toEqual([4]);
    expect(matches({ field: 'addedAt', op: 'after', value: NOW - 6 * day })).toEqual([2, 3]);
  });
  it('last played: inLast / notInLast (never played included) / never / before / after', () => {
    expect(matches({ field: 'lastPlayed', op: 'inLast', days: 7 })).toEqual([0]);
    expect(matches({ field: 'lastPlayed', op: 'notInLast', days: 90 })).toEqual([1, 2, 3, 4]);
    expect(matches({ field: 'lastPlayed', op: 'never' })).toEqual([2, 3, 4]);
    expect(matches({ field: 'lastPlayed', op: 'before', value: NOW - 90 * day })).toEqual([1]);
    expect(matches({ field: 'lastPlayed', op: 'after', value: NOW - 2 * day })).toEqual([0]);
  });
  it('favorite', () => {
    expect(matches({ field: 'favorite', value: true })).toEqual([0, 1]);
    expect(matches({ field: 'favorite', value: false })).toEqual([2, 3, 4]);
  });
  it('all / any', () => {
    expect(run({ match: 'all', rules: [{ field: 'favorite', value: true }, { field: 'lastPlayed', op: 'notInLast', days: 90 }] })).toEqual([1]);
    expect(run({ match: 'any', rules: [{ field: 'genre', op: 'is', value: 'jazz' }, { field: 'year', op: 'eq', value: 1990 }] }).sort()).toEqual([0, 2]);
    expect(run({ match: 'any', rules: [] }).sort()).toEqual([0, 1, 2, 3, 4]);
  });
  it('sort, limit and paging within the limit', () => {
    expect(run({ match: 'all', rules: [], sort: { by: 'durationMs', order: 'desc' } })).toEqual([3, 2, 4, 1, 0]);
    expect(run({ match: 'all', rules: [], sort: { by: 'title', order: 'asc' } })).toEqual([0, 1, 2, 4, 3]);
    expect(run({ match: 'all', rules: [], sort: { by: 'playCount', order: 'desc' }, limit: 2 })).toEqual([0, 1]);
    expect(run({ match: 'all', rules: [], sort: { by: 'year', order: 'asc' } })).toEqual([3, 0, 1, 2, 4]);
    expect(run({ match: 'all', rules: [], sort: { by: 'rating', order: 'desc' } }).slice(0, 3)).toEqual([0, 1, 4]);
    expect(run({ match: 'all', rules: [], sort: { by: 'lastPlayed', order: 'desc' } }).slice(0, 2)).toEqual([0, 1]);
    const shuffled = run({ match: 'all', rules: [], sort: { by: 'random', order: 'asc' } });
    expect(shuffled.slice().sort()).toEqual([0, 1, 2, 3, 4]);
    expect(run({ match: 'all', rules: [], sort: { by: 'random', order: 'asc' } })).toEqual(shuffled);
    const def = smartDefinitionSchema.parse({ match: 'all', rules: [], sort: { by: 'durationMs', order: 'desc' }, limit: 3 }) as SmartDefinition;
    const page = f.listening.smart.evaluate(def, { offset: 2, limit: 5 });
    expect(page.total).toBe(3);
    expect(page.items.map((t) => f.ids.indexOf(t.id))).toEqual([4]);
  });
  it('built-ins, updating live after a new play', () => {
    const builtIn = (key: string) => {
      const s = f.listening.smart.list().find((x) => x.builtIn === key);
      if (!s) throw new Error(key);
      return () => f.listening.smart.tracks(s.id, { offset: 0, limit: 100 }).items.map((t) => f.ids.indexOf(t.id));
    };
    const never = builtIn('never-played');
    const heavy = builtIn('heavy-rotation');
    const forgotten = builtIn('forgotten-favorites');
    expect(never().sort()).toEqual([2, 3, 4]);
    expect(heavy()).toEqual([0]);
    expect(forgotten()).toEqual([1]);
    const t3 = f.ids[3] ?? 0;
    f.listening.history.record([1, 2, 3].map((i) => ({ clientEventId: `live-${i}`, trackId: t3, startedAt: NOW - i * 3_600_000, msListened: 200_000, completed: true, source: 'search' as const })));
    expect(never().sort()).toEqual([2, 4]);
    expect(heavy()).toEqual([3, 0]);
  });
  it('rejects bad rules naming the field', () => {
    const issue = (def: unknown) => smartDefinitionSchema.safeParse(def).error?.issues[0]?.path.join('.');
    expect(issue({ match: 'all', rules: [{ field: 'year', op: 'between', value: 2000 }] })).toBe('rules.0.value2');
    expect(issue({ match: 'all', rules: [{ field: 'addedAt', op: 'inLast' }] })).toBe('rules.0.days');
    expect(issue({ match: 'some', rules: [] })).toBe('match');
    expect(issue({ match: 'all', rules: [], limit: 0 })).toBe('limit');
    expect(issue({ match: 'all', rules: [{ field: 'genre', op: 'is', value: '' }] })).toBe('rules.0.value');
  });
});
