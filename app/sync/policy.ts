// The storage policy: `high` (the biggest rendition) is kept only for tracks that are listened to —
// favorites, and tracks played or added within `keepHighDays` days; the rest keep their lower
// rungs. The desktop applies it when it plans a track (the ladder without `high`: the revision
// changes, the commit drops the rendition, the server's GC deletes the object after its grace
// period); a track played or starred again gets `high` back on the next run. The sync server
// estimates the same rule over the mirror (`tonearm sync --plan`): both read the same tables
// (the mirror runs the library's listening migrations, and listening data syncs both ways).
import type { Db } from '../catalog/index.ts';
import type { Ladder } from '../transcoder/types.ts';

export interface StoragePolicy {
  /** Days a play (or the track's arrival) keeps `high`. */
  keepHighDays: number;
}

export const HIGH_RUNG = 'high';
export const DAY_MS = 86_400_000;

/**
 * SQL: the track `t` keeps `high` (favorite, or played / added since `@since`, ms). Needs
 * `LEFT JOIN track_plays p ON p.track_id = t.id` and `LEFT JOIN item_prefs f ON f.kind = 'track' AND f.item_id = t.id`.
 */
export const keepsHighSql = /* sql */ `(coalesce(f.favorite, 0) = 1 OR coalesce(p.last_played_at, 0) >= @since OR t.added_at >= @since)`;
export const policyJoins = /* sql */ `LEFT JOIN track_plays p ON p.track_id = t.id LEFT JOIN item_prefs f ON f.kind = 'track' AND f.item_id = t.id`;

/** Ids of the tracks that keep `high` under the policy. */
export function tracksKeepingHigh(db: Db, policy: StoragePolicy, now: number): Set<number> {
  const since = now - policy.keepHighDays * DAY_MS;
  return new Set(db.prepare<[{ since: number }], number>(`SELECT t.id FROM tracks t ${policyJoins} WHERE ${keepsHighSql}`).pluck().all({ since }));
}

/** The ladder without `high`, unless that would leave it empty (then `high` stays: a track keeps one rendition). */
export function withoutHigh(ladder: Ladder): Ladder {
  const rungs = ladder.rungs.filter((r) => r.name !== HIGH_RUNG);
  return rungs.some((r) => r.previewSeconds === undefined) ? { ...ladder, rungs } : ladder;
}
