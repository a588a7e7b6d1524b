// The streaming engine, as the page sees it: tracks decoded with WebCodecs into the output worklet
// (output/), one current track and the queued next one, so consecutive tracks join sample after
// sample. Reading, demuxing, decoding, trimming and resampling run in a decode worker
// (stream/decode.worker.ts, started on the first streamed track: mediabunny and the demuxers load
// only then), which feeds the worklet over its own port — the UI thread is never on the audio path.
// This class owns the AudioContext and its graph (EQ, volume), sends commands to the worker, and
// keeps what the page asks about (position, playing, counters) from the worker's and the worklet's
// reports. Errors that mean "this browser or this server cannot stream this file" surface as
// `StreamUnavailable` so engine.ts can fall back to the plain <audio> path.
import type { Id } from '../../app/contract/index.ts';
import { OutputGraph } from './output/graph.ts';
import type { FromWorklet } from './output/protocol.ts';
import type { MixerEvent, MixerStatus } from './output/mixer.ts';
import type { FromDecoder, StreamSource as WireSource, ToDecoder } from './stream/protocol.ts';
import type { EqSettings } from './eq.ts';

/** A source as the page gives it: the data the worker reads with, and the page's hooks for it. */
export interface StreamSource extends WireSource {
  /** A fresh URL when storage refused this one (expired presigned URL); null: give up. */
  renew?: (why: 'refused' | 'failed') => Promise<string | null>;
  /** Each body the worker received for this source (bytes, ms). */
  onFetch?: (bytes: number, ms: number) => void;
}

export class StreamUnavailable extends Error {
  readonly cors: boolean;
  constructor(message: string, cors = false) {
    super(message);
    this.cors = cors;
  }
}

export interface StreamEvents {
  /** The first sample of `id` reached the output (`advanced`: it followed the previous track gaplessly). */
  onStarted(id: Id, advanced: boolean): void;
  /** The last queued track played to its end. */
  onEnded(id: Id): void;
  onWaiting(waiting: boolean): void;
  onError(id: Id, err: Error): void;
  onBytes?(n: number): void;
}

export function streamingSupported(): boolean {
  return typeof window !== 'undefined' && window.isSecureContext && typeof AudioDecoder !== 'undefined' &&
    typeof AudioWorkletNode !== 'undefined' && typeof Worker !== 'undefined';
}

interface Started {
  graph: OutputGraph;
  worker: Worker;
}

export class StreamEngine {
  private started: Started | null = null;
  private starting: Promise<Started> | null = null;
  private readonly ev: StreamEvents;
  private playing = false;
  private cur: { id: Id; key: number | null; startFrames: number } | null = null;
  private nextTrack: Id | null = null;
  private status: MixerStatus = { key: null, position: 0, ahead: 0, playing: false, starved: 0, zeroRuns: 0, received: 0 };
  private statusFrame = 0;
  private waiting = false;
  private suspendTimer: ReturnType<typeof setTimeout> | null = null;
  private reqs = 0;
  /** The page hooks of the sources sent to the worker, by key (the latest few). */
  private readonly hooks = new Map<string, StreamSource>();
  private readonly pending = new Map<number, { resolve(): void; reject(e: Error): void }>();
  /** Counters for the tests and benches. */
  readonly stats = {
    started: 0, advanced: 0, lastStartedAt: null as number | null,
    /** Times a playing track (or the one joining it) ran out of decoded audio, and the silent frames. */
    underruns: 0, starvedFrames: 0,
    /** Frames of tracks that were runs of exact zeros (digital silence in the audio itself). */
    zeroFrames: 0,
    /** A track ended while the next one was known but not yet queued: a gap instead of a join. */
    lateJoins: 0,
    /**
     * Seeks, the last one's latency (seek() → its first sample rendered by the worklet, ms) and the
     * track it landed in (the one playing when the seek reached the decode worker).
     */
    seeks: 0, lastSeekMs: null as number | null, lastSeekId: null as Id | null,
  };
  private seekAt: number | null = null;

  constructor(events: StreamEvents) {
    this.ev = events;
  }

  /** The AudioContext, its graph and the decode worker, connected (once). */
  private async start(): Promise<Started> {
    if (this.started) return this.started;
    this.starting ??= (async () => {
      const graph = await OutputGraph.create();
      const worker = new Worker(new URL('./stream/decode.worker.ts', import.meta.url), { type: 'module', name: 'tonearm-decode' });
      const channel = new MessageChannel();
      graph.send({ type: 'connect', port: channel.port1 }, [channel.port1]);
      this.toWorker(worker, { type: 'init', port: channel.port2, rate: graph.rate }, [channel.port2]);
      graph.listen((m) => this.onWorklet(m));
      worker.onmessage = (e: MessageEvent<FromDecoder>) => this.onDecoder(e.data);
      this.started = { graph, worker };
      return this.started;
    })();
    return this.starting;
  }

  private toWorker(worker: Worker, m: ToDecoder, transfer: Transferable[] = []): void {
    worker.postMessage(m, transfer);
  }

  private send(m: ToDecoder): void {
    if (this.started) this.toWorker(this.started.worker, m);
  }

  get rate(): number {
    return this.started?.graph.rate ?? 48000;
  }

  get currentId(): Id | null {
    return this.cur?.id ?? null;
  }

  get nextId(): Id | null {
    return this.nextTrack;
  }

  /** Starts `id` at `startMs` (replacing whatever plays, with a short fade), playing if `autoplay`. */
  async load(id: Id, source: StreamSource, gain: number, autoplay: boolean, startMs: number): Promise<void> {
    const { graph } = await this.start();
    const req = ++this.reqs;
    const startFrames = Math.round((startMs / 1000) * graph.rate);
    this.cur = { id, key: null, startFrames };
    this.nextTrack = null;
    this.playing = autoplay;
    if (autoplay) {
      this.cancelSuspend();
      void graph.resume();
    }
    const loaded = new Promise<void>((resolve, reject) => this.pending.set(req, { resolve, reject }));
    this.send({ type: 'load', req, id, source: this.plain(source), gain, autoplay, startFrames });
    try {
      await loaded;
    } catch (err) {
      if (this.cur?.id === id && this.cur.key === null) this.cur = null;
      throw err;
    }
  }

  /** The track to follow the current one (gapless, or crossfaded over `xfadeMs`); null clears it. */
  setNext(next: { id: Id; source: StreamSource; gain: number; xfadeMs: number } | null): void {
    this.nextTrack = next?.id ?? null;
    this.send({ type: 'next', next: next && { id: next.id, source: this.plain(next.source), gain: next.gain, xfade: Math.round((next.xfadeMs / 1000) * this.rate) } });
  }

  /** Continues the current track from another source of the same audio (a rung switch) at the next sample. */
  swapSource(id: Id, source: StreamSource): void {
    if (this.cur?.id === id) this.send({ type: 'swap', id, source: this.plain(source) });
  }

  setGain(id: Id, gain: number): void {
    this.send({ type: 'gain', id, gain });
  }

  play(): void {
    if (!this.started || !this.cur) return;
    this.playing = true;
    this.cancelSuspend();
    void this.started.graph.resume();
    this.send({ type: 'play' });
  }

  pause(): void {
    this.playing = false;
    this.send({ type: 'pause' });
  }

  get isPlaying(): boolean {
    return this.playing && this.cur !== null;
  }

  async seek(ms: number): Promise<void> {
    if (!this.started || !this.cur) return;
    const frames = Math.max(0, Math.round((ms / 1000) * this.rate));
    this.cur = { ...this.cur, key: null, startFrames: frames };
    this.seekAt = performance.now();
    this.send({ type: 'seek', frames });
  }

  stop(): void {
    this.send({ type: 'stop' });
    this.cur = null;
    this.nextTrack = null;
    this.playing = false;
  }

  /** Position of the current track in ms, interpolated between the worklet's reports. */
  positionMs(): number {
    const g = this.started?.graph;
    const cur = this.cur;
    if (!g || !cur) return 0;
    if (cur.key === null || this.status.key !== cur.key) return (cur.startFrames / g.rate) * 1000;
    let frames = this.status.position;
    if (this.playing && this.status.playing && !this.waiting) {
      const now = g.ctx.currentTime * g.rate;
      frames += Math.max(0, Math.min(now - this.statusFrame, g.rate * 0.25));
    }
    return (frames / g.rate) * 1000;
  }

  setVolume(linear: number): void {
    void this.start().then(({ graph }) => graph.setVolume(linear));
  }

  setEq(eq: EqSettings): void {
    void this.start().then(({ graph }) => graph.setEq(eq));
  }

  /** The context's state and Chromium's own glitch counters, for tests and the bench. */
  debug(): { state: string; rate: number; latency: number[]; ahead: number; key: number | null; playback: unknown } {
    const ctx = this.started?.graph.ctx;
    const ps = (ctx as unknown as { playbackStats?: { toJSON(): unknown } } | undefined)?.playbackStats;
    return { state: ctx?.state ?? 'none', rate: this.rate, latency: [ctx?.baseLatency ?? 0, ctx?.outputLatency ?? 0], ahead: this.status.ahead, key: this.status.key, playback: ps?.toJSON() ?? null };
  }

  private cancelSuspend(): void {
    if (this.suspendTimer) clearTimeout(this.suspendTimer);
    this.suspendTimer = null;
  }

  private onDecoder(m: FromDecoder): void {
    switch (m.type) {
      case 'loaded': {
        const p = this.pending.get(m.req);
        this.pending.delete(m.req);
        if (!m.error) p?.resolve();
        else p?.reject(m.error.kind === 'error' ? new Error(m.error.message) : new StreamUnavailable(m.error.message, m.error.kind === 'cors'));
        break;
      }
      case 'current':
        if (this.cur && this.cur.id === m.id) this.cur = { id: m.id, key: m.key, startFrames: m.startFrames };
        else if (m.id === this.nextTrack || this.cur === null) this.cur = { id: m.id, key: m.key, startFrames: m.startFrames };
        break;
      case 'started':
        this.stats.started++;
        this.stats.lastStartedAt = performance.now();
        if (m.advanced) {
          this.stats.advanced++;
          this.nextTrack = null;
        }
        this.ev.onStarted(m.id, m.advanced);
        break;
      case 'seeked':
        if (this.seekAt !== null && this.cur?.id === m.id) {
          this.stats.seeks++;
          this.stats.lastSeekMs = performance.now() - this.seekAt;
          this.stats.lastSeekId = m.id;
          this.seekAt = null;
        }
        break;
      case 'ended':
        if (m.late) this.stats.lateJoins++;
        if (this.cur?.id !== m.id) break;
        this.playing = false;
        this.cur = null;
        this.ev.onEnded(m.id);
        break;
      case 'error':
        this.ev.onError(m.id, new Error(m.message));
        break;
      case 'bytes':
        this.ev.onBytes?.(m.n);
        break;
      case 'renew': {
        const renew = this.hooks.get(m.key)?.renew;
        const answer = renew ? renew(m.why).catch(() => null) : Promise.resolve(null);
        void answer.then((url) => this.send({ type: 'renewed', req: m.req, url }));
        break;
      }
      case 'fetched':
        this.hooks.get(m.key)?.onFetch?.(m.bytes, m.ms);
        break;
    }
  }

  private onWorklet(m: FromWorklet): void {
    this.status = m.status;
    this.statusFrame = m.frame;
    this.stats.starvedFrames = m.status.starved;
    this.stats.zeroFrames = m.status.zeroRuns;
    if (m.type === 'events') for (const e of m.events) this.onEvent(e);
    if (this.waiting && m.status.ahead > 0) {
      this.waiting = false;
      this.ev.onWaiting(false);
    }
  }

  private onEvent(e: MixerEvent): void {
    if (e.type === 'underrun' && !this.waiting && this.playing) {
      this.waiting = true;
      if (e.gap) this.stats.underruns++;
      this.ev.onWaiting(true);
    } else if (e.type === 'faded') {
      // Paused and silent: suspend the context (no CPU while paused) once what was rendered has
      // left the output buffers (suspending at once would cut the last ~100–400 ms).
      const g = this.started?.graph;
      if (this.playing || !g) return;
      const latency = (g.ctx.baseLatency || 0) + (g.ctx.outputLatency || 0);
      this.cancelSuspend();
      this.suspendTimer = setTimeout(() => {
        this.suspendTimer = null;
        if (!this.playing && g.ctx.state === 'running') void g.sleep();
      }, Math.max(0.5, latency * 2) * 1000);
    }
  }

  /** The data of a source (what crosses to the worker); its hooks stay here, by key. */
  private plain(s: StreamSource): WireSource {
    const { renew, onFetch, ...data } = s;
    if (renew || onFetch) {
      this.hooks.delete(s.key ?? s.url);
      this.hooks.set(s.key ?? s.url, s);
      for (const k of this.hooks.keys()) if (this.hooks.size > 8) this.hooks.delete(k);
    }
    return { ...data, ...(renew ? { renewable: true } : {}), ...(onFetch ? { reportFetches: true } : {}) };
  }
}
