// The decode worker's heart: the current track and the queued next one, each a TrackStream, fed to
// the output worklet over its own port so consecutive tracks join sample after sample. It keeps
// ~6 s (plus a crossfade's length) decoded ahead of the speakers — riding out seconds of a starved
// machine — and opens the next track's stream well before the current one ends. It runs in a
// worker, so nothing the UI thread does (rendering, layout, GC) can delay the audio.
import type { Id } from '../../../app/contract/index.ts';
import type { FromWorklet, ToWorklet } from '../output/protocol.ts';
import type { MixerEvent, MixerStatus } from '../output/mixer.ts';
import { sameSource, type FromDecoder, type NextTrack, type StreamSource } from './protocol.ts';
import { adoptSwap, closeSlot, failureOf, ownBuffers, type PcmStream, type Slot } from './slot.ts';
import { TrackStream } from './trackStream.ts';

/** Decoded audio queued ahead of the speakers. */
const AHEAD_SECONDS = 6;
const OPEN_NEXT_SECONDS = 30;

export class Feeder {
  private readonly port: MessagePort;
  private readonly rate: number;
  private readonly post: (m: FromDecoder) => void;
  private cur: Slot | null = null;
  private next: Slot | null = null;
  private keys = 0;
  private playing = false;
  private status: MixerStatus = { key: null, position: 0, ahead: 0, playing: false, starved: 0, zeroRuns: 0, received: 0 };
  /** PCM frames sent to the worklet in all (minus its status' `received`: those still in flight). */
  private sent = 0;
  private pumping = false;
  private epoch = 0;
  private renewals = 0;
  private readonly renewing = new Map<number, (url: string | null) => void>();

  /** Opens a source's stream: TrackStream over range requests (a test gives its own PCM). */
  private readonly openStream: (source: StreamSource) => Promise<PcmStream>;

  constructor(port: MessagePort, rate: number, post: (m: FromDecoder) => void, options: { open?: (source: StreamSource) => Promise<PcmStream> } = {}) {
    this.port = port;
    this.rate = rate;
    this.post = post;
    this.openStream = options.open ?? ((source) => this.openTrack(source));
    port.onmessage = (e: MessageEvent<FromWorklet>) => this.onWorklet(e.data);
  }

  private send(m: ToWorklet, transfer: Transferable[] = []): void {
    this.port.postMessage(m, transfer);
  }

  /** Starts `id` at `startFrames` (replacing whatever plays, with a short fade), playing if `autoplay`. */
  async load(req: number, id: Id, source: StreamSource, gain: number, autoplay: boolean, startFrames: number): Promise<void> {
    const epoch = ++this.epoch;
    this.send({ type: 'flush' });
    const reuse = this.next && this.next.id === id && sameSource(this.next.source, source) ? this.next : null;
    if (this.cur) closeSlot(this.cur);
    if (this.next && this.next !== reuse) closeSlot(this.next);
    this.next = null;
    const slot: Slot = reuse
      ? { ...reuse, key: ++this.keys, gain, xfade: 0, stream: reuse.stream ?? this.open(source), fed: 0, swap: null, added: false, fedEnd: false, started: false, startFrames }
      : { key: ++this.keys, id, source, gain, xfade: 0, stream: this.open(source), fed: 0, swap: null, added: false, fedEnd: false, started: false, startFrames };
    this.cur = slot;
    this.playing = autoplay;
    this.send({ type: autoplay ? 'play' : 'pause' });
    this.post({ type: 'current', id, key: slot.key, startFrames });
    let stream: PcmStream;
    try {
      stream = await (slot.stream ?? Promise.reject(new Error('no stream')));
    } catch (err) {
      if (this.cur === slot) this.cur = null;
      this.post({ type: 'loaded', req, error: failureOf(err) });
      return;
    }
    if (this.cur !== slot || this.epoch !== epoch) {
      // A newer load, a seek or a stop took over while the stream opened: this one is done (a
      // seek starts the stream itself, at its own frame; starting it here too would queue the
      // track twice under one key).
      this.post({ type: 'loaded', req, error: null });
      return;
    }
    stream.start(startFrames);
    this.send({ type: 'add', key: slot.key, gain, xfade: 0, offset: startFrames });
    slot.added = true;
    this.post({ type: 'loaded', req, error: null });
    this.pump();
  }

  /** The track to follow the current one (gapless, or crossfaded); null clears it. */
  setNext(next: NextTrack | null): void {
    const old = this.next;
    if (old && next && old.id === next.id && sameSource(old.source, next.source)) {
      old.gain = next.gain;
      if (old.added) this.send({ type: 'gain', key: old.key, gain: next.gain });
      else old.xfade = next.xfade;
      return;
    }
    if (old) {
      if (old.added) this.send({ type: 'drop', key: old.key });
      closeSlot(old);
    }
    this.next = null;
    if (!next) return;
    this.next = {
      key: ++this.keys, id: next.id, source: next.source, gain: next.gain, xfade: next.xfade,
      // Opened lazily by fill() when the current track nears its end.
      stream: null, fed: 0, swap: null, added: false, fedEnd: false, started: false, startFrames: 0,
    };
    this.pump();
  }

  setGain(id: Id, gain: number): void {
    for (const s of [this.cur, this.next]) {
      if (s && s.id === id) {
        s.gain = gain;
        if (s.added) this.send({ type: 'gain', key: s.key, gain });
      }
    }
  }

  /** Continues the current track from another source of the same audio (a rung switch) at the next sample. */
  swapSource(id: Id, source: StreamSource): void {
    const slot = this.cur;
    if (!slot || slot.id !== id || slot.fedEnd) return;
    void this.open(source).then((stream) => {
      if (this.cur !== slot || slot.fedEnd) {
        stream.close();
        return;
      }
      slot.swap?.stream.close();
      slot.swap = { source, stream };
      this.pump();
    }, () => {});
  }

  /** The page's answer to a renewal request. */
  renewed(req: number, url: string | null): void {
    this.renewing.get(req)?.(url);
    this.renewing.delete(req);
  }

  play(): void {
    if (!this.cur) return;
    this.playing = true;
    this.send({ type: 'play' });
    this.pump();
  }

  pause(): void {
    this.playing = false;
    this.send({ type: 'pause' });
  }

  async seek(frames: number): Promise<void> {
    const slot = this.cur;
    if (!slot) return;
    const epoch = ++this.epoch;
    this.send({ type: 'flush' });
    adoptSwap(slot);
    slot.key = ++this.keys;
    slot.startFrames = frames;
    slot.fed = 0;
    slot.fedEnd = false;
    slot.added = false;
    const n = this.next;
    if (n) {
      // The next track may have been queued (and read) already: it starts over after the seek.
      n.key = ++this.keys;
      n.added = false;
      n.fedEnd = false;
    }
    this.post({ type: 'current', id: slot.id, key: slot.key, startFrames: frames });
    const stream = await slot.stream?.catch(() => null);
    const nextStream = n?.stream ? await n.stream.catch(() => null) : null;
    // A later seek, load or stop took over while a stream was still opening: it does the rest.
    if (this.epoch !== epoch || this.cur !== slot || !stream) return;
    if (nextStream && this.next === n) nextStream.start(0);
    stream.start(frames);
    this.send({ type: 'add', key: slot.key, gain: slot.gain, xfade: 0, offset: frames });
    slot.added = true;
    this.pump();
  }

  stop(): void {
    this.epoch++;
    this.send({ type: 'flush' });
    for (const s of [this.cur, this.next]) if (s) closeSlot(s);
    this.cur = null;
    this.next = null;
    this.playing = false;
  }

  private open(source: StreamSource): Promise<PcmStream> {
    const p = this.openStream(source);
    p.catch(() => {});
    return p;
  }

  private openTrack(source: StreamSource): Promise<TrackStream> {
    const remote = new URL(source.url, location.href).origin !== location.origin;
    const chunkBytes = source.chunkBytes ?? (remote ? 128 * 1024 : 256 * 1024);
    const key = source.key ?? source.url;
    return TrackStream.open({
      url: source.url, credentials: source.credentials, outRate: this.rate, chunkBytes, maxChunks: 6, headers: source.headers ?? {},
      onBytes: (n) => this.post({ type: 'bytes', n }),
      ...(source.noReadAhead ? { noReadAhead: true } : {}),
      ...(source.reportFetches ? { onFetch: (bytes: number, ms: number) => this.post({ type: 'fetched', key, bytes, ms }) } : {}),
      ...(source.renewable ? { renew: (why: 'refused' | 'failed') => this.renew(key, why) } : {}),
    });
  }

  /** Asks the page for a fresh URL of source `key` (storage refused this one). */
  private renew(key: string, why: 'refused' | 'failed'): Promise<string | null> {
    const req = ++this.renewals;
    return new Promise((resolve) => {
      this.renewing.set(req, resolve);
      this.post({ type: 'renew', req, key, why });
    });
  }

  private onWorklet(m: FromWorklet): void {
    this.status = m.status;
    if (m.type === 'events') for (const e of m.events) this.onEvent(e);
    this.pump();
  }

  private onEvent(e: MixerEvent): void {
    const cur = this.cur;
    const next = this.next;
    if (e.type === 'started') {
      if (cur && cur.key === e.key) {
        this.post(cur.started ? { type: 'seeked', id: cur.id } : { type: 'started', id: cur.id, advanced: false });
        cur.started = true;
      } else if (next && next.key === e.key) {
        // Gapless (or crossfaded) advance: the next track is now the current one.
        if (cur) closeSlot(cur);
        next.started = true;
        this.cur = next;
        this.next = null;
        this.post({ type: 'current', id: next.id, key: next.key, startFrames: 0 });
        this.post({ type: 'started', id: next.id, advanced: true });
      }
    } else if (e.type === 'ended' && cur && cur.key === e.key && !next?.started && (!next || !next.added)) {
      this.playing = false;
      this.cur = null;
      closeSlot(cur);
      this.post({ type: 'ended', id: cur.id, late: next !== null });
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
    const epoch = this.epoch;
    for (;;) {
      if (epoch !== this.epoch) return;
      const cur = this.cur;
      if (!cur || !cur.added) return;
      const next = this.next;
      const target = this.rate * AHEAD_SECONDS + (next ? next.xfade : 0);
      // Open the next track's stream ahead of time (its head is ready long before the end).
      if (next && !next.stream) {
        const s = await cur.stream?.catch(() => null);
        const len = s?.lengthFrames ?? null;
        const remaining = len === null ? 0 : len - this.status.position;
        if (cur.fedEnd || remaining < OPEN_NEXT_SECONDS * this.rate) {
          const opened = this.open(next.source);
          next.stream = opened;
          opened.then((ns) => ns.start(0), () => {});
        }
      }
      if (this.status.ahead + (this.sent - this.status.received) >= target) return;
      const slot = !cur.fedEnd ? cur : next;
      if (!slot || !slot.stream) return;
      if (slot === cur) adoptSwap(slot);
      let stream: PcmStream;
      try {
        stream = await slot.stream;
      } catch (err) {
        if (epoch !== this.epoch) return;
        // The next track cannot stream: let the current one end normally; the page loads it.
        if (slot === this.next) this.next = null;
        else this.post({ type: 'error', id: slot.id, message: (err as Error).message });
        return;
      }
      if (epoch !== this.epoch || (slot !== this.cur && slot !== this.next)) return;
      if (!slot.added) {
        this.send({ type: 'add', key: slot.key, gain: slot.gain, xfade: slot.xfade, offset: slot.startFrames });
        slot.added = true;
      }
      let block: Float32Array[] | null;
      try {
        block = await stream.read();
      } catch (err) {
        if (epoch !== this.epoch) return;
        this.post({ type: 'error', id: slot.id, message: (err as Error).message });
        this.send({ type: 'end', key: slot.key });
        slot.fedEnd = true;
        return;
      }
      if (epoch !== this.epoch || !slot.added) return;
      if (!block) {
        this.send({ type: 'end', key: slot.key });
        slot.fedEnd = true;
        if (slot === this.next) return;
        continue;
      }
      const own = ownBuffers(block);
      const frames = block[0]?.length ?? 0;
      this.send({ type: 'pcm', key: slot.key, channels: own.channels }, own.buffers);
      slot.fed += frames;
      this.sent += frames;
    }
  }
}
