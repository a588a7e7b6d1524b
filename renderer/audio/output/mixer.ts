// The sample-exact heart of playback, run inside the AudioWorklet (output.worklet.ts) and unit-tested
// under Node: a queue of items (one decoded track each, already at the context's sample rate) played
// back to back. Item N+1 starts on the very sample after item N's last one (gapless), or overlaps
// its last `xfade` frames with equal-power curves (crossfade). Each item's loudness gain is applied
// from its first sample, so the gain changes exactly at the boundary. Pause, resume, seek and skip
// go through a short master fade (no click). After the output wakes from a sleep (the AudioContext
// resumed), it renders silence for a moment first (`wake`): the platform can drop the first samples
// a waking stream is given, and the fade-in must not be among them. DOM-free and allocation-free
// per sample.

export interface ItemSpec {
  /** Unique per queued item (a seek re-queues the same track under a new key). */
  key: number;
  /** Linear gain (loudness normalization), applied from the item's first sample. */
  gain: number;
  /** Frames this item overlaps the end of the previous one (0: gapless, sample after sample). */
  xfade: number;
  /** Position (frames) of the item's first sample within its track (non-zero after a seek). */
  offset: number;
}

interface Item extends ItemSpec {
  chunks: Float32Array[][];
  /** Frames already taken from chunks[0]. */
  chunkPos: number;
  /** Frames queued and not yet played. */
  buffered: number;
  /** No more PCM will come. */
  ended: boolean;
  played: number;
  started: boolean;
  /** Current gain, ramping to `gain` after a change (set at once when the item starts). */
  current: number;
  /** Dropped by a flush once the fade-out reaches silence. */
  doomed: boolean;
  underrun: boolean;
}

export type MixerEvent =
  | { type: 'started'; key: number; frame: number }
  | { type: 'ended'; key: number; frame: number }
  /** `gap`: a started (or joining) track ran dry — the listener hears silence; else it is loading. */
  | { type: 'underrun'; key: number; gap: boolean }
  | { type: 'faded' };

export interface MixerStatus {
  key: number | null;
  /** Track position (frames) of the next sample of the current item. */
  position: number;
  /** Frames queued across all items, not yet played. */
  ahead: number;
  playing: boolean;
  /** Frames played as silence because a track that had not ended had no data yet (since creation). */
  starved: number;
  /** Frames of tracks played as runs of ≥ 32 exact zeros (digital silence in the music itself). */
  zeroRuns: number;
  /** PCM frames received so far, kept or not: the feeder's frames sent minus these are in flight. */
  received: number;
}

/** Equal-power crossfade: gains of the outgoing and incoming item at progress p ∈ [0, 1]. */
export function equalPower(p: number): [out: number, inc: number] {
  const x = Math.min(1, Math.max(0, p)) * (Math.PI / 2);
  return [Math.cos(x), Math.sin(x)];
}

export class Mixer {
  private items: Item[] = [];
  private playing = false;
  /** Master fade gain 0..1 and its per-frame step. */
  private fade = 0;
  private readonly fadeStep: number;
  private readonly gainStep: number;
  private faded = true;
  private starved = 0;
  private zeroRun = 0;
  private zeroRuns = 0;
  private received = 0;
  /** The previous item just ended into items[0]. */
  private joining = false;
  /** Frames of silence still to render after a wake before anything may play. */
  private hold = 0;

  private readonly preroll: number;

  /**
   * `fadeFrames`: length of the click-free fade on pause/seek/skip (e.g. 12 ms of frames).
   * `prerollFrames`: a track starts (or resumes after running dry) only once this much is queued
   * or its end is known, so a slow start does not stutter.
   */
  constructor(fadeFrames: number, prerollFrames = 0) {
    this.fadeStep = 1 / Math.max(1, fadeFrames);
    this.gainStep = 1 / Math.max(1, fadeFrames * 4);
    this.preroll = prerollFrames;
  }

  add(spec: ItemSpec): void {
    this.items.push({ ...spec, chunks: [], chunkPos: 0, buffered: 0, ended: false, played: 0, started: false, current: spec.gain, doomed: false, underrun: false });
  }

  pcm(key: number, channels: Float32Array[]): void {
    const item = this.find(key);
    const frames = channels[0]?.length ?? 0;
    this.received += frames;
    if (!item || item.ended || frames === 0) return;
    item.chunks.push(channels);
    item.buffered += frames;
  }

  end(key: number): void {
    const item = this.find(key);
    if (item) item.ended = true;
  }

  /** Removes an item that has not started (e.g. the queued next track changed). */
  drop(key: number): void {
    this.items = this.items.filter((i) => i.key !== key || i.started);
  }

  setGain(key: number, gain: number): void {
    const item = this.find(key);
    if (item) item.gain = gain;
  }

  play(): void {
    this.playing = true;
    this.faded = false;
  }

  pause(): void {
    this.playing = false;
  }

  /**
   * The output is waking from a sleep (the context resumed): the next `frames` rendered are
   * silence whatever plays, and what plays then starts after them with its fade-in, on the sample
   * it would have started on. Measured in Chromium on PulseAudio: a stream that wakes can lose
   * the first ~1024 samples it is given; when those held a resume's 12 ms fade-in, the resume
   * began mid-waveform at full level (a click).
   */
  wake(frames: number): void {
    this.hold = Math.max(this.hold, Math.max(0, Math.round(frames)));
  }

  /** Fades out what plays now, then drops every item queued so far; items added later stay. */
  flush(): void {
    for (const i of this.items) i.doomed = true;
    if (this.fade === 0) this.dropDoomed();
  }

  status(): MixerStatus {
    const cur = this.items.find((i) => !i.doomed) ?? null;
    let ahead = 0;
    for (const i of this.items) if (!i.doomed) ahead += i.buffered;
    return { key: cur?.key ?? null, position: cur ? cur.offset + cur.played : 0, ahead, playing: this.playing && this.hold === 0, starved: this.starved, zeroRuns: this.zeroRuns, received: this.received };
  }

  /**
   * Fills `left`/`right` (`frames` samples); `frame` is the context frame of the first one. The
   * master fade ramps down on pause/flush, and ramps up only while a track's samples flow — so
   * output never steps from silence into the middle of a waveform (seek, skip, resume, recovery).
   */
  process(left: Float32Array, right: Float32Array, frames: number, frame: number, events: MixerEvent[]): void {
    for (let n = 0; n < frames; n++) {
      if (this.hold > 0) {
        // Waking: nothing has been audible since the sleep, so this starts from silence too.
        this.hold--;
        this.fade = 0;
        left[n] = 0;
        right[n] = 0;
        continue;
      }
      if (this.fade === 0 && this.items[0]?.doomed) this.dropDoomed();
      const target = this.playing && !this.items[0]?.doomed ? 1 : 0;
      if (this.fade > target) this.fade = Math.max(target, this.fade - this.fadeStep);
      if (this.fade === 0 && target === 0) {
        if (!this.faded) {
          this.faded = true;
          events.push({ type: 'faded' });
        }
        left[n] = 0;
        right[n] = 0;
        continue;
      }
      this.faded = false;
      this.took = false;
      const out = this.mixFrame(frame + n, events);
      if (this.took && this.fade < target) this.fade = Math.min(target, this.fade + this.fadeStep);
      if (!this.took) {
        // Nothing flows: whatever comes next starts from silence, with a fade-in (and a paused
        // output never lets a fade-out tail play into a track queued meanwhile).
        this.fade = 0;
        this.zeroRun = 0;
      } else if (out[0] === 0 && out[1] === 0) {
        if (++this.zeroRun === 32) this.zeroRuns += 32;
        else if (this.zeroRun > 32) this.zeroRuns++;
      } else this.zeroRun = 0;
      left[n] = out[0] * this.fade;
      right[n] = out[1] * this.fade;
    }
  }

  private readonly frameOut: [number, number] = [0, 0];
  /** mixFrame took a sample of some track. */
  private took = false;

  private mixFrame(frame: number, events: MixerEvent[]): [number, number] {
    const out = this.frameOut;
    out[0] = 0;
    out[1] = 0;
    for (;;) {
      const cur = this.items[0];
      if (!cur) return out;
      if (cur.buffered === 0 && cur.ended) {
        this.items.shift();
        events.push({ type: 'ended', key: cur.key, frame });
        // The next item must continue on this very frame: if it has no data, that is a gap.
        this.joining = this.items.length > 0;
        continue;
      }
      const next = this.items[1];
      // Crossfade window: the outgoing item has ended and its last `xfade` frames are playing.
      if (next && !next.doomed && next.xfade > 0 && cur.ended && cur.buffered <= next.xfade) {
        const [gOut, gIn] = equalPower(1 - cur.buffered / next.xfade);
        this.take(cur, gOut, frame, events);
        if (next.buffered > 0) this.take(next, gIn, frame, events);
        else this.underrun(next, events);
        return out;
      }
      const ready = cur.buffered > 0 && (cur.ended || cur.buffered >= this.preroll || (cur.started && !cur.underrun) || this.joining);
      if (!ready) {
        // Before a track's first sample (and not joining another), waiting for data is loading.
        if (cur.started || this.joining) {
          this.underrun(cur, events);
          this.fade = 0; // resume with a fade-in, not a step
        }
        else if (!cur.underrun) {
          cur.underrun = true;
          events.push({ type: 'underrun', key: cur.key, gap: false });
        }
        return out;
      }
      this.joining = false;
      this.take(cur, 1, frame, events);
      return out;
    }
  }

  /** A started (or joining) item has no data for this frame: silence the listener hears as a gap. */
  private underrun(item: Item, events: MixerEvent[]): void {
    this.starved++;
    if (!item.underrun) {
      item.underrun = true;
      events.push({ type: 'underrun', key: item.key, gap: true });
    }
  }

  /** Adds one frame of `item` × `weight` to frameOut and advances it. */
  private take(item: Item, weight: number, frame: number, events: MixerEvent[]): void {
    if (!item.started) {
      item.started = true;
      item.current = item.gain;
      events.push({ type: 'started', key: item.key, frame });
    } else if (item.current !== item.gain) {
      item.current = item.current < item.gain ? Math.min(item.gain, item.current + this.gainStep) : Math.max(item.gain, item.current - this.gainStep);
    }
    const chunk = item.chunks[0];
    if (!chunk) return;
    this.took = true;
    item.underrun = false;
    const l = chunk[0]?.[item.chunkPos] ?? 0;
    const r = chunk.length > 1 ? (chunk[1]?.[item.chunkPos] ?? 0) : l;
    const g = item.current * weight;
    this.frameOut[0] += l * g;
    this.frameOut[1] += r * g;
    item.chunkPos++;
    item.buffered--;
    item.played++;
    if (item.chunkPos >= (chunk[0]?.length ?? 0)) {
      item.chunks.shift();
      item.chunkPos = 0;
    }
  }

  private find(key: number): Item | undefined {
    return this.items.find((i) => i.key === key && !i.doomed);
  }

  private dropDoomed(): void {
    this.items = this.items.filter((i) => !i.doomed);
    this.joining = false;
  }
}
