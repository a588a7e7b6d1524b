// The streaming engine: decodes tracks with WebCodecs into the output worklet (output/), one
// current track and the queued next one, so consecutive tracks join sample after sample. It pulls
// only what keeps ~6 s (plus a crossfade's length) queued ahead of the speakers, and opens the
// next track's stream well before the current one ends. Errors that mean "this browser or this
// server cannot stream this file" surface as `StreamUnavailable` so engine.ts can fall back to the
// plain <audio> path.
import type { Id } from '../../app/contract/index.ts';
import { TrackStream } from './stream/trackStream.ts';
import { closeSlot, ownBuffers, toUnavailable, type Slot, type StreamEvents, type StreamSource } from './stream/slot.ts';
import { OutputGraph } from './output/graph.ts';
import type { FromWorklet } from './output/protocol.ts';
import type { MixerEvent, MixerStatus } from './output/mixer.ts';
import type { EqSettings } from './eq.ts';

export { StreamUnavailable, streamingSupported, type StreamEvents, type StreamSource } from './stream/slot.ts';

/** Decoded audio queued ahead of the speakers: rides out seconds of a starved main thread. */
const AHEAD_SECONDS = 6;
const OPEN_NEXT_SECONDS = 30;

export class StreamEngine {
  private graph: OutputGraph | null = null;
  private graphReady: Promise<OutputGraph> | null = null;
  private readonly ev: StreamEvents;
  private cur: Slot | null = null;
  private next: Slot | null = null;
  private keys = 0;
  private playing = false;
  private status: MixerStatus = { key: null, position: 0, ahead: 0, playing: false, starved: 0, zeroRuns: 0 };
  private statusFrame = 0;
  private sinceStatus = 0;
  private pumping = false;
  private epoch = 0;
  private waiting = false;
  private suspendTimer: ReturnType<typeof setTimeout> | null = null;
  /** Counters for the tests and benches. */
  readonly stats = {
    started: 0, advanced: 0, lastStartedAt: null as number | null,
    /** Times a playing track (or the one joining it) ran out of decoded audio, and the silent frames. */
    underruns: 0, starvedFrames: 0,
    /** Frames of tracks that were runs of exact zeros (digital silence in the audio itself). */
    zeroFrames: 0,
    /** A track ended while the next one was known but not yet queued: a gap instead of a join. */
    lateJoins: 0,
  };

  constructor(events: StreamEvents) {
    this.ev = events;
  }

  private async ensureGraph(): Promise<OutputGraph> {
    if (this.graph) return this.graph;
    this.graphReady ??= OutputGraph.create().then((g) => {
      g.listen((m) => this.onWorklet(m));
      this.graph = g;
      return g;
    });
    return this.graphReady;
  }

  get rate(): number {
    return this.graph?.rate ?? 48000;
  }

  get currentId(): Id | null {
    return this.cur?.id ?? null;
  }

  get nextId(): Id | null {
    return this.next?.id ?? null;
  }

  /** Starts `id` at `startMs` (replacing whatever plays, with a short fade), playing if `autoplay`. */
  async load(id: Id, source: StreamSource, gain: number, autoplay: boolean, startMs: number): Promise<void> {
    const g = await this.ensureGraph();
    this.epoch++;
    g.send({ type: 'flush' });
    this.sinceStatus = 0;
    const reuse = this.next && this.next.id === id && this.next.source.url === source.url ? this.next : null;
    if (this.cur) closeSlot(this.cur);
    if (this.next && this.next !== reuse) closeSlot(this.next);
    this.next = null;
    const startFrames = Math.round((startMs / 1000) * g.rate);
    const slot: Slot = reuse
      ? { ...reuse, key: ++this.keys, gain, xfade: 0, stream: reuse.stream ?? this.open(source, g), added: false, fedEnd: false, started: false, startFrames }
      : { key: ++this.keys, id, source, gain, xfade: 0, stream: this.open(source, g), added: false, fedEnd: false, started: false, startFrames };
    this.cur = slot;
    this.playing = autoplay;
    if (autoplay && this.suspendTimer) {
      clearTimeout(this.suspendTimer);
      this.suspendTimer = null;
    }
    if (autoplay) {
      void g.resume();
      g.send({ type: 'play' });
    } else g.send({ type: 'pause' });
    let stream: TrackStream;
    try {
      stream = await (slot.stream ?? Promise.reject(new Error('no stream')));
    } catch (err) {
      if (this.cur === slot) this.cur = null;
      throw toUnavailable(err);
    }
    if (this.cur !== slot) return;
    stream.start(startFrames);
    g.send({ type: 'add', key: slot.key, gain, xfade: 0, offset: startFrames });
    slot.added = true;
    this.pump();
  }

  /** The track to follow the current one (gapless, or crossfaded over `xfadeMs`); null clears it. */
  setNext(next: { id: Id; source: StreamSource; gain: number; xfadeMs: number } | null): void {
    const g = this.graph;
    const old = this.next;
    if (old && next && old.id === next.id && old.source.url === next.source.url) {
      old.gain = next.gain;
      if (old.added) g?.send({ type: 'gain', key: old.key, gain: next.gain });
      else old.xfade = Math.round((next.xfadeMs / 1000) * this.rate);
      return;
    }
    if (old) {
      if (old.added) g?.send({ type: 'drop', key: old.key });
      closeSlot(old);
    }
    this.next = null;
    if (!next || !g) return;
    this.next = {
      key: ++this.keys, id: next.id, source: next.source, gain: next.gain, xfade: Math.round((next.xfadeMs / 1000) * g.rate),
      // Opened lazily by pump() when the current track nears its end.
      stream: null, added: false, fedEnd: false, started: false, startFrames: 0,
    };
    this.pump();
  }

  setGain(id: Id, gain: number): void {
    for (const s of [this.cur, this.next]) {
      if (s && s.id === id) {
        s.gain = gain;
        if (s.added) this.graph?.send({ type: 'gain', key: s.key, gain });
      }
    }
  }

  play(): void {
    if (!this.graph || !this.cur) return;
    this.playing = true;
    if (this.suspendTimer) clearTimeout(this.suspendTimer);
    this.suspendTimer = null;
    void this.graph.resume();
    this.graph.send({ type: 'play' });
    this.pump();
  }

  pause(): void {
    this.playing = false;
    this.graph?.send({ type: 'pause' });
  }

  get isPlaying(): boolean {
    return this.playing && this.cur !== null;
  }

  async seek(ms: number): Promise<void> {
    const g = this.graph;
    const slot = this.cur;
    if (!g || !slot) return;
    this.epoch++;
    g.send({ type: 'flush' });
    this.sinceStatus = 0;
    const frames = Math.max(0, Math.round((ms / 1000) * g.rate));
    slot.key = ++this.keys;
    slot.startFrames = frames;
    slot.fedEnd = false;
    slot.added = false;
    const n = this.next;
    if (n && n.added) {
      n.key = ++this.keys;
      n.added = false;
      n.fedEnd = false;
    }
    const stream = await slot.stream;
    if (this.cur !== slot || !stream) return;
    stream.start(frames);
    g.send({ type: 'add', key: slot.key, gain: slot.gain, xfade: 0, offset: frames });
    slot.added = true;
    this.status = { ...this.status, key: slot.key, position: frames };
    this.statusFrame = Math.round(g.ctx.currentTime * g.rate);
    this.pump();
  }

  stop(): void {
    this.epoch++;
    this.graph?.send({ type: 'flush' });
    for (const s of [this.cur, this.next]) if (s) closeSlot(s);
    this.cur = null;
    this.next = null;
    this.playing = false;
  }

  /** Position of the current track in ms, interpolated between the worklet's reports. */
  positionMs(): number {
    const g = this.graph;
    const slot = this.cur;
    if (!g || !slot) return 0;
    if (this.status.key !== slot.key) return (slot.startFrames / g.rate) * 1000;
    let frames = this.status.position;
    if (this.playing && this.status.playing && !this.waiting) {
      const now = g.ctx.currentTime * g.rate;
      frames += Math.max(0, Math.min(now - this.statusFrame, g.rate * 0.25));
    }
    return (frames / g.rate) * 1000;
  }

  durationMs(): number | null {
    return null;
  }

  setVolume(linear: number): void {
    void this.ensureGraph().then((g) => g.setVolume(linear));
  }

  setEq(eq: EqSettings): void {
    void this.ensureGraph().then((g) => g.setEq(eq));
  }

  /** The context's output latency and state, for tests and the bench. */
  debug(): { state: string; rate: number; ahead: number; key: number | null; playback: unknown } {
    const ps = (this.graph?.ctx as unknown as { playbackStats?: { toJSON(): unknown } } | undefined)?.playbackStats;
    return { state: this.graph?.ctx.state ?? 'none', rate: this.rate, ahead: this.status.ahead + this.sinceStatus, key: this.status.key, playback: ps?.toJSON() ?? null };
  }

  private open(source: StreamSource, g: OutputGraph): Promise<TrackStream> {
    const remote = new URL(source.url, location.href).origin !== location.origin;
    const chunkBytes = source.chunkBytes ?? (remote ? 128 * 1024 : 256 * 1024);
    const p = TrackStream.open({
      url: source.url, credentials: source.credentials, outRate: g.rate, chunkBytes, maxChunks: 6, headers: source.headers ?? {},
      ...(this.ev.onBytes ? { onBytes: this.ev.onBytes } : {}),
    });
    p.catch(() => {});
    return p;
  }

  private onWorklet(m: FromWorklet): void {
    this.status = m.status;
    this.stats.starvedFrames = m.status.starved;
    this.stats.zeroFrames = m.status.zeroRuns;
    this.statusFrame = m.frame;
    this.sinceStatus = 0;
    if (m.type === 'events') for (const e of m.events) this.onEvent(e);
    if (this.waiting && m.status.ahead > 0) {
      this.waiting = false;
      this.ev.onWaiting(false);
    }
    this.pump();
  }

  private onEvent(e: MixerEvent): void {
    switch (e.type) {
      case 'started': {
        const cur = this.cur;
        const next = this.next;
        if (cur && cur.key === e.key) {
          if (!cur.started) {
            cur.started = true;
            this.stats.started++;
            this.stats.lastStartedAt = performance.now();
            this.ev.onStarted(cur.id, false);
          }
        } else if (next && next.key === e.key) {
          // Gapless (or crossfaded) advance: the next track is now the current one.
          if (cur) closeSlot(cur);
          next.started = true;
          this.cur = next;
          this.next = null;
          this.stats.started++;
          this.stats.advanced++;
          this.stats.lastStartedAt = performance.now();
          this.ev.onStarted(next.id, true);
        }
        break;
      }
      case 'ended': {
        const cur = this.cur;
        if (cur && cur.key === e.key && !this.next?.started) {
          if (!this.next || !this.next.added) {
            if (this.next) this.stats.lateJoins++;
            this.playing = false;
            this.cur = null;
            closeSlot(cur);
            this.ev.onEnded(cur.id);
          }
        }
        break;
      }
      case 'underrun':
        if ((e.key === this.cur?.key || e.key === this.next?.key) && !this.waiting && this.playing) {
          this.waiting = true;
          if (e.gap) this.stats.underruns++;
          this.ev.onWaiting(true);
        }
        break;
      case 'faded': {
        // Paused and silent: suspend the context (no CPU while paused) once what was rendered has
        // left the output buffers (suspending at once would cut the last ~100–400 ms).
        const g = this.graph;
        if (this.playing || !g) break;
        const latency = (g.ctx.baseLatency || 0) + (g.ctx.outputLatency || 0);
        if (this.suspendTimer) clearTimeout(this.suspendTimer);
        this.suspendTimer = setTimeout(() => {
          this.suspendTimer = null;
          if (!this.playing && g.ctx.state === 'running') void g.ctx.suspend();
        }, Math.max(0.5, latency * 2) * 1000);
        break;
      }
    }
  }

  /** Feeds the worklet until enough is queued ahead; one loop at a time. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    void this.fill().finally(() => {
      this.pumping = false;
    });
  }

  private async fill(): Promise<void> {
    const g = this.graph;
    if (!g) return;
    const epoch = this.epoch;
    for (;;) {
      if (epoch !== this.epoch) return;
      const cur = this.cur;
      if (!cur || !cur.added) return;
      const next = this.next;
      const target = g.rate * (AHEAD_SECONDS + (next ? next.xfade / g.rate : 0));
      // Open the next track's stream ahead of time (its head is ready long before the end).
      if (next && !next.stream) {
        const s = await cur.stream;
        const len = s?.lengthFrames ?? null;
        const remaining = len === null ? 0 : len - this.status.position;
        if (cur.fedEnd || remaining < OPEN_NEXT_SECONDS * g.rate) {
          const opened = this.open(next.source, g);
          next.stream = opened;
          opened.then((ns) => ns.start(0), () => {});
        }
      }
      if (this.status.ahead + this.sinceStatus >= target) return;
      const slot = !cur.fedEnd ? cur : next;
      if (!slot || !slot.stream) return;
      let stream: TrackStream;
      try {
        stream = await slot.stream;
      } catch (err) {
        if (epoch !== this.epoch) return;
        if (slot === this.next) {
          // The next track cannot stream: let the current one end normally; the store loads it.
          this.next = null;
          return;
        }
        this.ev.onError(slot.id, err as Error);
        return;
      }
      if (epoch !== this.epoch || (slot !== this.cur && slot !== this.next)) return;
      if (!slot.added) {
        g.send({ type: 'add', key: slot.key, gain: slot.gain, xfade: slot.xfade, offset: slot.startFrames });
        slot.added = true;
      }
      let block: Float32Array[] | null;
      try {
        block = await stream.read();
      } catch (err) {
        if (epoch !== this.epoch) return;
        this.ev.onError(slot.id, err as Error);
        g.send({ type: 'end', key: slot.key });
        slot.fedEnd = true;
        return;
      }
      if (epoch !== this.epoch || !slot.added) return;
      if (!block) {
        g.send({ type: 'end', key: slot.key });
        slot.fedEnd = true;
        if (slot === this.next) return;
        continue;
      }
      const frames = block[0]?.length ?? 0;
      const own = ownBuffers(block);
      g.send({ type: 'pcm', key: slot.key, channels: own.channels }, own.buffers);
      this.sinceStatus += frames;
    }
  }
}
