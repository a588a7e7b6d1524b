import { describe, expect, it } from 'vitest';
import { parseByteRange } from './byteRange.ts';

describe('parseByteRange (RFC 9110 §14)', () => {
  it('reads single ranges, open ends and suffixes, clamped to the body', () => {
    expect(parseByteRange('bytes=0-', 100)).toEqual({ start: 0, end: 99 });
    expect(parseByteRange('bytes=10-19', 100)).toEqual({ start: 10, end: 19 });
    expect(parseByteRange('bytes=90-500', 100)).toEqual({ start: 90, end: 99 });
    expect(parseByteRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
  });

  it('a suffix longer than the body selects the whole body (not 416)', () => {
    expect(parseByteRange('bytes=-500', 100)).toEqual({ start: 0, end: 99 });
    expect(parseByteRange('bytes=-100', 100)).toEqual({ start: 0, end: 99 });
    expect(parseByteRange('bytes=0-9, -500', 100)).toEqual({ start: 0, end: 99 });
  });

  it('unsatisfiable: starts past the end, a zero-length suffix', () => {
    expect(parseByteRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=100-200', 100)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=-0', 100)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=0-', 0)).toBe('unsatisfiable');
  });

  it('ignored (whole body): no header, malformed, other units, disjoint ranges; an empty body\'s non-zero suffix', () => {
    expect(parseByteRange(null, 100)).toBeNull();
    expect(parseByteRange(undefined, 100)).toBeNull();
    expect(parseByteRange('', 100)).toBeNull();
    expect(parseByteRange('bytes=abc', 100)).toBeNull();
    expect(parseByteRange('bytes=20-10x', 100)).toBeNull();
    expect(parseByteRange('items=0-5', 100)).toBeNull();
    expect(parseByteRange('bytes=0-1,5-6', 100)).toBeNull();
    expect(parseByteRange('bytes=-5', 0)).toBeNull();
  });

  it('combines overlapping and adjacent ranges into one', () => {
    expect(parseByteRange('bytes=0-9,10-19', 100)).toEqual({ start: 0, end: 19 });
    expect(parseByteRange('bytes=0-50,20-30', 100)).toEqual({ start: 0, end: 50 });
  });
});
