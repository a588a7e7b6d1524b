// Files that could not be indexed, with a reason a person can act on.
import type { Db } from './open.ts';
import { below, belowSql } from './pathRange.ts';
import type { ScanErrorRow } from './model.ts';
import { displayPath } from '../text/fsPath.ts';

export interface ScanErrorInput {
  path: string;
  reason: string;
  size: number | null;
  mtimeMs: number | null;
}

export interface ScanErrorStore {
  record(errors: readonly ScanErrorInput[], now?: number): void;
  clear(paths: readonly string[]): void;
  /** Errors under the given roots, keyed by path, with the stamp of the file when it failed. */
  stamps(roots?: readonly string[]): Map<string, { size: number | null; mtimeMs: number | null }>;
  /** Every error, its path shown readably (app/text/fsPath.ts). */
  list(): ScanErrorRow[];
  count(): number;
}

export function createScanErrorStore(db: Db): ScanErrorStore {
  const upsert = db.prepare(`INSERT INTO scan_errors (path, reason, size, mtime_ms, at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT(path) DO UPDATE SET reason = excluded.reason, size = excluded.size, mtime_ms = excluded.mtime_ms, at = excluded.at`);
  const del = db.prepare('DELETE FROM scan_errors WHERE path = ?');
  const all = db.prepare<[], { path: string; reason: string; size: number | null; mtime_ms: number | null; at: number }>(
    'SELECT path, reason, size, mtime_ms, at FROM scan_errors ORDER BY path');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM scan_errors');
  const stampsBelow = db.prepare<[string, string], { path: string; size: number | null; mtime_ms: number | null }>(
    `SELECT path, size, mtime_ms FROM scan_errors WHERE ${belowSql}`);
  const record = db.transaction((errors: readonly ScanErrorInput[], now: number) => {
    for (const e of errors) upsert.run(e.path, e.reason, e.size, e.mtimeMs === null ? null : Math.trunc(e.mtimeMs), now);
  });
  const clear = db.transaction((paths: readonly string[]) => {
    for (const p of paths) del.run(p);
  });
  return {
    record: (errors, now = Date.now()) => record(errors, now),
    clear: (paths) => clear(paths),
    stamps(roots) {
      const out = new Map<string, { size: number | null; mtimeMs: number | null }>();
      const rows = roots ? roots.flatMap((root) => stampsBelow.all(...below(root))) : all.all();
      for (const r of rows) out.set(r.path, { size: r.size, mtimeMs: r.mtime_ms });
      return out;
    },
    list: () => all.all().map((r) => ({ path: displayPath(r.path), reason: r.reason, at: r.at })),
    count: () => count.get()?.n ?? 0,
  };
}
