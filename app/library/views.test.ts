// Listening stats on hand-made and generated histories (deterministic seed), with exact numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlayReport } from '../contract/index.ts';
import { mulberry32 } from '../testing/random.ts';
import { fixture, type Fixture } from './testing/fixture.ts';
import { dayString, mondayOf } from './views.ts';

const day = 86_400_000;
const MON = Date.UTC(2024, 0, 1); // Monday 2024-01-01
let f: Fixture;

beforeAll(() => {
  f = fixture([
    { title: 'A1', artist: 'Ann', album: 'Ann LP', genres: ['Rock'], durationMs: 200_000 },
    { title: 'A2', artist: 'Ann', album: 'Ann LP', genres: ['Rock', 'Pop'], durationMs: 100_000 },
    { title: 'B1', artist: 'Bob', album: 'Bob LP', genres: ['Jazz'], durationMs: 300_000 },
  ], { now: () => MON + 30 * day });
});
afterAll(() => f.cleanup());

describe('listening stats', () => {
  it('buckets by local day and ISO week, and ranks artists, albums and genres (hand-made history)', () => {
    const [a1, a2, b1] = f.ids as [number, number, number];
    const ev = (id: string, trackId: number, startedAt: number, msListened: number): PlayReport => ({ clientEventId: id, trackId, startedAt, msListened, completed: false, source: 'album' });
    f.listening.history.record([
      ev('h1', a1, MON + 10 * 3_600_000, 200_000), // Mon 10:00 UTC, counted
      ev('h2', a2, MON + 23.5 * 3_600_000, 10_000), // Mon 23:30 UTC = Tue 00:30 at UTC+1; skip, not counted
      ev('h3', b1, MON + 6 * day + 12 * 3_600_000, 120_000), // Sun: counted
      ev('h4', b1, MON + 7 * day + 1_000, 60_000), // next Monday: counted
    ]);
    const s = f.listening.views.stats({ from: MON, to: MON + 8 * day, tzOffsetMin: 60, top: 10 });
    expect(s.totalMs).toBe(390_000);
    expect(s.plays).toBe(3);
    expect(s.days.map((d) => [d.date, d.ms, d.plays])).toEqual([
      ['2024-01-01', 200_000, 1], ['2024-01-02', 10_000, 0], ['2024-01-03', 0, 0], ['2024-01-04', 0, 0], ['2024-01-05', 0, 0],
      ['2024-01-06', 0, 0], ['2024-01-07', 120_000, 1], ['2024-01-08', 60_000, 1], ['2024-01-09', 0, 0],
    ]);
    expect(s.weeks).toEqual([{ date: '2024-01-01', ms: 330_000, plays: 2 }, { date: '2024-01-08', ms: 60_000, plays: 1 }]);
    expect(s.topArtists.map((a) => [a.artist.name, a.ms, a.plays])).toEqual([['Ann', 210_000, 1], ['Bob', 180_000, 2]]);
    expect(s.topAlbums.map((a) => [a.album.title, a.ms, a.plays])).toEqual([['Ann LP', 210_000, 1], ['Bob LP', 180_000, 2]]);
    expect(s.topGenres.map((g) => [g.genre.name, g.ms, g.plays])).toEqual([['Rock', 210_000, 1], ['Jazz', 180_000, 2], ['Pop', 10_000, 0]]);
    expect(f.listening.views.mostPlayed({ range: 'all', offset: 0, limit: 10 }).items.map((p) => [p.track.title, p.plays])).toEqual([['B1', 2], ['A1', 1]]);
    expect(f.listening.views.recentlyPlayed({ offset: 0, limit: 10 }).items.map((p) => p.track.title)).toEqual(['B1', 'A1']);
  });

  it('matches a reference computation on a generated history (seed 7, 500 events over 21 days)', () => {
    const rnd = mulberry32(7);
    const start = MON + 14 * day;
    const reports: PlayReport[] = [];
    for (let i = 0; i < 500; i++) {
      const trackId = f.ids[Math.floor(rnd() * 3)] ?? 0;
      reports.push({ clientEventId: `g${i}`, trackId, startedAt: start + Math.floor(rnd() * 21 * day), msListened: Math.floor(rnd() * 90_000), completed: false, source: 'queue' });
    }
    f.listening.history.record(reports);
    const durations = new Map(f.ids.map((id, i) => [id, [200_000, 100_000, 300_000][i] ?? 0]));
    const tz = -300; // UTC-5
    const s = f.listening.views.stats({ from: start, to: start + 21 * day, tzOffsetMin: tz, top: 5 });
    // Reference: the play rule and bucketing written out independently.
    const days = new Map<string, { ms: number; plays: number }>();
    const weeks = new Map<string, { ms: number; plays: number }>();
    let total = 0;
    let plays = 0;
    for (const r of reports) {
      const counted = r.msListened >= Math.min(30_000, (durations.get(r.trackId) ?? 0) / 2) ? 1 : 0;
      const d = Math.floor((r.startedAt + tz * 60_000) / day);
      for (const [map, key] of [[days, dayString(d)], [weeks, dayString(mondayOf(d))]] as const) {
        const b = map.get(key) ?? { ms: 0, plays: 0 };
        b.ms += r.msListened;
        b.plays += counted;
        map.set(key, b);
      }
      total += r.msListened;
      plays += counted;
    }
    expect(s.totalMs).toBe(total);
    expect(s.plays).toBe(plays);
    expect(s.days).toHaveLength(22); // UTC-5 shifts the range across 22 local days
    for (const d of s.days) expect([d.ms, d.plays]).toEqual([days.get(d.date)?.ms ?? 0, days.get(d.date)?.plays ?? 0]);
    for (const w of s.weeks) expect([w.ms, w.plays]).toEqual([weeks.get(w.date)?.ms ?? 0, weeks.get(w.date)?.plays ?? 0]);
    expect(s.weeks.reduce((a, w) => a + w.ms, 0)).toBe(total);
    // Exact figures for this seed (guards the generator and the rule together).
    expect({ total, plays, events: reports.length }).toMatchInlineSnapshot(`
      {
        "events": 500,
        "plays": 339,
        "total": 22743999,
      }
    `);
  });
});
