import { describe, expect, it } from 'vitest';
import { Trimmer, type Planar } from './trim.ts';

const block = (from: number, n: number): Planar => [Float32Array.from({ length: n }, (_, i) => from + i)];
const flat = (bs: Planar[]) => bs.flatMap((b) => [...(b[0] ?? [])]);

describe('Trimmer', () => {
  it('drops encoder delay (negative positions) and stops exactly at the length', () => {
    const t = new Trimmer({ from: 0, to: 10, endDiscard: 0 });
    const out = [...t.push(block(-3, 4), -3), ...t.push(block(1, 4), 1), ...t.push(block(5, 8), 5)];
    expect(flat(out)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(t.complete).toBe(true);
    expect(t.push(block(13, 4), 13)).toEqual([]);
  });

  it('starts at a seek target inside a block', () => {
    const t = new Trimmer({ from: 6, to: Infinity, endDiscard: 0 });
    expect(flat([...t.push(block(0, 4), 0), ...t.push(block(4, 4), 4)])).toEqual([6, 7]);
  });

  it('holds back and drops the last `endDiscard` frames of the stream', () => {
    const t = new Trimmer({ from: 0, to: Infinity, endDiscard: 3 });
    const out = [...t.push(block(0, 4), 0), ...t.push(block(4, 4), 4), ...t.push(block(8, 2), 8)];
    t.finish();
    expect(flat(out)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
