import { describe, expect, it } from 'vitest';
import { createHandoff } from './handoff.ts';

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), m };
}

describe('player state hand-off to a reloaded page', () => {
  it('gives the next page what this one left, once', () => {
    const storage = memoryStorage();
    let t = 1_000;
    const handoff = createHandoff<{ queue: number[] }>({ storage, now: () => t });
    handoff.leave({ queue: [] });
    t += 500;
    expect(handoff.take()).toEqual({ queue: [] });
    expect(handoff.take()).toBeNull();
  });

  it('ignores a state left too long ago (the server may know better now)', () => {
    const storage = memoryStorage();
    let t = 0;
    const handoff = createHandoff<{ queue: number[] }>({ storage, now: () => t, maxAgeMs: 30_000 });
    handoff.leave({ queue: [1, 2] });
    t = 30_001;
    expect(handoff.take()).toBeNull();
    expect(storage.m.size).toBe(0);
  });

  it('survives broken or missing storage', () => {
    const storage = memoryStorage();
    storage.setItem('tonearm.player.handoff', '{not json');
    expect(createHandoff({ storage }).take()).toBeNull();
    expect(createHandoff({ storage: null }).take()).toBeNull();
    const throwing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); }, removeItem: () => {} };
    expect(() => createHandoff({ storage: throwing }).leave({})).not.toThrow();
    expect(createHandoff({ storage: throwing }).take()).toBeNull();
  });
});
