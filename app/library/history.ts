// Play history: append-only events, deduped by client event id, with the per-track aggregate
// (`track_plays`) maintained in the same transaction as each insert. Progress reports keep an
// "open play" row so a crashed renderer loses at most the seconds since its last report.
import type { Db } from '../catalog/index.ts';
import type { Id, Page, PlayEvent, PlayProgress, PlayReport, PlayReportResult, PlaySource } from '../contract/index.ts';
import { judgePlay } from './playRule.ts';

export interface HistoryStore {
  /** Upserts an open play (progress never goes backwards). */
  progress(input: PlayProgress): void;
  /** Stores final reports; duplicates (same clientEventId) are ignored. */
  record(plays: readonly PlayReport[]): PlayReportResult;
  /** Closes open plays without progress since `before` (crashed/reloaded renderers). */
  closeStale(before: number): number;
  events(query: { offset: number; limit: number }): Page<PlayEvent>;
  /** Play count per track, for search boosts (0 when never). */
  playCount(trackId: Id): number;
  /** Bumped on every stored event; recommendation caches compare it. */
  readonly revision: number;
  /** Called after events were stored. */
  onChange?: (() => void) | undefined;
}

interface EventRow { id: number; clientEventId: string; trackId: number; startedAt: number; endedAt: number; msListened: number;
  completed: number; skipped: number; counted: number; source: PlaySource; sourceId: string | null; clientId: string | null }

/** Open plays quiet for this long are closed from their last progress. */
export const staleOpenPlayMs = 10 * 60_000;

export function createHistoryStore(options: { db: Db; now?: () => number }): HistoryStore {
  const { db } = options;
  const now = options.now ?? Date.now;
  const duration = db.prepare<[number], number>('SELECT duration_ms FROM tracks WHERE id = ?').pluck();
  const insert = db.prepare(`INSERT OR IGNORE INTO play_events (client_event_id, track_id, started_at, ended_at, ms_listened,
    completed, skipped, counted, source, source_id, client_id, received_at)
    VALUES (@clientEventId, @trackId, @startedAt, @endedAt, @msListened, @completed, @skipped, @counted, @source, @sourceId, @clientId, @receivedAt)`);
  const aggregate = db.prepare(`INSERT INTO track_plays (track_id, play_count, skip_count, ms_listened, last_played_at, last_event_at)
    VALUES (@trackId, @counted, @skipped, @msListened, CASE WHEN @counted = 1 THEN @startedAt END, @startedAt)
    ON CONFLICT (track_id) DO UPDATE SET
      play_count = play_count + excluded.play_count,
      skip_count = skip_count + excluded.skip_count,
      ms_listened = ms_listened + excluded.ms_listened,
      last_played_at = CASE WHEN excluded.last_played_at IS NULL THEN last_played_at
        ELSE max(coalesce(last_played_at, 0), excluded.last_played_at) END,
      last_event_at = max(last_event_at, excluded.last_event_at)`);
  const upsertOpen = db.prepare(`INSERT INTO open_plays (client_event_id, track_id, started_at, ms_listened, source, source_id, client_id, updated_at)
    VALUES (@clientEventId, @trackId, @startedAt, @msListened, @source, @sourceId, @clientId, @updatedAt)
    ON CONFLICT (client_event_id) DO UPDATE SET ms_listened = max(ms_listened, excluded.ms_listened), updated_at = excluded.updated_at`);
  const known = db.prepare<[string], number>('SELECT 1 FROM play_events WHERE client_event_id = ?').pluck();
  const deleteOpen = db.prepare('DELETE FROM open_plays WHERE client_event_id = ?');
  const staleOpen = db.prepare<[number], { clientEventId: string; trackId: number; startedAt: number; msListened: number; source: PlaySource;
    sourceId: string | null; clientId: string | null; updatedAt: number }>(`SELECT client_event_id AS clientEventId, track_id AS trackId,
    started_at AS startedAt, ms_listened AS msListened, source, source_id AS sourceId, client_id AS clientId, updated_at AS updatedAt
    FROM open_plays WHERE updated_at < ?`);
  const page = db.prepare<[number, number], EventRow>(`SELECT id, client_event_id AS clientEventId, track_id AS trackId, started_at AS startedAt,
    ended_at AS endedAt, ms_listened AS msListened, completed, skipped, counted, source, source_id AS sourceId, client_id AS clientId
    FROM play_events ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?`);
  const count = db.prepare<[], number>('SELECT count(*) FROM play_events').pluck();
  const plays = db.prepare<[number], number>('SELECT play_count FROM track_plays WHERE track_id = ?').pluck();
  let revision = 0;

  /** Inserts one final event and its aggregate; false when the client event id is known. */
  function store1(p: PlayReport): { stored: boolean; counted: boolean } {
    const endedAt = p.endedAt ?? p.startedAt + Math.max(0, p.msListened);
    const verdict = judgePlay({
      msListened: p.msListened, durationMs: duration.get(p.trackId) ?? 0, completed: p.completed,
      wallMs: p.endedAt !== undefined ? p.endedAt - p.startedAt : undefined,
    });
    const row = {
      clientEventId: p.clientEventId, trackId: p.trackId, startedAt: p.startedAt, endedAt, msListened: verdict.msListened,
      completed: p.completed ? 1 : 0, skipped: verdict.skipped ? 1 : 0, counted: verdict.counted ? 1 : 0,
      source: p.source, sourceId: p.sourceId ?? null, clientId: p.clientId ?? null, receivedAt: now(),
    };
    deleteOpen.run(p.clientEventId);
    if (insert.run(row).changes === 0) return { stored: false, counted: false };
    aggregate.run(row);
    return { stored: true, counted: verdict.counted };
  }

  const store: HistoryStore = {
    get revision() { return revision; },
    progress(input) {
      if (known.get(input.clientEventId) !== undefined) return;
      upsertOpen.run({
        clientEventId: input.clientEventId, trackId: input.trackId, startedAt: input.startedAt, msListened: Math.max(0, Math.floor(input.msListened)),
        source: input.source, sourceId: input.sourceId ?? null, clientId: input.clientId ?? null, updatedAt: now(),
      });
    },
    record(reports) {
      const result = db.transaction(() => {
        const r: PlayReportResult = { accepted: 0, duplicates: 0, counted: 0 };
        for (const p of reports) {
          const s = store1(p);
          if (s.stored) r.accepted += 1;
          else r.duplicates += 1;
          if (s.counted) r.counted += 1;
        }
        return r;
      }).immediate();
      if (result.accepted > 0) {
        revision += 1;
        store.onChange?.();
      }
      return result;
    },
    closeStale(before) {
      const rows = staleOpen.all(before);
      if (rows.length === 0) return 0;
      const reports: PlayReport[] = rows.map((o) => ({
        clientEventId: o.clientEventId, trackId: o.trackId, startedAt: o.startedAt, msListened: o.msListened, completed: false,
        endedAt: Math.max(o.startedAt + o.msListened, o.updatedAt), source: o.source,
        ...(o.sourceId !== null ? { sourceId: o.sourceId } : {}), ...(o.clientId !== null ? { clientId: o.clientId } : {}),
      }));
      return store.record(reports).accepted;
    },
    events(q) {
      const items = page.all(q.limit, q.offset).map((e): PlayEvent => ({
        ...e, completed: e.completed === 1, skipped: e.skipped === 1, counted: e.counted === 1,
      }));
      return { items, total: count.get() ?? 0, offset: q.offset, limit: q.limit };
    },
    playCount: (trackId) => plays.get(trackId) ?? 0,
  };
  return store;
}
