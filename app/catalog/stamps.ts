// The stamps a scan compares walked files with (path → id, size, mtime, fingerprint), read from the
// catalog a bounded chunk at a time instead of all at once: at 100k tracks the whole map was ~22 MB
// of heap (more while it was built), and V8 keeps the pages of such a peak in the process for good.
//
// A lookup reads the CHUNK paths from its own on (the path index, in path order) and answers from
// them while the next lookups fall inside that range; the walk lists files in path order
// (app/scanner/walk.ts), so a scan reads each row once, as before, CHUNK rows held at a time.
// A path inside the range and not in the chunk is not catalogued. Iteration pages the same way.
// The count is taken when the map is made (a first scan is one with nothing catalogued).
import type { Statement } from 'better-sqlite3';
import type { Db } from './open.ts';
import { comparePaths, isWithin, within } from './pathRange.ts';
import type { FileStamp } from './model.ts';

const CHUNK = 2048;

type StampRow = { id: number; path: string; size: number; mtime_ms: number; fingerprint: string };

/** Upper bound (exclusive) of a root's range in path order; everything when there is no root. */
interface Range {
  root: string | null;
  from: string;
  to: string | null;
}

export interface StampStatements {
  from: Statement<[string, number], StampRow>;
  fromTo: Statement<[string, string, number], StampRow>;
  count: Statement<[], number>;
  countWithin: Statement<[string, string, string], number>;
}

export function stampStatements(db: Db): StampStatements {
  const cols = 'SELECT id, path, size, mtime_ms, fingerprint FROM tracks';
  return {
    from: db.prepare<[string, number], StampRow>(`${cols} WHERE path >= ? ORDER BY path LIMIT ?`),
    fromTo: db.prepare<[string, string, number], StampRow>(`${cols} WHERE path >= ? AND path < ? ORDER BY path LIMIT ?`),
    count: db.prepare<[], number>('SELECT count(*) FROM tracks').pluck(),
    countWithin: db.prepare<[string, string, string], number>('SELECT count(*) FROM tracks WHERE path = ? OR (path > ? AND path < ?)').pluck(),
  };
}

/** The stamps of the tracks inside `roots` (all when omitted), as a read-only map over the catalog. */
export function createStamps(q: StampStatements, roots?: readonly string[]): ReadonlyMap<string, FileStamp> {
  // Roots inside other roots add nothing: each path belongs to one range.
  const kept = roots ? [...new Set(roots)].filter((r, _, all) => !all.some((o) => o !== r && isWithin(r, o))) : null;
  const ranges: Range[] = kept ? kept.map((r) => ({ root: r, from: within(r)[0], to: within(r)[2] })) : [{ root: null, from: '', to: null }];
  const size = kept ? kept.reduce((n, r) => n + (q.countWithin.get(...within(r)) ?? 0), 0) : (q.count.get() ?? 0);

  /** Rows of a range from `start` on (at most CHUNK), only those inside its root. */
  const read = (range: Range, start: string): { rows: StampRow[]; end: string | null } => {
    const rows = range.to === null ? q.from.all(start, CHUNK) : q.fromTo.all(start, range.to, CHUNK);
    // Covered: [start, last row] when the chunk is full, else [start, end of range).
    const end = rows.length === CHUNK ? (rows[rows.length - 1] as StampRow).path : null;
    return { rows: range.root === null ? rows : rows.filter((r) => isWithin(r.path, range.root as string)), end };
  };

  let chunk: { range: Range; start: string; end: string | null; stamps: Map<string, FileStamp> } | null = null;
  const rangeOf = (p: string): Range | undefined => ranges.find((r) => r.root === null || isWithin(p, r.root));
  // In SQLite's order (UTF-8 bytes), which is not JavaScript's for every string.
  const covers = (p: string, range: Range): boolean => chunk !== null && chunk.range === range
    && comparePaths(p, chunk.start) >= 0 && (chunk.end === null || comparePaths(p, chunk.end) <= 0);
  const get = (p: string): FileStamp | undefined => {
    if (size === 0) return undefined;
    const range = rangeOf(p);
    if (!range) return undefined;
    if (!covers(p, range)) {
      const { rows, end } = read(range, p);
      chunk = { range, start: p, end, stamps: new Map(rows.map((r) => [r.path, stampOf(r)])) };
    }
    return chunk?.stamps.get(p);
  };
  function* entries(): Generator<[string, FileStamp], undefined> {
    if (size === 0) return;
    for (const range of ranges) {
      let start = range.from;
      for (;;) {
        const { rows, end } = read(range, start);
        for (const r of rows) yield [r.path, stampOf(r)];
        if (end === null) break;
        start = `${end}\0`; // the next path after `end`
      }
    }
  }

  const map: ReadonlyMap<string, FileStamp> = {
    size,
    get,
    has: (p) => get(p) !== undefined,
    entries,
    keys: function* (): Generator<string, undefined> {
      for (const [p] of entries()) yield p;
    },
    values: function* (): Generator<FileStamp, undefined> {
      for (const [, s] of entries()) yield s;
    },
    forEach(fn, thisArg) {
      for (const [p, s] of entries()) fn.call(thisArg, s, p, map);
    },
    [Symbol.iterator]: entries,
  };
  return map;
}

const stampOf = (r: StampRow): FileStamp => ({ id: r.id, size: r.size, mtimeMs: r.mtime_ms, fingerprint: r.fingerprint });
