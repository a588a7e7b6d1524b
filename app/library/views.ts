// Read views over history and the catalog: recently played, most played, recently added and
// listening stats (per day / ISO week, top artists, albums and genres over a range).
import type { Db } from '../catalog/index.ts';
import type { TrackQueries } from '../catalog/queries/index.ts';
import type { ListeningBucket, ListeningStats, Page, PlayedTrack, PlayRange, Track } from '../contract/index.ts';

export interface Views {
  recentlyPlayed(q: { offset: number; limit: number }): Page<PlayedTrack>;
  mostPlayed(q: { range: PlayRange; offset: number; limit: number }): Page<PlayedTrack>;
  recentlyAdded(q: { offset: number; limit: number }): Page<Track>;
  stats(q: { from: number; to: number; tzOffsetMin: number; top: number }): ListeningStats;
}

export const dayMs = 86_400_000;
const rangeDays: Record<Exclude<PlayRange, 'all'>, number> = { week: 7, month: 30, year: 365 };

/** `YYYY-MM-DD` of a day number (days since 1970-01-01). */
export const dayString = (day: number): string => new Date(day * dayMs).toISOString().slice(0, 10);
/** The Monday starting the ISO week of a day number (1970-01-01 was a Thursday). */
export const mondayOf = (day: number): number => day - (((day + 3) % 7) + 7) % 7;

interface Agg { trackId: number; playCount: number; lastPlayedAt: number | null; plays: number; msListened: number }

export function createViews(options: { db: Db; tracks: TrackQueries; now?: () => number }): Views {
  const { db, tracks } = options;
  const now = options.now ?? Date.now;
  const recent = db.prepare<[number, number], Agg>(`SELECT track_id AS trackId, play_count AS playCount, last_played_at AS lastPlayedAt,
    play_count AS plays, ms_listened AS msListened FROM track_plays WHERE last_played_at IS NOT NULL
    ORDER BY last_played_at DESC, track_id DESC LIMIT ? OFFSET ?`);
  const recentCount = db.prepare<[], number>('SELECT count(*) FROM track_plays WHERE last_played_at IS NOT NULL').pluck();
  const mostAll = db.prepare<[number, number], Agg>(`SELECT track_id AS trackId, play_count AS playCount, last_played_at AS lastPlayedAt,
    play_count AS plays, ms_listened AS msListened FROM track_plays WHERE play_count > 0
    ORDER BY play_count DESC, last_played_at DESC, track_id LIMIT ? OFFSET ?`);
  const mostAllCount = db.prepare<[], number>('SELECT count(*) FROM track_plays WHERE play_count > 0').pluck();
  const mostRange = db.prepare<[number, number, number], Agg>(`SELECT e.track_id AS trackId, coalesce(tp.play_count, 0) AS playCount,
    tp.last_played_at AS lastPlayedAt, count(*) AS plays, sum(e.ms_listened) AS msListened
    FROM play_events e LEFT JOIN track_plays tp ON tp.track_id = e.track_id
    WHERE e.counted = 1 AND e.started_at >= ? GROUP BY e.track_id
    ORDER BY plays DESC, max(e.started_at) DESC, e.track_id LIMIT ? OFFSET ?`);
  const mostRangeCount = db.prepare<[number], number>('SELECT count(DISTINCT track_id) FROM play_events WHERE counted = 1 AND started_at >= ?').pluck();
  const added = db.prepare<[number, number], number>('SELECT id FROM tracks ORDER BY added_at DESC, id DESC LIMIT ? OFFSET ?').pluck();
  const trackCount = db.prepare<[], number>('SELECT count(*) FROM tracks').pluck();

  const perDay = db.prepare<[number, number, number], { day: number; ms: number; plays: number }>(`SELECT
    CAST((started_at + ?) / ${dayMs} AS INTEGER) AS day, sum(ms_listened) AS ms, sum(counted) AS plays
    FROM play_events WHERE started_at >= ? AND started_at < ? GROUP BY day`);
  const topArtists = db.prepare<[number, number, number], { id: number; name: string; ms: number; plays: number }>(`SELECT a.id, a.name,
    sum(e.ms_listened) AS ms, sum(e.counted) AS plays
    FROM play_events e JOIN track_artists ta ON ta.track_id = e.track_id AND ta.role = 'artist' JOIN artists a ON a.id = ta.artist_id
    WHERE e.started_at >= ? AND e.started_at < ? GROUP BY a.id ORDER BY ms DESC, plays DESC, a.id LIMIT ?`);
  const topAlbums = db.prepare<[number, number, number], { id: number; title: string; artist: string; coverId: number | null; ms: number; plays: number }>(`SELECT
    al.id, al.title, ar.name AS artist, al.cover_id AS coverId, sum(e.ms_listened) AS ms, sum(e.counted) AS plays
    FROM play_events e JOIN tracks t ON t.id = e.track_id JOIN albums al ON al.id = t.album_id JOIN artists ar ON ar.id = al.album_artist_id
    WHERE e.started_at >= ? AND e.started_at < ? GROUP BY al.id ORDER BY ms DESC, plays DESC, al.id LIMIT ?`);
  const topGenres = db.prepare<[number, number, number], { id: number; name: string; ms: number; plays: number }>(`SELECT g.id, g.name,
    sum(e.ms_listened) AS ms, sum(e.counted) AS plays
    FROM play_events e JOIN track_genres tg ON tg.track_id = e.track_id JOIN genres g ON g.id = tg.genre_id
    WHERE e.started_at >= ? AND e.started_at < ? GROUP BY g.id ORDER BY ms DESC, plays DESC, g.id LIMIT ?`);

  function played(rows: Agg[]): PlayedTrack[] {
    const byId = new Map(tracks.byIds(rows.map((r) => r.trackId)).map((t) => [t.id, t]));
    return rows.flatMap((r) => {
      const track = byId.get(r.trackId);
      return track ? [{ track, playCount: r.playCount, lastPlayedAt: r.lastPlayedAt, plays: r.plays, msListened: r.msListened }] : [];
    });
  }

  return {
    recentlyPlayed: (q) => ({ items: played(recent.all(q.limit, q.offset)), total: recentCount.get() ?? 0, offset: q.offset, limit: q.limit }),
    mostPlayed(q) {
      if (q.range === 'all') return { items: played(mostAll.all(q.limit, q.offset)), total: mostAllCount.get() ?? 0, offset: q.offset, limit: q.limit };
      const since = now() - rangeDays[q.range] * dayMs;
      return { items: played(mostRange.all(since, q.limit, q.offset)), total: mostRangeCount.get(since) ?? 0, offset: q.offset, limit: q.limit };
    },
    recentlyAdded: (q) => ({ items: tracks.byIds(added.all(q.limit, q.offset)), total: trackCount.get() ?? 0, offset: q.offset, limit: q.limit }),
    stats(q) {
      const shift = q.tzOffsetMin * 60_000;
      const firstDay = Math.floor((q.from + shift) / dayMs);
      const lastDay = Math.floor((q.to - 1 + shift) / dayMs);
      const byDay = new Map<number, { ms: number; plays: number }>();
      // SQLite integer division truncates toward zero; shift everything to positive day numbers first.
      const bias = 100_000 * dayMs;
      for (const r of perDay.all(shift + bias, q.from, q.to)) byDay.set(r.day - 100_000, { ms: r.ms, plays: r.plays });
      const days: ListeningBucket[] = [];
      const weeks = new Map<number, ListeningBucket>();
      let totalMs = 0;
      let plays = 0;
      for (let d = firstDay; d <= lastDay; d++) {
        const v = byDay.get(d) ?? { ms: 0, plays: 0 };
        totalMs += v.ms;
        plays += v.plays;
        days.push({ date: dayString(d), ms: v.ms, plays: v.plays });
        const w = mondayOf(d);
        const bucket = weeks.get(w) ?? { date: dayString(w), ms: 0, plays: 0 };
        bucket.ms += v.ms;
        bucket.plays += v.plays;
        weeks.set(w, bucket);
      }
      return {
        from: q.from, to: q.to, tzOffsetMin: q.tzOffsetMin, totalMs, plays, days, weeks: [...weeks.values()],
        topArtists: topArtists.all(q.from, q.to, q.top).map((r) => ({ artist: { id: r.id, name: r.name }, ms: r.ms, plays: r.plays })),
        topAlbums: topAlbums.all(q.from, q.to, q.top).map((r) => ({ album: { id: r.id, title: r.title, artist: r.artist, coverId: r.coverId }, ms: r.ms, plays: r.plays })),
        topGenres: topGenres.all(q.from, q.to, q.top).map((r) => ({ genre: { id: r.id, name: r.name }, ms: r.ms, plays: r.plays })),
      };
    },
  };
}
