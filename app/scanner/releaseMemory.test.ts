// The memory-reducing collection after a burst: it runs, and leaves no `gc` behind — not in the main
// context, not in contexts made later (the flag it needs is set only while it finds the collector).
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { releaseMemory } from './releaseMemory.ts';

describe('releaseMemory', () => {
  it('runs, and exposes no gc to any context', () => {
    const before = typeof (globalThis as { gc?: unknown }).gc;
    releaseMemory();
    releaseMemory(); // the collector is found once and kept
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe(before);
    if (!process.execArgv.includes('--expose-gc')) expect(vm.runInNewContext('typeof gc')).toBe('undefined');
  });
});
