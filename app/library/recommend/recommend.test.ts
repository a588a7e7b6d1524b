// Recommendation quality on a synthetic history with planted structure: evening sessions always
// pair artist A with B (and C with D); E is played alone in the mornings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlayReport } from '../../contract/index.ts';
import { mulberry32 } from '../../testing/random.ts';
import { fixture, type Fixture, type FixtureTrack } from '../testing/fixture.ts';
import { createLookup } from './engine.ts';
import { buildModel, hourWeight, sessionsOf } from './model.ts';

const day = 86_400_000;
const hour = 3_600_000;
const NOW = Date.UTC(2025, 2, 31, 20, 30);
const artists = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
let f: Fixture;
const idOf = new Map<string, number>();
const artistOfTrack = new Map<number, string>();

beforeAll(async () => {
  const tracks: FixtureTrack[] = artists.flatMap((a) => [1, 2, 3, 4, 5, 6].map((n) => ({
    title: `${a}${n}`, artist: `Artist ${a}`, album: `${a} album`, genres: [a === 'C' || a === 'D' ? 'Jazz' : 'Rock'], durationMs: 180_000,
  })));
  let now = NOW;
  f = fixture(tracks, { now: () => now, tzOffsetMin: 0 });
  tracks.forEach((t, i) => {
    idOf.set(t.title, f.ids[i] ?? 0);
    artistOfTrack.set(f.ids[i] ?? 0, t.title.charAt(0));
  });
  const rnd = mulberry32(11);
  const pick = (a: string) => idOf.get(`${a}${1 + Math.floor(rnd() * 6)}`) ?? 0;
  const reports: PlayReport[] = [];
  let n = 0;
  const session = (start: number, trackIds: number[]) => trackIds.forEach((trackId, i) => reports.push({
    clientEventId: `p${n++}`, trackId, startedAt: start + i * 190_000, endedAt: start + i * 190_000 + 180_000, msListened: 180_000, completed: true, source: 'queue',
  }));
  for (let d = 30; d >= 1; d--) {
    const evening = NOW - d * day - 30 * 60_000; // 20:00
    const [x, y] = d % 2 === 0 ? ['A', 'B'] : ['C', 'D'];
    session(evening, [pick(x), pick(y), pick(x), pick(y), pick(x), pick(y)]);
    session(NOW - d * day - 12.5 * hour, [pick('E'), pick('E')]); // 08:00, alone
  }
  // Just now: A1 then B1.
  session(NOW - 10 * 60_000, [idOf.get('A1') ?? 0, idOf.get('B1') ?? 0]);
  f.listening.history.record(reports);
  now = NOW;
  await f.listening.recommender.refresh();
});
afterAll(() => f.cleanup());

describe('sessions and time of day', () => {
  it('splits sessions at 30-minute gaps and weights plays by closeness of the hour', () => {
    const e = (startedAt: number) => ({ trackId: 1, startedAt, endedAt: startedAt + 60_000, msListened: 60_000, counted: true, skipped: false });
    expect(sessionsOf([e(0), e(20 * 60_000), e(20 * 60_000 + 60_000 + 30 * 60_000), e(10 * hour)]).map((s) => s.length)).toEqual([2, 1, 1]);
    expect(hourWeight(20, 20)).toBe(1);
    expect(hourWeight(8, 20)).toBeCloseTo(0.25);
    expect(hourWeight(19, 20)).toBeGreaterThan(hourWeight(16, 20));
  });
});

describe('recommendations on planted structure', () => {
  it('recommends B after A (and D after C), never what was just played', () => {
    const similar = f.listening.recommender.similar(idOf.get('A2') ?? 0, 10).tracks;
    expect(similar.length).toBe(10);
    const top5 = similar.slice(0, 5).map((t) => artistOfTrack.get(t.track.id));
    expect(top5.filter((a) => a === 'B').length).toBeGreaterThanOrEqual(4);
    expect(top5).not.toContain('C');
    expect(top5).not.toContain('D');
    const ids = similar.map((t) => t.track.id);
    expect(ids).not.toContain(idOf.get('A1'));
    expect(ids).not.toContain(idOf.get('B1'));
    expect(ids).not.toContain(idOf.get('A2'));
    for (const t of similar) {
      expect(t.reason.text.length).toBeGreaterThan(0);
      expect(t.reason.sourceTrack ?? t.reason.sourceArtist).toBeDefined();
    }
    const b = similar.find((t) => artistOfTrack.get(t.track.id) === 'B');
    expect(b?.reason.kind === 'co-played' ? b.reason.sourceTrack?.id : b?.reason.sourceArtist?.name).toBe(b?.reason.kind === 'co-played' ? idOf.get('A2') : 'Artist A');

    const afterC = f.listening.recommender.similar(idOf.get('C3') ?? 0, 5).tracks.map((t) => artistOfTrack.get(t.track.id));
    expect(afterC.filter((a) => a === 'D').length).toBeGreaterThanOrEqual(4);
  });

  it('builds explainable daily mixes for the evening, grouping A with B, excluding recent plays', () => {
    const { mixes, status } = f.listening.recommender.mixes();
    expect(status.hour).toBe(20);
    expect(status.sessions).toBe(61);
    expect(mixes.length).toBeGreaterThanOrEqual(2);
    // Evening context: the evening artists lead, E (a morning artist) comes last.
    const seeds = mixes.map((m) => m.seedArtists[0]?.name);
    expect(seeds.indexOf('Artist E')).toBe(seeds.length - 1);
    const ab = mixes.find((m) => m.seedArtists.some((a) => a.name === 'Artist A'));
    expect(ab?.seedArtists.map((a) => a.name).sort()).toEqual(['Artist A', 'Artist B']);
    const all = mixes.flatMap((m) => m.tracks);
    expect(all.map((t) => t.track.id)).not.toContain(idOf.get('A1'));
    expect(all.map((t) => t.track.id)).not.toContain(idOf.get('B1'));
    for (const t of all) expect(t.reason.text).toMatch(/^Because you (play|played) /);
  });

  it('weights by time of day: in the morning the E mix comes first', () => {
    const lookup = createLookup(f.catalog.db);
    const events = lookup.events();
    const meta = lookup.meta([...new Set(events.map((e) => e.trackId))]);
    const evening = buildModel({ events, meta, now: NOW, tzOffsetMin: 0 });
    const morning = buildModel({ events, meta, now: NOW + 12 * hour, tzOffsetMin: 0 });
    const top = (m: typeof evening) => [...m.artistAffinity].sort((x, y) => y[1] - x[1])[0]?.[0];
    expect(lookup.artistName(top(evening) ?? 0)).not.toBe('Artist E');
    expect(lookup.artistName(top(morning) ?? 0)).toBe('Artist E');
    // F was never played: it is never a seed.
    expect([...morning.artistAffinity.keys()].map((a) => lookup.artistName(a))).not.toContain('Artist F');
  });
});
