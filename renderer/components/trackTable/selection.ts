// The track table's selection model: pure, DOM-free, by row index. A selection is a set of
// disjoint index ranges (so "select all" over 100,000 rows is one range, not 100,000 entries), an
// anchor (where shift-ranges start) and a cursor (the row the keyboard is on).

/** Half-open range [start, end). */
export type Range = readonly [number, number];

export interface Selection {
  /** Sorted, disjoint, non-touching ranges. */
  ranges: readonly Range[];
  anchor: number;
  cursor: number;
}

export interface Modifiers {
  shift?: boolean;
  /** Ctrl on Linux/Windows, ⌘ on macOS. */
  toggle?: boolean;
}

export const emptySelection: Selection = { ranges: [], anchor: -1, cursor: -1 };

/** Sorts and merges overlapping or touching ranges; drops empty ones. */
export function normalize(ranges: readonly Range[]): Range[] {
  const sorted = ranges.filter(([a, b]) => b > a).slice().sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function isSelected(sel: Selection, index: number): boolean {
  let lo = 0;
  let hi = sel.ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = sel.ranges[mid] as Range;
    if (index < a) hi = mid - 1;
    else if (index >= b) lo = mid + 1;
    else return true;
  }
  return false;
}

export function selectedCount(sel: Selection): number {
  return sel.ranges.reduce((n, [a, b]) => n + b - a, 0);
}

/** The selected indexes in order (at most `limit`). */
export function selectedIndexes(sel: Selection, limit = Infinity): number[] {
  const out: number[] = [];
  for (const [a, b] of sel.ranges) {
    for (let i = a; i < b; i++) {
      if (out.length >= limit) return out;
      out.push(i);
    }
  }
  return out;
}

const span = (a: number, b: number): Range => (a <= b ? [a, b + 1] : [b, a + 1]);

function without(ranges: readonly Range[], index: number): Range[] {
  return normalize(ranges.flatMap(([a, b]): Range[] => (index >= a && index < b ? [[a, index], [index + 1, b]] : [[a, b]])));
}

/** A click on row `index`: plain selects it alone; toggle adds/removes it; shift selects anchor…index. */
export function click(sel: Selection, index: number, mods: Modifiers = {}): Selection {
  if (mods.shift && sel.anchor >= 0) {
    const range = span(sel.anchor, index);
    const ranges = mods.toggle ? normalize([...sel.ranges, range]) : [range];
    return { ranges, anchor: sel.anchor, cursor: index };
  }
  if (mods.toggle) {
    const ranges = isSelected(sel, index) ? without(sel.ranges, index) : normalize([...sel.ranges, [index, index + 1]]);
    return { ranges, anchor: index, cursor: index };
  }
  return { ranges: [[index, index + 1]], anchor: index, cursor: index };
}

/** Right-click on a row: keeps the selection when the row is part of it, else selects the row. */
export function contextClick(sel: Selection, index: number): Selection {
  return isSelected(sel, index) ? { ...sel, cursor: index } : click(sel, index);
}

/**
 * Keyboard: moves the cursor by `delta` rows (clamped to the list); shift extends from the
 * anchor, otherwise the cursor row alone is selected. From no cursor, down starts at the top
 * and up at the bottom.
 */
export function moveCursor(sel: Selection, delta: number, count: number, mods: Modifiers = {}): Selection {
  if (count <= 0) return emptySelection;
  const from = sel.cursor >= 0 ? sel.cursor : delta > 0 ? -1 : count;
  const cursor = Math.max(0, Math.min(count - 1, from + delta));
  if (mods.shift) {
    const anchor = sel.anchor >= 0 ? sel.anchor : cursor;
    return { ranges: [span(anchor, cursor)], anchor, cursor };
  }
  return { ranges: [[cursor, cursor + 1]], anchor: cursor, cursor };
}

export function selectAll(count: number, sel: Selection = emptySelection): Selection {
  return count > 0 ? { ranges: [[0, count]], anchor: sel.anchor >= 0 ? sel.anchor : 0, cursor: sel.cursor >= 0 ? sel.cursor : 0 } : emptySelection;
}

/** The list now has `count` rows: drops what fell off its end. */
export function clampTo(sel: Selection, count: number): Selection {
  if (sel.ranges.every(([, b]) => b <= count) && sel.anchor < count && sel.cursor < count) return sel;
  return {
    ranges: normalize(sel.ranges.map(([a, b]): Range => [a, Math.min(b, count)])),
    anchor: sel.anchor < count ? sel.anchor : count - 1,
    cursor: sel.cursor < count ? sel.cursor : count - 1,
  };
}

/** The rows acted on by a command on row `index`: the selection when the row is in it, else the row. */
export function targetIndexes(sel: Selection, index: number, limit = Infinity): number[] {
  return isSelected(sel, index) ? selectedIndexes(sel, limit) : [index];
}

/** After removing `removed` rows: nothing selected, the cursor on the row that took the first one's place. */
export function afterRemove(removed: readonly number[], countAfter: number): Selection {
  if (countAfter <= 0 || removed.length === 0) return emptySelection;
  const at = Math.min(Math.min(...removed), countAfter - 1);
  return { ranges: [[at, at + 1]], anchor: at, cursor: at };
}

/**
 * Where the rows `moved` (sorted indexes) land when dropped before row `before` (null = the end),
 * as the new selection: the moved block, contiguous.
 */
export function afterMove(moved: readonly number[], before: number | null, count: number): Selection {
  if (moved.length === 0) return emptySelection;
  const target = before === null ? count : before;
  const start = target - moved.filter((i) => i < target).length;
  return { ranges: [[start, start + moved.length]], anchor: start, cursor: start };
}
