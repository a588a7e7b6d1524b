import { describe, expect, it } from 'vitest';
import { Mixer, type MixerEvent } from '../output/mixer.ts';
import type { FromWorklet, ToWorklet } from '../output/protocol.ts';
import { Feeder } from './feeder.ts';
import type { FromDecoder, StreamSource } from './protocol.ts';
import type { PcmStream } from './slot.ts';
import { heldOpen, RampStream } from './testing/rampStream.ts';

const RATE = 44100;
const source = (url: string): StreamSource => ({ url, credentials: 'same-origin' });

/** The feeder wired to a real Mixer (the worklet's heart) through a port that delivers at once. */
function rig(open: (s: StreamSource) => Promise<PcmStream>) {
  const mixer = new Mixer(1, 0);
  const sent: ToWorklet[] = [];
  const posted: FromDecoder[] = [];
  const port = {
    onmessage: null as ((e: MessageEvent<FromWorklet>) => void) | null,
    postMessage(m: ToWorklet) {
      sent.push(m);
      if (m.type === 'add') mixer.add(m);
      else if (m.type === 'pcm') mixer.pcm(m.key, m.channels);
      else if (m.type === 'end') mixer.end(m.key);
      else if (m.type === 'drop') mixer.drop(m.key);
      else if (m.type === 'play') mixer.play();
      else if (m.type === 'pause') mixer.pause();
      else if (m.type === 'flush') mixer.flush();
    },
  };
  const feeder = new Feeder(port as unknown as MessagePort, RATE, (m) => posted.push(m), { open });
  /** Renders `frames` and reports the mixer's events and status to the feeder, as the worklet does. */
  const render = (frames: number) => {
    const out = new Float32Array(frames);
    const events: MixerEvent[] = [];
    mixer.process(out, new Float32Array(frames), frames, 0, events);
    port.onmessage?.({ data: { type: 'events', events: [...events], status: mixer.status(), frame: frames } } as MessageEvent<FromWorklet>);
    return { out, events };
  };
  const adds = () => sent.filter((m) => m.type === 'add').map((m) => ({ key: m.key, offset: m.offset }));
  return { feeder, sent, posted, render, adds };
}

/** Lets the feeder's pending promises run (the port delivers at once: everything is a microtask). */
async function settle(): Promise<void> {
  for (let i = 0; i < 2000; i++) await Promise.resolve();
}

/** The first `n` samples are the ramp from `from` (one sample after another). */
function expectRamp(out: Float32Array, at: number, from: number, n: number): void {
  const wrong = Array.from({ length: n }, (_, i) => i).find((i) => out[at + i] !== from + i);
  expect(wrong === undefined ? null : { index: at + wrong, got: out[at + wrong], want: from + wrong }).toBeNull();
}

describe('Feeder: a seek that overlaps an unfinished load or seek', () => {
  it('a seek while the track is still opening starts it once, on the seek\'s sample', async () => {
    const track = new RampStream(2 * RATE);
    const held = heldOpen(track);
    const r = rig(() => held.open);
    void r.feeder.load(1, 7, source('a'), 1, true, 0);
    void r.feeder.seek(RATE / 2);
    held.opened();
    await settle();
    // What plays: frame 22050 on, sample after sample, to the track's end; then it has ended.
    const rest = 2 * RATE - RATE / 2;
    const { out, events } = r.render(rest + 100);
    expectRamp(out, 0, RATE / 2, rest);
    expect(out[rest]).toBe(0);
    expect(events.filter((e) => e.type === 'underrun')).toEqual([]);
    expect(r.posted).toContainEqual({ type: 'ended', id: 7, late: false });
    // The stream started once, queued once (the load's own start at 0 was superseded), and the load answered.
    expect(track.starts).toEqual([RATE / 2]);
    expect(r.adds()).toEqual([{ key: 2, offset: RATE / 2 }]);
    expect(r.posted).toContainEqual({ type: 'loaded', req: 1, error: null });
  });

  it('two seeks while the next track\'s stream is still opening: the last one plays, and the next track joins', async () => {
    const a = new RampStream(2 * RATE);
    const b = new RampStream(RATE);
    const heldB = heldOpen(b);
    const r = rig((s) => (s.url === 'a' ? Promise.resolve(a) : heldB.open));
    void r.feeder.load(1, 7, source('a'), 1, true, 0);
    await settle();
    r.feeder.setNext({ id: 8, source: source('b'), gain: 1, xfade: 0 });
    await settle();
    const before = r.adds().length;
    void r.feeder.seek(RATE / 4);
    void r.feeder.seek(RATE / 2);
    heldB.opened();
    await settle();
    // What plays: track a from 22050 to its end, then track b from its first sample, then the end.
    const restA = 2 * RATE - RATE / 2;
    const { out, events } = r.render(restA + RATE + 100);
    expectRamp(out, 0, RATE / 2, restA);
    expectRamp(out, restA, 0, RATE);
    expect(events.filter((e) => e.type === 'underrun')).toEqual([]);
    expect(r.posted).toContainEqual({ type: 'started', id: 8, advanced: true });
    expect(r.posted).toContainEqual({ type: 'ended', id: 8, late: false });
    // Track a restarted for the last seek only, and was queued once after the seeks (b once, from 0).
    expect(a.starts.slice(1)).toEqual([RATE / 2]);
    expect(r.adds().slice(before).map((x) => x.offset)).toEqual([RATE / 2, 0]);
  });
});
