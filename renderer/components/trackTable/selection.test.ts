import { describe, expect, it } from 'vitest';
import {
  afterMove, afterRemove, clampTo, click, contextClick, emptySelection, isSelected, moveCursor, normalize, selectAll,
  selectedCount, selectedIndexes, targetIndexes,
} from './selection.ts';

describe('track table selection', () => {
  it('a plain click selects one row and sets anchor and cursor', () => {
    const s = click(emptySelection, 4);
    expect(selectedIndexes(s)).toEqual([4]);
    expect(s.anchor).toBe(4);
    expect(s.cursor).toBe(4);
  });

  it('shift-click selects from the anchor, in either direction, replacing the selection', () => {
    let s = click(emptySelection, 5);
    s = click(s, 8, { shift: true });
    expect(selectedIndexes(s)).toEqual([5, 6, 7, 8]);
    s = click(s, 2, { shift: true });
    expect(selectedIndexes(s)).toEqual([2, 3, 4, 5]);
    expect(s.anchor).toBe(5);
    expect(s.cursor).toBe(2);
  });

  it('ctrl-click toggles single rows and moves the anchor', () => {
    let s = click(emptySelection, 1);
    s = click(s, 3, { toggle: true });
    s = click(s, 5, { toggle: true });
    expect(selectedIndexes(s)).toEqual([1, 3, 5]);
    s = click(s, 3, { toggle: true });
    expect(selectedIndexes(s)).toEqual([1, 5]);
    expect(s.anchor).toBe(3);
  });

  it('ctrl+shift-click adds a range to the selection', () => {
    let s = click(emptySelection, 0);
    s = click(s, 10, { toggle: true });
    s = click(s, 12, { shift: true, toggle: true });
    expect(selectedIndexes(s)).toEqual([0, 10, 11, 12]);
  });

  it('toggling a row out of the middle of a range splits it', () => {
    let s = click(emptySelection, 0);
    s = click(s, 4, { shift: true });
    s = click(s, 2, { toggle: true });
    expect(s.ranges).toEqual([[0, 2], [3, 5]]);
    expect(isSelected(s, 2)).toBe(false);
    expect(isSelected(s, 3)).toBe(true);
  });

  it('arrow keys move the cursor, clamped; shift extends from the anchor', () => {
    let s = moveCursor(emptySelection, 1, 10);
    expect(selectedIndexes(s)).toEqual([0]);
    s = moveCursor(s, 1, 10, { shift: true });
    s = moveCursor(s, 1, 10, { shift: true });
    expect(selectedIndexes(s)).toEqual([0, 1, 2]);
    s = moveCursor(s, 100, 10);
    expect(selectedIndexes(s)).toEqual([9]);
    s = moveCursor(s, -100, 10, { shift: true });
    expect(selectedCount(s)).toBe(10);
    expect(moveCursor(emptySelection, -1, 10).cursor).toBe(9);
    expect(moveCursor(s, 1, 0)).toEqual(emptySelection);
  });

  it('select all of 100,000 rows is one range', () => {
    const s = selectAll(100_000);
    expect(s.ranges).toEqual([[0, 100_000]]);
    expect(selectedCount(s)).toBe(100_000);
    expect(isSelected(s, 99_999)).toBe(true);
    expect(selectedIndexes(s, 3)).toEqual([0, 1, 2]);
  });

  it('right-click keeps a selection that holds the row, else selects the row', () => {
    const s = click(click(emptySelection, 2), 5, { shift: true });
    expect(selectedIndexes(contextClick(s, 4))).toEqual([2, 3, 4, 5]);
    expect(selectedIndexes(contextClick(s, 7))).toEqual([7]);
    expect(targetIndexes(s, 3)).toEqual([2, 3, 4, 5]);
    expect(targetIndexes(s, 9)).toEqual([9]);
  });

  it('a shrinking list drops the selection past its end', () => {
    const s = click(click(emptySelection, 3), 8, { shift: true });
    const c = clampTo(s, 6);
    expect(selectedIndexes(c)).toEqual([3, 4, 5]);
    expect(c.cursor).toBe(5);
    expect(clampTo(c, 100)).toBe(c);
  });

  it('after remove and move the selection follows the rows', () => {
    expect(selectedIndexes(afterRemove([4, 5], 10))).toEqual([4]);
    expect(selectedIndexes(afterRemove([9], 9))).toEqual([8]);
    expect(afterRemove([0], 0)).toEqual(emptySelection);
    // Rows 1 and 2 dropped before row 6: they end up at 4 and 5.
    expect(selectedIndexes(afterMove([1, 2], 6, 10))).toEqual([4, 5]);
    // Dropped at the end.
    expect(selectedIndexes(afterMove([0], null, 5))).toEqual([4]);
    // Moved up.
    expect(selectedIndexes(afterMove([7, 8], 2, 10))).toEqual([2, 3]);
  });

  it('normalize merges touching and overlapping ranges', () => {
    expect(normalize([[5, 7], [0, 2], [2, 3], [6, 9], [4, 4]])).toEqual([[0, 3], [5, 9]]);
  });
});
