import { describe, expect, it } from 'vitest';
import { chooseRung, monthKey, parseStablePath, planEviction, rangeAnswer, rungForThroughput, StallPolicy, stableRenditionPath, stepDown, ThroughputMeter } from './policy.ts';

describe('rendition choice', () => {
  it('maps throughput to rungs at 1 and 5 Mb/s', () => {
    expect(rungForThroughput(300_000)).toBe('low');
    expect(rungForThroughput(999_999)).toBe('low');
    expect(rungForThroughput(1_000_000)).toBe('medium');
    expect(rungForThroughput(4_999_999)).toBe('medium');
    expect(rungForThroughput(5_000_000)).toBe('high');
  });
  it('overrides win; auto takes the lower of measured and downlink; unknown is medium', () => {
    expect(chooseRung('low', 50e6, 10)).toBe('low');
    expect(chooseRung('high', 100_000, 0.1)).toBe('high');
    expect(chooseRung('auto', null, null)).toBe('medium');
    expect(chooseRung('auto', 20e6, null)).toBe('high');
    expect(chooseRung('auto', 20e6, 2)).toBe('medium');
    expect(chooseRung('auto', 600_000, 10)).toBe('low');
    expect(chooseRung('auto', null, 0.5)).toBe('low');
  });
  it('steps down one rung at a time', () => {
    expect(stepDown('high')).toBe('medium');
    expect(stepDown('medium')).toBe('low');
    expect(stepDown('low')).toBe('low');
  });
});

describe('throughput meter', () => {
  it('averages recent samples by total bytes / total time, ignoring tiny and old ones', () => {
    const m = new ThroughputMeter(3, 60_000, 1000);
    expect(m.estimate(0)).toBeNull();
    m.add(500, 1, 0); // too small: latency, not throughput
    expect(m.estimate(0)).toBeNull();
    m.add(125_000, 1000, 0); // 1 Mb/s
    m.add(375_000, 1000, 10); // 3 Mb/s
    expect(m.estimate(100)).toBe(2_000_000);
    expect(m.estimate(70_000)).toBeNull();
    for (let i = 0; i < 5; i++) m.add(1_250_000, 1000, 80_000); // keeps only 3
    expect(m.estimate(80_000)).toBe(10_000_000);
  });
});

describe('stall policy', () => {
  it('steps down after two stalls longer than 2 s within 30 s', () => {
    const p = new StallPolicy();
    p.waiting(0);
    expect(p.resumed(1500)).toBe(false); // short wait: not a stall
    p.waiting(2000);
    expect(p.resumed(4500)).toBe(false); // first stall
    p.waiting(10_000);
    expect(p.resumed(12_500)).toBe(true); // second within 30 s
    p.waiting(50_000);
    expect(p.resumed(53_000)).toBe(false); // history restarted after the step-down
  });
  it('forgets stalls older than 30 s', () => {
    const p = new StallPolicy();
    p.waiting(0);
    expect(p.resumed(3000)).toBe(false);
    p.waiting(40_000);
    expect(p.resumed(43_000)).toBe(false);
  });
  it('counts a stall that is still going on when polled', () => {
    const p = new StallPolicy();
    p.waiting(0);
    expect(p.check(1000)).toBe(false);
    expect(p.check(2500)).toBe(false); // first stall counted
    expect(p.check(4000)).toBe(false);
    expect(p.check(5000)).toBe(true); // still waiting > 2 s later: second
  });
});

describe('LRU eviction', () => {
  const e = (key: string, bytes: number, lastUsed: number, pinned = false) => ({ key, bytes, lastUsed, pinned });
  it('evicts least recently used first until it fits', () => {
    const entries = [e('a', 400, 3), e('b', 400, 1), e('c', 400, 2)];
    expect(planEviction(entries, 1200)).toEqual([]);
    expect(planEviction(entries, 1000)).toEqual(['b']);
    expect(planEviction(entries, 500)).toEqual(['b', 'c']);
    expect(planEviction(entries, 1200, 300)).toEqual(['b']);
  });
  it('never evicts pinned entries, even over the limit', () => {
    const entries = [e('a', 400, 1, true), e('b', 400, 2), e('c', 400, 3, true)];
    expect(planEviction(entries, 100)).toEqual(['b']);
  });
});

describe('Range answers from a cached body', () => {
  it('builds 200/206/416 headers', () => {
    expect(rangeAnswer(null, 100, 'audio/mp4')).toMatchObject({ status: 200, start: 0, end: 99, headers: { 'content-length': '100' } });
    expect(rangeAnswer('bytes=10-', 100, 'audio/mp4')).toMatchObject({
      status: 206, start: 10, end: 99, headers: { 'content-length': '90', 'content-range': 'bytes 10-99/100', 'accept-ranges': 'bytes', 'content-type': 'audio/mp4' },
    });
    expect(rangeAnswer('bytes=200-', 100, 'audio/mp4')).toMatchObject({ status: 416, headers: { 'content-range': 'bytes */100' } });
    // Parsed by the contract's parseByteRange (one copy for every server): a long suffix is the whole body.
    expect(rangeAnswer('bytes=-500', 100, 'audio/mp4')).toMatchObject({ status: 206, start: 0, end: 99, headers: { 'content-range': 'bytes 0-99/100' } });
  });
});

describe('keys', () => {
  it('stable rendition paths round-trip; months are YYYY-MM', () => {
    expect(parseStablePath(stableRenditionPath(12, 'medium'))).toEqual({ trackId: 12, rung: 'medium' });
    expect(parseStablePath('/cache/renditions/12/preview')).toBeNull();
    expect(monthKey(new Date(2025, 2, 31).getTime())).toBe('2025-03');
  });
});
