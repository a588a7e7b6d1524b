// GET /api/sync/storage (`tonearm sync --plan`): what this server's mirror stores, by rung, and
// what the storage policy (app/sync/policy.ts) would free — the `high` renditions of tracks that
// are neither favorites nor played or added within `keepHighDays`, when they have another
// rendition and no kept track shares the object — with the last 30 days' uploads and plays.
import { DAY_MS, HIGH_RUNG, keepsHighSql, policyJoins } from '../app/sync/policy.ts';
import type { StorageReport } from '../app/sync/protocol.ts';
import type { Db } from '../app/catalog/index.ts';

const rungOf = (key: string): string | null => /^renditions\/[^/]+\/([a-z0-9-]+)\.[a-z0-9]+$/.exec(key)?.[1] ?? null;

export function storageReport(db: Db, options: { keepHighDays: number; now: number }): StorageReport {
  const since = options.now - options.keepHighDays * DAY_MS;
  const month = options.now - 30 * DAY_MS;
  const rungs = new Map<string, { objects: number; bytes: number }>();
  const covers = { objects: 0, bytes: 0 };
  const stored = { objects: 0, bytes: 0 };
  for (const o of db.prepare<[], { key: string; bytes: number }>('SELECT key, bytes FROM mirror_objects').iterate()) {
    stored.objects++;
    stored.bytes += o.bytes;
    if (o.key.startsWith('covers/')) {
      covers.objects++;
      covers.bytes += o.bytes;
      continue;
    }
    const rung = rungOf(o.key);
    if (rung === null) continue;
    const u = rungs.get(rung) ?? { objects: 0, bytes: 0 };
    u.objects++;
    u.bytes += o.bytes;
    rungs.set(rung, u);
  }
  const tracks = db.prepare<[{ since: number }], { kept: number; dropped: number }>(`SELECT
      count(*) FILTER (WHERE ${keepsHighSql}) AS kept, count(*) FILTER (WHERE NOT ${keepsHighSql}) AS dropped
    FROM tracks t JOIN mirror_renditions h ON h.track_id = t.id AND h.rung = '${HIGH_RUNG}' ${policyJoins}`).get({ since }) ?? { kept: 0, dropped: 0 };
  const freed = db.prepare<[{ since: number }], { objects: number; bytes: number }>(`SELECT count(*) AS objects, coalesce(sum(bytes), 0) AS bytes
    FROM (SELECT DISTINCT h.key, h.bytes FROM tracks t JOIN mirror_renditions h ON h.track_id = t.id AND h.rung = '${HIGH_RUNG}' ${policyJoins}
      WHERE NOT ${keepsHighSql}
        AND EXISTS (SELECT 1 FROM mirror_renditions o WHERE o.track_id = t.id AND o.rung <> '${HIGH_RUNG}' AND o.rung <> 'preview')
        AND NOT EXISTS (SELECT 1 FROM mirror_renditions s JOIN tracks t2 ON t2.id = s.track_id
          LEFT JOIN track_plays p2 ON p2.track_id = t2.id LEFT JOIN item_prefs f2 ON f2.kind = 'track' AND f2.item_id = t2.id
          WHERE s.key = h.key AND s.track_id <> t.id
            AND (coalesce(f2.favorite, 0) = 1 OR coalesce(p2.last_played_at, 0) >= @since OR t2.added_at >= @since)))`).get({ since }) ?? { objects: 0, bytes: 0 };
  const uploads = db.prepare<[number], number>('SELECT count(*) FROM mirror_objects WHERE verified_at >= ?').pluck().get(month) ?? 0;
  const plays = db.prepare<[number], number>('SELECT count(*) FROM play_events WHERE started_at >= ?').pluck().get(month) ?? 0;
  return {
    rungs: [...rungs].map(([rung, u]) => ({ rung, ...u })).sort((a, b) => b.bytes - a.bytes || a.rung.localeCompare(b.rung)),
    covers, stored,
    policy: { keepHighDays: options.keepHighDays, tracksKeepingHigh: tracks.kept, tracksDroppingHigh: tracks.dropped, ...freed },
    month: { uploads, plays },
  };
}
