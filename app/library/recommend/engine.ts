// Recommendations from a model: daily mixes (computed in the background) and similar tracks (at
// request time from the cached model plus a few indexed lookups). Every pick carries its reason.
import type { Db } from '../../catalog/index.ts';
import type { RecommendationReason } from '../../contract/index.ts';
import { buildModel, type HistoryEvent, type Model, type TrackMeta } from './model.ts';

export interface Pick {
  trackId: number;
  score: number;
  reason: RecommendationReason;
}

export interface MixPlan {
  id: number;
  title: string;
  description: string;
  seedArtists: { id: number; name: string }[];
  picks: Pick[];
}

export interface Computation {
  model: Model;
  mixes: MixPlan[];
  elapsedMs: number;
}

/** The catalog lookups recommendations need, as prepared statements. */
export interface Lookup {
  events(): HistoryEvent[];
  meta(trackIds: readonly number[]): Map<number, TrackMeta>;
  tracksOfArtist(artistId: number, limit: number): number[];
  tracksOfGenre(genreId: number, limit: number): number[];
  track(id: number): { title: string; artist: string } | undefined;
  artistName(id: number): string;
  genreName(id: number): string;
}

export const maxEvents = 200_000;

export function createLookup(db: Db): Lookup {
  const events = db.prepare<[number], { trackId: number; startedAt: number; endedAt: number; msListened: number; counted: number; skipped: number }>(
    `SELECT trackId, startedAt, endedAt, msListened, counted, skipped FROM (SELECT id, track_id AS trackId, started_at AS startedAt, ended_at AS endedAt, ms_listened AS msListened, counted, skipped
     FROM play_events ORDER BY started_at DESC, id DESC LIMIT ?) ORDER BY startedAt, id`);
  const artists = db.prepare<[string], { trackId: number; id: number }>(`SELECT track_id AS trackId, artist_id AS id FROM track_artists
    WHERE role = 'artist' AND track_id IN (SELECT value FROM json_each(?)) ORDER BY track_id, position`);
  const genres = db.prepare<[string], { trackId: number; id: number }>(`SELECT track_id AS trackId, genre_id AS id FROM track_genres
    WHERE track_id IN (SELECT value FROM json_each(?))`);
  // A stable pseudo-random order, so the same artist does not always offer its first-scanned tracks.
  const ofArtist = db.prepare<[number, number], number>(`SELECT track_id FROM track_artists WHERE artist_id = ? AND role = 'artist'
    ORDER BY (track_id * 2654435761) % 4294967296 LIMIT ?`).pluck();
  const ofGenre = db.prepare<[number, number], number>(`SELECT track_id FROM track_genres WHERE genre_id = ?
    ORDER BY (track_id * 2654435761) % 4294967296 LIMIT ?`).pluck();
  const track = db.prepare<[number], { title: string; artist: string }>('SELECT title, artist_display AS artist FROM tracks WHERE id = ?');
  const artistName = db.prepare<[number], string>('SELECT name FROM artists WHERE id = ?').pluck();
  const genreName = db.prepare<[number], string>('SELECT name FROM genres WHERE id = ?').pluck();
  return {
    events: () => events.all(maxEvents).map((e) => ({ ...e, counted: e.counted === 1, skipped: e.skipped === 1 })),
    meta(ids) {
      const out = new Map<number, TrackMeta>();
      for (let i = 0; i < ids.length; i += 20_000) {
        const json = JSON.stringify(ids.slice(i, i + 20_000));
        for (const r of artists.iterate(json)) {
          let m = out.get(r.trackId);
          if (!m) out.set(r.trackId, (m = { artists: [], genres: [] }));
          m.artists.push(r.id);
        }
        for (const r of genres.iterate(json)) {
          let m = out.get(r.trackId);
          if (!m) out.set(r.trackId, (m = { artists: [], genres: [] }));
          m.genres.push(r.id);
        }
      }
      return out;
    },
    tracksOfArtist: (id, limit) => ofArtist.all(id, limit),
    tracksOfGenre: (id, limit) => ofGenre.all(id, limit),
    track: (id) => track.get(id),
    artistName: (id) => artistName.get(id) ?? 'an artist',
    genreName: (id) => genreName.get(id) ?? 'a genre',
  };
}

const quote = (s: string) => `“${s}”`;

class Candidates {
  readonly picks = new Map<number, Pick>();
  readonly exclude: (id: number) => boolean;
  constructor(exclude: (id: number) => boolean) {
    this.exclude = exclude;
  }
  /** Adds score to a track; the reason of its strongest single contribution is kept. */
  offer(trackId: number, score: number, reason: () => RecommendationReason, best = new Map<number, number>()): void {
    if (score <= 0 || this.exclude(trackId)) return;
    const cur = this.picks.get(trackId);
    if (!cur) {
      this.picks.set(trackId, { trackId, score, reason: reason() });
      best.set(trackId, score);
      return;
    }
    cur.score += score;
    if (score > (best.get(trackId) ?? 0)) {
      cur.reason = reason();
      best.set(trackId, score);
    }
  }
  top(n: number): Pick[] {
    return [...this.picks.values()].sort((a, b) => b.score - a.score || a.trackId - b.trackId).slice(0, n);
  }
}

/** Tracks similar to `trackId`: co-played tracks, tracks of co-played artists, the same artist, the same genres. */
export function similarTracks(model: Model, lookup: Lookup, trackId: number, limit: number): Pick[] {
  const self = lookup.track(trackId);
  if (!self) return [];
  const meta = lookup.meta([trackId]).get(trackId) ?? { artists: [], genres: [] };
  const best = new Map<number, number>();
  const c = new Candidates((id) => id === trackId || model.recent.has(id));
  const sourceTrack = { id: trackId, title: self.title, artist: self.artist };
  const neighbors = model.trackNeighbors.get(trackId) ?? [];
  const topTrack = neighbors[0]?.score ?? 1;
  for (const n of neighbors) {
    c.offer(n.id, n.score / topTrack, () => ({ kind: 'co-played', text: `Because you played it with ${quote(self.title)}`, sourceTrack }), best);
  }
  for (const a of meta.artists) {
    const artist = { id: a, name: lookup.artistName(a) };
    const near = (model.artistNeighbors.get(a) ?? []).slice(0, 6);
    const topArtist = near[0]?.score ?? 1;
    for (const n of near) {
      const name = lookup.artistName(n.id);
      const reason = (): RecommendationReason => ({ kind: 'similar-artist', text: `Because you play ${name} with ${artist.name}`, sourceArtist: artist });
      if (n.via !== undefined) c.offer(n.via, 0.8 * (n.score / topArtist), reason, best);
      for (const t of lookup.tracksOfArtist(n.id, 20)) {
        const familiar = Math.min(1, Math.max(0, model.trackAffinity.get(t) ?? 0));
        c.offer(t, 0.6 * (n.score / topArtist) * (0.6 + 0.4 * familiar), reason, best);
      }
    }
    for (const t of lookup.tracksOfArtist(a, 30)) {
      c.offer(t, 0.3, () => ({ kind: 'artist', text: `More from ${artist.name}, because you played ${quote(self.title)}`, sourceArtist: artist, sourceTrack }), best);
    }
  }
  const maxGenre = Math.max(1e-9, ...[...model.genreAffinity.values()]);
  for (const g of meta.genres) {
    const name = lookup.genreName(g);
    const aff = Math.max(0, model.genreAffinity.get(g) ?? 0) / maxGenre;
    for (const t of lookup.tracksOfGenre(g, 30)) {
      c.offer(t, 0.1 + 0.1 * aff, () => ({ kind: 'genre', text: `Also ${name}, like ${quote(self.title)}`, genre: name, sourceTrack }), best);
    }
  }
  return c.top(limit);
}

export const mixCount = 6;
export const mixSize = 40;

/** Daily mixes: one per top artist (by hour-weighted affinity), filled from it and its co-played artists. */
export function dailyMixes(model: Model, lookup: Lookup, meta: ReadonlyMap<number, TrackMeta>): MixPlan[] {
  const artists = [...model.artistAffinity].filter(([, w]) => w > 0).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const tracksByArtist = new Map<number, { id: number; w: number }[]>();
  for (const [t, w] of model.trackAffinity) {
    if (w <= 0) continue;
    for (const a of meta.get(t)?.artists ?? []) {
      let list = tracksByArtist.get(a);
      if (!list) tracksByArtist.set(a, (list = []));
      list.push({ id: t, w });
    }
  }
  for (const list of tracksByArtist.values()) list.sort((a, b) => b.w - a.w || a.id - b.id);
  const maxTrack = Math.max(1e-9, ...[...model.trackAffinity.values()]);
  const used = new Set<number>();
  const mixes: MixPlan[] = [];
  for (const [seed] of artists) {
    if (mixes.length >= mixCount) break;
    if (used.has(seed)) continue;
    const seedArtist = { id: seed, name: lookup.artistName(seed) };
    const near = (model.artistNeighbors.get(seed) ?? []).slice(0, 3);
    const members = [{ id: seed, weight: 1 }, ...near.map((n) => ({ id: n.id, weight: 0.7 * (n.score / (near[0]?.score ?? 1)) }))];
    used.add(seed);
    for (const n of near) used.add(n.id);
    const best = new Map<number, number>();
    const c = new Candidates((id) => model.recent.has(id));
    for (const m of members) {
      const name = lookup.artistName(m.id);
      const reason = (): RecommendationReason => m.id === seed
        ? { kind: 'artist', text: `Because you play ${seedArtist.name} a lot`, sourceArtist: seedArtist }
        : { kind: 'similar-artist', text: `Because you play ${name} with ${seedArtist.name}`, sourceArtist: seedArtist };
      const familiar = tracksByArtist.get(m.id) ?? [];
      for (const f of familiar.slice(0, 25)) c.offer(f.id, m.weight * (0.5 + 0.5 * f.w / maxTrack), reason, best);
      for (const t of lookup.tracksOfArtist(m.id, 25)) c.offer(t, 0.35 * m.weight, reason, best);
      // Discovery: what the person plays next to their favorite tracks of this artist.
      for (const f of familiar.slice(0, 8)) {
        const title = lookup.track(f.id)?.title ?? 'a track';
        const neighbors = model.trackNeighbors.get(f.id) ?? [];
        const top = neighbors[0]?.score ?? 1;
        for (const n of neighbors.slice(0, 10)) {
          c.offer(n.id, 0.6 * m.weight * (n.score / top), () => ({
            kind: 'co-played', text: `Because you played ${quote(title)}`, sourceTrack: { id: f.id, title, artist: lookup.track(f.id)?.artist ?? '' },
          }), best);
        }
      }
    }
    const picks = c.top(mixSize);
    if (picks.length === 0) continue;
    const names = members.map((m) => lookup.artistName(m.id));
    mixes.push({
      id: mixes.length + 1,
      title: `Daily Mix ${mixes.length + 1}`,
      description: names.length > 2 ? `${names.slice(0, 2).join(', ')} and more` : names.join(' and '),
      seedArtists: members.map((m, i) => ({ id: m.id, name: names[i] ?? '' })),
      picks,
    });
  }
  return mixes;
}

/** The whole background computation: history → model → mixes. */
export function compute(lookup: Lookup, options: { now: number; tzOffsetMin: number }): Computation {
  const start = performance.now();
  const events = lookup.events();
  const meta = lookup.meta([...new Set(events.map((e) => e.trackId))]);
  const model = buildModel({ events, meta, now: options.now, tzOffsetMin: options.tzOffsetMin });
  const mixes = dailyMixes(model, lookup, meta);
  return { model, mixes, elapsedMs: performance.now() - start };
}
