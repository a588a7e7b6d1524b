import { describe, expect, it } from 'vitest';
import { equalPower, Mixer, type MixerEvent } from './mixer.ts';

const ramp = (from: number, n: number) => Float32Array.from({ length: n }, (_, i) => from + i);

function render(m: Mixer, frames: number, events: MixerEvent[] = []): Float32Array {
  const l = new Float32Array(frames);
  const r = new Float32Array(frames);
  m.process(l, r, frames, 0, events);
  return l;
}

describe('Mixer', () => {
  it('joins items sample after sample (gapless) and applies each gain from its first sample', () => {
    const m = new Mixer(1);
    m.add({ key: 1, gain: 1, xfade: 0, offset: 0 });
    m.add({ key: 2, gain: 0.5, xfade: 0, offset: 0 });
    m.pcm(1, [ramp(1, 5)]);
    m.end(1);
    m.pcm(2, [ramp(100, 4)]);
    m.end(2);
    m.play();
    const events: MixerEvent[] = [];
    const out = render(m, 12, events);
    // fade of one frame: the first frame ramps from 0 to 1 at once
    expect([...out]).toEqual([1, 2, 3, 4, 5, 50, 50.5, 51, 51.5, 0, 0, 0]);
    expect(events.filter((e) => e.type === 'started').map((e) => [e.key, (e as { frame: number }).frame])).toEqual([[1, 0], [2, 5]]);
    expect(events.filter((e) => e.type === 'ended').map((e) => e.key)).toEqual([1, 2]);
  });

  it('crossfades the last `xfade` frames with equal-power curves', () => {
    const m = new Mixer(1);
    m.add({ key: 1, gain: 1, xfade: 0, offset: 0 });
    m.add({ key: 2, gain: 1, xfade: 4, offset: 0 });
    m.pcm(1, [new Float32Array(8).fill(1)]);
    m.end(1);
    m.pcm(2, [new Float32Array(8).fill(10)]);
    m.end(2);
    m.play();
    const out = render(m, 12);
    for (let i = 0; i < 4; i++) {
      const [a, b] = equalPower(i / 4);
      expect(out[4 + i]).toBeCloseTo(a * 1 + b * 10, 5);
    }
    expect(out[8]).toBeCloseTo(10, 5);
  });

  it('fades out on pause and flush, never clicks, and keeps items added after a flush', () => {
    const m = new Mixer(4);
    m.add({ key: 1, gain: 1, xfade: 0, offset: 0 });
    m.pcm(1, [new Float32Array(100).fill(1)]);
    m.play();
    const a = render(m, 8);
    expect([...a.slice(0, 4)]).toEqual([0.25, 0.5, 0.75, 1]);
    m.flush();
    m.add({ key: 2, gain: 1, xfade: 0, offset: 500 });
    m.pcm(2, [new Float32Array(100).fill(2)]);
    const b = render(m, 12);
    expect(b[0]).toBeCloseTo(0.75);
    expect(b[2]).toBeCloseTo(0.25);
    expect(b[3]).toBe(0);
    expect(Math.max(...b.slice(4))).toBe(2);
    expect(m.status()).toMatchObject({ key: 2, playing: true });
    expect(m.status().position).toBeGreaterThan(500);
    m.pause();
    const c = render(m, 8);
    expect(c[3]).toBe(0);
    const pos = m.status().position;
    render(m, 8);
    expect(m.status().position).toBe(pos);
  });

  it('reports an underrun once and resumes when data arrives', () => {
    const m = new Mixer(1);
    m.add({ key: 1, gain: 1, xfade: 0, offset: 0 });
    m.pcm(1, [ramp(1, 2)]);
    m.play();
    const events: MixerEvent[] = [];
    render(m, 6, events);
    expect(events.filter((e) => e.type === 'underrun')).toHaveLength(1);
    m.pcm(1, [ramp(3, 2)]);
    expect([...render(m, 2)]).toEqual([3, 4]);
  });

  it('drops a queued item that has not started', () => {
    const m = new Mixer(1);
    m.add({ key: 1, gain: 1, xfade: 0, offset: 0 });
    m.add({ key: 2, gain: 1, xfade: 0, offset: 0 });
    m.pcm(1, [ramp(1, 2)]);
    m.end(1);
    m.pcm(2, [ramp(9, 2)]);
    m.drop(2);
    m.play();
    expect([...render(m, 4)]).toEqual([1, 2, 0, 0]);
  });
});

describe('Mixer accounting and restarts', () => {
  it('waits for the preroll before a track starts, without counting it as a gap', () => {
    const m = new Mixer(1, 4);
    m.add({ key: 1, gain: 1, xfade: 0, offset: 0 });
    m.play();
    m.pcm(1, [ramp(1, 2)]);
    const events: MixerEvent[] = [];
    expect([...render(m, 3, events)]).toEqual([0, 0, 0]);
    expect(events).toEqual([{ type: 'underrun', key: 1, gap: false }]);
    m.pcm(1, [ramp(3, 2)]);
    expect([...render(m, 4)]).toEqual([1, 2, 3, 4]);
    expect(m.status().starved).toBe(0);
  });

  it('counts a join whose next track has no data as starved frames, and fades the late start in', () => {
    const m = new Mixer(4, 2);
    m.add({ key: 1, gain: 1, xfade: 0, offset: 0 });
    m.add({ key: 2, gain: 1, xfade: 0, offset: 0 });
    m.pcm(1, [new Float32Array(8).fill(1)]);
    m.end(1);
    m.play();
    const events: MixerEvent[] = [];
    render(m, 8, events);
    const gap = render(m, 3, events);
    expect([...gap]).toEqual([0, 0, 0]);
    expect(events.filter((e) => e.type === 'underrun')).toEqual([{ type: 'underrun', key: 2, gap: true }]);
    expect(m.status().starved).toBe(3);
    m.pcm(2, [new Float32Array(8).fill(1)]);
    // No step from silence to full level: the late track fades in.
    expect([...render(m, 5)]).toEqual([0.25, 0.5, 0.75, 1, 1]);
  });

  it('fades in after a seek (flush) instead of starting mid-waveform at full level', () => {
    const m = new Mixer(4);
    m.add({ key: 1, gain: 1, xfade: 0, offset: 0 });
    m.pcm(1, [new Float32Array(64).fill(1)]);
    m.play();
    render(m, 8);
    m.flush();
    m.add({ key: 2, gain: 1, xfade: 0, offset: 1000 });
    expect([...render(m, 6)]).toEqual([0.75, 0.5, 0.25, 0, 0, 0]);
    m.pcm(2, [new Float32Array(8).fill(1)]);
    expect([...render(m, 5)]).toEqual([0.25, 0.5, 0.75, 1, 1]);
  });

  it('never plays a track queued while paused after the queue ran dry', () => {
    const m = new Mixer(4);
    m.add({ key: 1, gain: 1, xfade: 0, offset: 0 });
    m.pcm(1, [new Float32Array(8).fill(1)]);
    m.end(1);
    m.play();
    render(m, 12);
    m.flush();
    m.pause();
    m.add({ key: 2, gain: 1, xfade: 0, offset: 0 });
    m.pcm(2, [new Float32Array(8).fill(1)]);
    const events: MixerEvent[] = [];
    expect([...render(m, 8, events)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(events.filter((e) => e.type === 'started')).toEqual([]);
    expect(m.status().position).toBe(0);
  });

  it('counts runs of digital silence a track plays (32 frames or more)', () => {
    const m = new Mixer(1);
    m.add({ key: 1, gain: 1, xfade: 0, offset: 0 });
    m.pcm(1, [new Float32Array(31)]);
    m.pcm(1, [Float32Array.of(1)]);
    m.pcm(1, [new Float32Array(40)]);
    m.play();
    render(m, 80);
    expect(m.status().zeroRuns).toBe(40);
  });
});

describe('Mixer waking from a sleep (the context resumed)', () => {
  // The engine's figures at 44.1 kHz: a 12 ms fade, the worklet's hold after a wake, and what the
  // platform was seen to lose of a waking stream (Chromium → PulseAudio): its first 1024 samples.
  const FADE = 529;
  const HOLD = 1280;
  const LOST = 1024;
  /** Plays a track whose sample k is k + 1, pauses, lets the output sleep, resumes; returns what is heard of the resume and where the pause stopped. */
  function resumeHeard(wake: boolean): { heard: number[]; stopped: number } {
    const m = new Mixer(FADE);
    m.add({ key: 1, gain: 1, xfade: 0, offset: 0 });
    m.pcm(1, [ramp(1, 20_000)]);
    m.play();
    const quanta = (n: number) => Array.from({ length: n }, () => [...render(m, 128)]).flat();
    quanta(20);
    m.pause();
    quanta(10);
    const stopped = m.status().position;
    if (wake) m.wake(HOLD);
    m.play();
    return { heard: quanta(30).slice(LOST), stopped };
  }

  it('renders silence for the hold, then fades in from the sample where the pause stopped', () => {
    const { heard, stopped } = resumeHeard(true);
    const sound = heard.findIndex((v) => v !== 0);
    expect(sound).toBe(HOLD - LOST);
    // Sample `stopped` (worth stopped + 1) at 1/FADE, the next at 2/FADE, …: the whole fade is heard.
    for (let i = 0; i < FADE + 4; i++) expect(heard[sound + i]).toBeCloseTo((stopped + 1 + i) * Math.min(1, (i + 1) / FADE), 2);
  });

  it('without the hold, the lost samples are the fade-in: the resume starts at full level (a click)', () => {
    const { heard, stopped } = resumeHeard(false);
    expect(heard[0]).toBeCloseTo(stopped + 1 + LOST, 2);
  });

  it('does not report the position as moving while it holds', () => {
    const m = new Mixer(FADE);
    m.add({ key: 1, gain: 1, xfade: 0, offset: 0 });
    m.pcm(1, [ramp(1, 4096)]);
    m.wake(HOLD);
    m.play();
    render(m, 1024);
    expect(m.status()).toMatchObject({ playing: false, position: 0 });
    render(m, 512);
    expect(m.status()).toMatchObject({ playing: true, position: 1536 - HOLD });
  });
});

describe('equalPower', () => {
  it('keeps the summed power constant', () => {
    for (const p of [0, 0.1, 0.5, 0.9, 1]) {
      const [a, b] = equalPower(p);
      expect(a * a + b * b).toBeCloseTo(1, 10);
    }
    expect(equalPower(0)).toEqual([1, 0]);
  });
});
