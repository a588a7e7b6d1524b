import { describe, expect, it } from 'vitest';
import { ListenMeter, PlayOutbox, type KeyValueStorage } from './playReportLogic.ts';

class MemoryStorage implements KeyValueStorage {
  data = new Map<string, string>();
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
}

const fail = (status: number) => Object.assign(new Error(`status ${status}`), { status });

describe('ListenMeter', () => {
  it('counts continuous playback', () => {
    const m = new ListenMeter();
    for (let t = 0; t <= 10_000; t += 250) m.sample(t, t);
    expect(m.listenedMs).toBe(10_000);
  });

  it('a seek or scrub adds nothing: listened time, not position', () => {
    const m = new ListenMeter();
    for (let t = 0; t <= 2000; t += 250) m.sample(t, t); // 2 s heard
    m.sample(25_000, 2100); // jumped to 25 s
    for (let t = 250; t <= 1000; t += 250) m.sample(25_000 + t, 2100 + t); // 1 s heard
    expect(m.listenedMs).toBe(3000);
    // Scrubbing back and forth in small quick steps.
    m.sample(20_000, 3200);
    m.sample(40_000, 3300);
    m.sample(60_000, 3400);
    expect(m.listenedMs).toBe(3000);
  });

  it('a pause (break) does not count the paused wall time or the resume jump', () => {
    const m = new ListenMeter();
    m.sample(0, 0);
    m.sample(1000, 1000);
    m.break();
    m.sample(1000, 60_000); // resumed a minute later
    m.sample(1250, 60_250);
    expect(m.listenedMs).toBe(1250);
  });
});

describe('PlayOutbox', () => {
  it('persists events before sending, keeps them on network failure, and resends after reload', async () => {
    const storage = new MemoryStorage();
    let now = 1000;
    const sent: string[][] = [];
    let online = false;
    const make = () =>
      new PlayOutbox<{ id: string }>({
        storage,
        key: 'k',
        now: () => now,
        send: async (events) => {
          if (!online) throw fail(0);
          sent.push(events.map((e) => e.id));
        },
      });
    const a = make();
    a.push('e1', { id: 'e1' });
    a.push('e2', { id: 'e2' });
    a.push('e1', { id: 'e1' }); // same client event id: kept once
    expect(JSON.parse(storage.getItem('k') ?? '[]')).toHaveLength(2);
    await a.flush();
    expect(a.pending).toHaveLength(2);
    expect(a.dueIn()).toBeGreaterThan(0); // backing off
    await a.flush(); // not due yet: nothing sent
    expect(sent).toEqual([]);

    // The window reloads while offline; later the network is back.
    const b = make();
    expect(b.pending.map((i) => i.id)).toEqual(['e1', 'e2']);
    online = true;
    now += 60_000;
    await b.flush();
    expect(sent).toEqual([['e1', 'e2']]);
    expect(b.pending).toHaveLength(0);
    expect(JSON.parse(storage.getItem('k') ?? '[]')).toEqual([]);
  });

  it('retries 5xx and 429; drops events the server refuses for good (4xx) so they never block the rest', async () => {
    const storage = new MemoryStorage();
    let now = 0;
    const answers = [fail(503), fail(429), fail(400), null];
    const sent: string[][] = [];
    const box = new PlayOutbox<string>({
      storage,
      key: 'k',
      now: () => now,
      batch: 1,
      send: async (events) => {
        const a = answers.shift();
        if (a) throw a;
        sent.push(events);
      },
    });
    box.push('bad', 'bad');
    box.push('good', 'good');
    await box.flush(); // 503
    now += 10 * 60_000;
    await box.flush(); // 429
    expect(box.pending.map((i) => i.id)).toEqual(['bad', 'good']);
    expect(box.pending[0]?.attempts).toBe(2);
    now += 10 * 60_000;
    await box.flush(); // 400 drops "bad", then "good" goes
    expect(sent).toEqual([['good']]);
    expect(box.pending).toHaveLength(0);
  });

  it('caps the outbox, dropping the oldest', () => {
    const box = new PlayOutbox<number>({ storage: null, key: 'k', max: 3, send: async () => {} });
    for (let i = 0; i < 5; i++) box.push(`e${i}`, i);
    expect(box.pending.map((i) => i.event)).toEqual([2, 3, 4]);
  });

  it('concurrent flushes share one run (no double send)', async () => {
    let calls = 0;
    const box = new PlayOutbox<number>({
      storage: null,
      key: 'k',
      send: async () => {
        calls++;
        await new Promise((r) => setTimeout(r, 5));
      },
    });
    box.push('a', 1);
    await Promise.all([box.flush(), box.flush(), box.flush()]);
    expect(calls).toBe(1);
  });
});
