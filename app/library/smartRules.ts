// Smart-playlist rules: the compiler to SQL (the zod schema is the contract's `smartDefinition`). Every
// value becomes a bound parameter; only column names and operators chosen from fixed tables are
// ever written into the SQL text.
import type { SmartDefinition, SmartRule } from '../contract/index.ts';
import { fold } from '../text/fold.ts';

export interface CompiledSmart {
  /** `FROM … WHERE …` with `?` placeholders. */
  from: string;
  whereParams: unknown[];
  /** `ORDER BY …` with its own placeholders. */
  orderBy: string;
  orderParams: unknown[];
  limit: number | undefined;
}

export const dayMs = 86_400_000;

const fromSql = /* sql */ `FROM tracks t
  LEFT JOIN track_plays tp ON tp.track_id = t.id
  LEFT JOIN item_prefs pr ON pr.kind = 'track' AND pr.item_id = t.id
  LEFT JOIN albums al ON al.id = t.album_id
  LEFT JOIN artists aa ON aa.id = al.album_artist_id`;

const likeEscape = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);

interface Part { sql: string; params: unknown[] }

/** A text test on one column; `folded` columns hold fold()ed keys, so the value is folded too. */
function textTest(column: string, op: 'is' | 'contains' | 'startsWith', value: string, folded: boolean): Part {
  const v = folded ? fold(value) : value;
  if (op === 'is') return { sql: folded ? `${column} = ?` : `${column} = ? COLLATE NOCASE`, params: [v] };
  return { sql: `${column} LIKE ? ESCAPE '\\'`, params: [op === 'contains' ? `%${likeEscape(v)}%` : `${likeEscape(v)}%`] };
}

function textRule(r: Extract<SmartRule, { op: string; value: string }>): Part {
  const positive = r.op === 'isNot' ? 'is' : r.op === 'notContains' ? 'contains' : r.op;
  const negate = r.op === 'isNot' || r.op === 'notContains';
  const many = (subquery: (test: string) => string, column: string, folded: boolean): Part => {
    const t = textTest(column, positive, r.value, folded);
    return { sql: `${negate ? 'NOT ' : ''}EXISTS (${subquery(t.sql)})`, params: t.params };
  };
  const single = (column: string, folded: boolean): Part => {
    const t = textTest(`coalesce(${column}, '')`, positive, r.value, folded);
    return { sql: negate ? `NOT (${t.sql})` : t.sql, params: t.params };
  };
  switch (r.field) {
    case 'genre': return many((w) => `SELECT 1 FROM track_genres tg JOIN genres g ON g.id = tg.genre_id WHERE tg.track_id = t.id AND ${w}`, 'g.name_key', true);
    case 'artist': return many((w) => `SELECT 1 FROM track_artists ta JOIN artists a ON a.id = ta.artist_id WHERE ta.track_id = t.id AND ta.role = 'artist' AND ${w}`, 'a.name_key', true);
    case 'albumArtist': return single('aa.name_key', true);
    case 'album': return single('al.title', false);
    case 'title': return single('t.title', false);
    case 'codec': return single('t.codec', false);
    case 'container': return single('t.container', false);
    default: throw new Error(`not a text field: ${r.field}`);
  }
}

const numberOps = { eq: '=', ne: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

function recentPlays(since: number): Part {
  return { sql: '(SELECT count(*) FROM play_events e WHERE e.track_id = t.id AND e.counted = 1 AND e.started_at >= ?)', params: [since] };
}

function numberRule(r: Extract<SmartRule, { op: string; value: number }> & { value2?: number; withinDays?: number }, now: number): Part {
  let column: Part;
  switch (r.field) {
    case 'year': column = { sql: 't.year', params: [] }; break;
    case 'durationMs': column = { sql: 't.duration_ms', params: [] }; break;
    case 'bitrate': column = { sql: 't.bitrate', params: [] }; break;
    case 'rating': column = { sql: 'coalesce(pr.rating, 0)', params: [] }; break;
    case 'skipCount': column = { sql: 'coalesce(tp.skip_count, 0)', params: [] }; break;
    case 'playCount': column = r.withinDays !== undefined ? recentPlays(now - r.withinDays * dayMs) : { sql: 'coalesce(tp.play_count, 0)', params: [] }; break;
    default: throw new Error(`not a number field: ${r.field}`);
  }
  if (r.op === 'between') return { sql: `${column.sql} BETWEEN ? AND ?`, params: [...column.params, r.value, r.value2 ?? r.value] };
  return { sql: `${column.sql} ${numberOps[r.op as keyof typeof numberOps]} ?`, params: [...column.params, r.value] };
}

function dateRule(r: { field: string; op: string; days?: number | undefined; value?: number | undefined }, now: number): Part {
  const column = r.field === 'addedAt' ? 't.added_at' : 'tp.last_played_at';
  const cutoff = now - (r.days ?? 0) * dayMs;
  switch (r.op) {
    case 'inLast': return { sql: `${column} >= ?`, params: [cutoff] };
    case 'notInLast': return { sql: `(${column} IS NULL OR ${column} < ?)`, params: [cutoff] };
    case 'before': return { sql: `${column} < ?`, params: [r.value ?? 0] };
    case 'after': return { sql: `${column} > ?`, params: [r.value ?? 0] };
    default: return { sql: `${column} IS NULL`, params: [] };
  }
}

function rule(r: SmartRule, now: number): Part {
  if (!('op' in r)) {
    const column = r.field === 'favorite' ? 'coalesce(pr.favorite, 0)' : 't.lossless';
    return { sql: `${column} = ?`, params: [r.value ? 1 : 0] };
  }
  if (typeof r.value === 'string') return textRule(r as Extract<SmartRule, { op: string; value: string }>);
  if (r.field === 'addedAt' || r.field === 'lastPlayed') return dateRule(r, now);
  return numberRule(r as Extract<SmartRule, { op: string; value: number }>, now);
}

function sortSql(def: SmartDefinition, now: number): Part {
  const s = def.sort ?? { by: 'addedAt', order: 'desc' };
  const d = s.order === 'desc' ? 'DESC' : 'ASC';
  let key: Part;
  switch (s.by) {
    case 'title': key = { sql: 't.title COLLATE NOCASE', params: [] }; break;
    case 'artist': key = { sql: 't.artist_display COLLATE NOCASE', params: [] }; break;
    case 'album': key = { sql: 'al.title COLLATE NOCASE', params: [] }; break;
    case 'year': key = { sql: 't.year', params: [] }; break;
    case 'addedAt': key = { sql: 't.added_at', params: [] }; break;
    case 'playCount': key = { sql: 'coalesce(tp.play_count, 0)', params: [] }; break;
    case 'recentPlays': key = recentPlays(now - (s.recentDays ?? 30) * dayMs); break;
    case 'lastPlayed': key = { sql: 'tp.last_played_at', params: [] }; break;
    case 'rating': key = { sql: 'coalesce(pr.rating, 0)', params: [] }; break;
    case 'durationMs': key = { sql: 't.duration_ms', params: [] }; break;
    // A shuffle that is stable for the day, so paging through it is consistent.
    case 'random': key = { sql: '((t.id * 2654435761 + ?) % 4294967296)', params: [Math.floor(now / dayMs) * 7919] }; break;
  }
  return { sql: `ORDER BY ${key.sql} ${d}, t.id ${d}`, params: key.params };
}

/** Compiles a validated definition; `now` anchors relative dates ("in the last 30 days"). */
export function compileSmart(def: SmartDefinition, now: number): CompiledSmart {
  const parts = def.rules.map((r) => rule(r, now));
  const where = parts.length === 0 ? '' : `WHERE ${parts.map((p) => `(${p.sql})`).join(def.match === 'all' ? ' AND ' : ' OR ')}`;
  const order = sortSql(def, now);
  return { from: `${fromSql} ${where}`, whereParams: parts.flatMap((p) => p.params), orderBy: order.sql, orderParams: order.params, limit: def.limit };
}
