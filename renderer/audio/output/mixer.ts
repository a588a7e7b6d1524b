// The sample-exact heart of playback, run inside the AudioWorklet (output.worklet.ts) and unit-tested
// under Node: a queue of items (one decoded track each, already at the context's sample rate) played
// back to back. Item N+1 starts on the very sample after item N's last one (gapless), or overlaps
// its last `xfade` frames with equal-power curves (crossfade). Each item's loudness gain is applied
// from its first sample, so the gain changes exactly at the boundary. Pause, resume, seek and skip
// go through a short master fade (no click). DOM-free and allocation-free per sample.

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
  | { type: 'underrun'; key: number }
  | { type: 'faded' };

export interface MixerStatus {
  key: number | null;
  /** Track position (frames) of the next sample of the current item. */
  position: number;
  /** Frames queued across all items, not yet played. */
  ahead: number;
  playing: boolean;
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

  /** `fadeFrames`: length of the click-free fade on pause/seek/skip (e.g. 10 ms of frames). */
  constructor(fadeFrames: number) {
    this.fadeStep = 1 / Math.max(1, fadeFrames);
    this.gainStep = 1 / Math.max(1, fadeFrames * 4);
  }

  add(spec: ItemSpec): void {
    this.items.push({ ...spec, chunks: [], chunkPos: 0, buffered: 0, ended: false, played: 0, started: false, current: spec.gain, doomed: false, underrun: false });
  }

  pcm(key: number, channels: Float32Array[]): void {
    const item = this.find(key);
    const frames = channels[0]?.length ?? 0;
    if (!item || item.ended || frames === 0) return;
    item.chunks.push(channels);
    item.buffered += frames;
    item.underrun = false;
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

  /** Fades out what plays now, then drops every item queued so far; items added later stay. */
  flush(): void {
    for (const i of this.items) i.doomed = true;
    if (this.fade === 0) this.dropDoomed();
  }

  status(): MixerStatus {
    const cur = this.items.find((i) => !i.doomed) ?? null;
    let ahead = 0;
    for (const i of this.items) if (!i.doomed) ahead += i.buffered;
    return { key: cur?.key ?? null, position: cur ? cur.offset + cur.played : 0, ahead, playing: this.playing };
  }

  /** Fills `left`/`right` (`frames` samples); `frame` is the context frame of the first one. */
  process(left: Float32Array, right: Float32Array, frames: number, frame: number, events: MixerEvent[]): void {
    for (let n = 0; n < frames; n++) {
      if (this.fade === 0 && this.items[0]?.doomed) this.dropDoomed();
      const target = this.playing && !this.items[0]?.doomed ? 1 : 0;
      if (this.fade < target) this.fade = Math.min(target, this.fade + this.fadeStep);
      else if (this.fade > target) this.fade = Math.max(target, this.fade - this.fadeStep);
      if (this.fade === 0) {
        if (!this.faded) {
          this.faded = true;
          events.push({ type: 'faded' });
        }
        left[n] = 0;
        right[n] = 0;
        continue;
      }
      this.faded = false;
      const out = this.mixFrame(frame + n, events);
      left[n] = out[0] * this.fade;
      right[n] = out[1] * this.fade;
    }
  }

  private readonly frameOut: [number, number] = [0, 0];

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
        continue;
      }
      const next = this.items[1];
      // Crossfade window: the outgoing item has ended and its last `xfade` frames are playing.
      if (next && !next.doomed && next.xfade > 0 && cur.ended && cur.buffered <= next.xfade) {
        const [gOut, gIn] = equalPower(1 - cur.buffered / next.xfade);
        this.take(cur, gOut, frame, events);
        if (next.buffered > 0) this.take(next, gIn, frame, events);
        return out;
      }
      if (cur.buffered === 0) {
        if (!cur.underrun) {
          cur.underrun = true;
          events.push({ type: 'underrun', key: cur.key });
        }
        return out;
      }
      this.take(cur, 1, frame, events);
      return out;
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
  }
}
