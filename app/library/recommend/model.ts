// The recommendation model, pure: from play events (+ each track's artists and genres) to
// item-to-item co-occurrence within listening sessions, artist co-occurrence, and artist/genre
// affinity — every contribution weighted by how close the play's hour is to the context hour.

export interface HistoryEvent {
  trackId: number;
  startedAt: number;
  endedAt: number;
  msListened: number;
  counted: boolean;
  skipped: boolean;
}

export interface TrackMeta {
  artists: number[];
  genres: number[];
}

export interface Neighbor {
  id: number;
  score: number;
  /** For artist neighbors: the track of the neighbor artist played most with the source artist. */
  via?: number;
}

export interface Model {
  computedAt: number;
  /** Local hour (0–23) the weights are for. */
  hour: number;
  events: number;
  sessions: number;
  trackNeighbors: Map<number, Neighbor[]>;
  artistNeighbors: Map<number, Neighbor[]>;
  /** Hour- and recency-weighted listening per track / artist / genre (skips subtract). */
  trackAffinity: Map<number, number>;
  artistAffinity: Map<number, number>;
  genreAffinity: Map<number, number>;
  /** Tracks played recently (last 24 h, and always the last 10 plays): never recommended. */
  recent: Set<number>;
}

export const sessionGapMs = 30 * 60_000;
export const recentWindowMs = 24 * 3_600_000;
export const recentPlays = 10;
const pairWindow = 8;
const neighborsKept = 50;
const halfLifeMs = 90 * 86_400_000;

/** 1 at the same hour, 0.25 at the opposite side of the clock. */
export function hourWeight(eventHour: number, contextHour: number): number {
  return 0.25 + 0.75 * (1 + Math.cos((2 * Math.PI * (eventHour - contextHour)) / 24)) / 2;
}

export const localHour = (ms: number, tzOffsetMin: number): number => {
  const h = Math.floor((ms + tzOffsetMin * 60_000) / 3_600_000) % 24;
  return h < 0 ? h + 24 : h;
};

/** Splits time-ordered events into sessions: a gap of 30 min or more starts a new one. */
export function sessionsOf(events: readonly HistoryEvent[]): HistoryEvent[][] {
  const out: HistoryEvent[][] = [];
  let current: HistoryEvent[] = [];
  let lastEnd = -Infinity;
  for (const e of events) {
    if (e.startedAt - lastEnd >= sessionGapMs && current.length > 0) {
      out.push(current);
      current = [];
    }
    current.push(e);
    lastEnd = Math.max(lastEnd, e.endedAt);
  }
  if (current.length > 0) out.push(current);
  return out;
}

function add(map: Map<number, Map<number, number>>, a: number, b: number, w: number): void {
  let m = map.get(a);
  if (!m) map.set(a, (m = new Map()));
  m.set(b, (m.get(b) ?? 0) + w);
}

function addTo(map: Map<number, number>, k: number, w: number): void {
  map.set(k, (map.get(k) ?? 0) + w);
}

/** Cosine-normalised co-occurrence, top neighbors per item. */
function topNeighbors(co: Map<number, Map<number, number>>, weight: Map<number, number>, via?: Map<string, { track: number; w: number }>): Map<number, Neighbor[]> {
  const out = new Map<number, Neighbor[]>();
  for (const [a, m] of co) {
    const wa = weight.get(a) ?? 1;
    const list: Neighbor[] = [];
    for (const [b, c] of m) {
      const score = c / Math.sqrt(wa * (weight.get(b) ?? 1));
      const v = via?.get(`${a}:${b}`);
      list.push(v ? { id: b, score, via: v.track } : { id: b, score });
    }
    list.sort((x, y) => y.score - x.score || x.id - y.id);
    out.set(a, list.slice(0, neighborsKept));
  }
  return out;
}

export interface BuildModelInput {
  /** Ordered by startedAt. */
  events: readonly HistoryEvent[];
  meta: ReadonlyMap<number, TrackMeta>;
  now: number;
  tzOffsetMin: number;
}

export function buildModel(input: BuildModelInput): Model {
  const { events, meta, now, tzOffsetMin } = input;
  const hour = localHour(now, tzOffsetMin);
  const sessions = sessionsOf(events);
  const trackCo = new Map<number, Map<number, number>>();
  const artistCo = new Map<number, Map<number, number>>();
  const via = new Map<string, { track: number; w: number }>();
  const trackWeight = new Map<number, number>();
  const artistWeight = new Map<number, number>();
  const trackAffinity = new Map<number, number>();
  const artistAffinity = new Map<number, number>();
  const genreAffinity = new Map<number, number>();

  for (const session of sessions) {
    const positive: { e: HistoryEvent; w: number }[] = [];
    for (const e of session) {
      const hw = hourWeight(localHour(e.startedAt, tzOffsetMin), hour);
      const rw = Math.pow(0.5, Math.max(0, now - e.startedAt) / halfLifeMs);
      const m = meta.get(e.trackId);
      const signal = e.counted ? 1 : e.skipped ? -0.5 : 0;
      if (signal !== 0) {
        const w = signal * hw * rw;
        addTo(trackAffinity, e.trackId, w);
        for (const a of m?.artists ?? []) addTo(artistAffinity, a, w);
        for (const g of m?.genres ?? []) addTo(genreAffinity, g, w / Math.max(1, m?.genres.length ?? 1));
      }
      if (e.counted) positive.push({ e, w: hw });
    }
    for (let i = 0; i < positive.length; i++) {
      const pi = positive[i];
      if (!pi) continue;
      const a = pi.e.trackId;
      addTo(trackWeight, a, pi.w);
      const artistsA = meta.get(a)?.artists ?? [];
      for (const x of artistsA) addTo(artistWeight, x, pi.w);
      for (let j = i + 1; j < Math.min(positive.length, i + 1 + pairWindow); j++) {
        const pj = positive[j];
        if (!pj) continue;
        const b = pj.e.trackId;
        if (a === b) continue;
        const w = Math.min(pi.w, pj.w) / (j - i);
        add(trackCo, a, b, w);
        add(trackCo, b, a, w);
        const artistsB = meta.get(b)?.artists ?? [];
        for (const x of artistsA) {
          for (const y of artistsB) {
            if (x === y || artistsA.includes(y) || artistsB.includes(x)) continue;
            add(artistCo, x, y, w);
            add(artistCo, y, x, w);
            for (const [k, t] of [[`${x}:${y}`, b], [`${y}:${x}`, a]] as const) {
              const cur = via.get(k);
              if (!cur || cur.track !== t) {
                // keep the neighbor artist's track that co-occurred the most (approximation: the heaviest single pair)
                if (!cur || w > cur.w) via.set(k, { track: t, w });
              } else cur.w += w;
            }
          }
        }
      }
    }
  }

  const recent = new Set<number>();
  for (let i = events.length - 1, n = 0; i >= 0; i--, n++) {
    const e = events[i];
    if (!e) continue;
    if (n >= recentPlays && e.startedAt < now - recentWindowMs) break;
    recent.add(e.trackId);
  }

  return {
    computedAt: now, hour, events: events.length, sessions: sessions.length,
    trackNeighbors: topNeighbors(trackCo, trackWeight),
    artistNeighbors: topNeighbors(artistCo, artistWeight, via),
    trackAffinity, artistAffinity, genreAffinity, recent,
  };
}
