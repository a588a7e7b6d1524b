// "This path or below it", as an index-friendly byte range: [root + '/', root + '0') — '0' sorts
// right after '/'. Not LIKE, which is case-insensitive in SQLite and would reach /music/rock from
// /music/Rock. Used wherever the catalog selects what lies inside a library root or scan scope.

/** SQL condition on a `path` column: strictly below a folder. Takes `below(root)` as parameters. */
export const belowSql = 'path > ? AND path < ?';

/** SQL condition on a `path` column: the path itself or below it. Takes `within(root)` as parameters. */
export const withinSql = `(path = ? OR (${belowSql}))`;

export function below(root: string): [string, string] {
  const r = root.length > 1 && root.endsWith('/') ? root.slice(0, -1) : root;
  return [r + '/', r + '0'];
}

export function within(root: string): [string, string, string] {
  const r = root.length > 1 && root.endsWith('/') ? root.slice(0, -1) : root;
  return [r, ...below(r)];
}

/** The same as `withinSql` for a path in memory: `p` is `root` itself or below it. */
export function isWithin(p: string, root: string): boolean {
  const [self, from, to] = within(root);
  return p === self || (p > from && p < to);
}

/**
 * Orders paths as SQLite's BINARY collation does (UTF-8 bytes, i.e. code points). JavaScript's `<`
 * compares UTF-16 units, which puts U+E000–U+FFFF (and the escaped bytes of app/text/fsPath.ts)
 * after characters beyond U+FFFF; code points put them before.
 */
export function comparePaths(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}

/** A UTF-16 unit's rank in code point order: surrogates (characters beyond U+FFFF) above the rest. */
const rank = (unit: number): number => (unit >= 0xd800 && unit <= 0xdfff ? unit + 0x10000 : unit);
