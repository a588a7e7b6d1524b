import { describe, expect, it } from 'vitest';
import { judgePlay } from './playRule.ts';

describe('judgePlay: 30 s or half the track, whichever comes first; never for a scrub', () => {
  // [msListened, durationMs, completed, wallMs, counted, skipped, msStored]
  const table: [number, number, boolean, number | undefined, boolean, boolean, number][] = [
    [29_999, 240_000, false, undefined, false, true, 29_999], // just under 30 s of a 4-min track: skip, no count
    [30_000, 240_000, false, undefined, true, false, 30_000], // 30 s: counts
    [45_000, 60_000, false, undefined, true, false, 45_000], // half of 60 s is 30 s: counts
    [20_000, 40_000, false, undefined, true, true, 20_000], // half a 40 s track counts, but stopped before 30 s is still a skip
    [19_999, 40_000, false, undefined, false, true, 19_999],
    [10_000, 20_000, true, undefined, true, false, 10_000], // short track: 10 s is half; ended naturally: not a skip
    [5_000, 240_000, true, undefined, false, false, 5_000], // scrubbed to the end, heard 5 s: completed, not counted, not a skip
    [0, 240_000, false, undefined, false, true, 0],
    [31_000, 0, false, undefined, true, false, 31_000], // unknown duration: 30 s rule alone
    [60_000, 240_000, false, 10_000, false, true, 12_000], // claims 60 s in 10 s of wall time: clamped (2 s slack)
    [500_000, 240_000, true, undefined, true, false, 242_000], // more than the track (+ slack) is clamped
    [-5, 240_000, false, undefined, false, true, 0],
    [Number.NaN, 240_000, false, undefined, false, true, 0],
  ];
  it.each(table)('listened %i of %i (completed %s, wall %s) → counted %s, skipped %s', (ms, duration, completed, wall, counted, skipped, stored) => {
    expect(judgePlay({ msListened: ms, durationMs: duration, completed, wallMs: wall })).toEqual({ counted, skipped, msListened: stored });
  });
});
