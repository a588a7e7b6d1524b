// One track as a stream of trimmed PCM at the output's rate: RangeReader → demux → WebCodecs
// AudioDecoder → Trimmer (gapless window) → Resampler (when the file's rate differs from the
// AudioContext's). Pull-based: `read()` decodes only as much as asked for, so memory and bytes
// fetched stay within the read-ahead window however long the track is.
import { RangeReader, type RangeReaderOptions } from './bytes.ts';
import { demux, type DemuxPacket, type Demuxed } from './demux.ts';
import { Resampler } from './resample.ts';
import { framesOf, Trimmer, type Planar } from './trim.ts';

export interface TrackStreamOptions extends RangeReaderOptions {
  outRate: number;
}

export class UnsupportedCodecError extends Error {}

/** Pre-skip from the OpusHead in the decoder description (bytes 10–11, little-endian). */
function opusPreSkip(config: AudioDecoderConfig): number {
  const d = config.description;
  if (!d) return 0;
  const b = ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d);
  return b.length >= 12 && String.fromCharCode(...b.subarray(0, 8)) === 'OpusHead' ? (b[10] ?? 0) | ((b[11] ?? 0) << 8) : 0;
}

export class TrackStream {
  readonly reader: RangeReader;
  readonly d: Demuxed;
  readonly outRate: number;
  private decoder: AudioDecoder | null = null;
  private packetIt: AsyncGenerator<DemuxPacket> | null = null;
  private trimmer: Trimmer | null = null;
  private resampler: Resampler | null = null;
  private out: Planar[] = [];
  private pos: number | null = null;
  private ended = false;
  private failure: Error | null = null;
  private wakeReader: (() => void) | null = null;
  private wakeFeeder: (() => void) | null = null;
  /** Output frames decoded and not yet read. */
  private outFrames = 0;
  /** Where the last start() began, and whether read() took anything since. */
  private startedAt: number | null = null;
  private consumed = false;
  private gen = 0;
  private fedAt: number[] = [];
  /** Packets kept queued in the decoder. */
  private queueDepth = 4;

  private constructor(reader: RangeReader, d: Demuxed, outRate: number) {
    this.reader = reader;
    this.d = d;
    this.outRate = outRate;
  }

  static async open(o: TrackStreamOptions): Promise<TrackStream> {
    const reader = new RangeReader(o);
    try {
      const d = await demux(reader);
      const support = await AudioDecoder.isConfigSupported(d.config);
      if (!support.supported) throw new UnsupportedCodecError(`this browser cannot decode ${d.codec}`);
      return new TrackStream(reader, d, o.outRate);
    } catch (err) {
      reader.close();
      throw err;
    }
  }

  /** Playable length in output frames (exact when the container says so), else an estimate. */
  get lengthFrames(): number | null {
    const d = this.d;
    const inFrames = d.length ?? (d.duration !== null ? Math.round(d.duration * d.sampleRate) : null);
    return inFrames === null ? null : Math.ceil((inFrames * this.outRate) / d.sampleRate);
  }

  /** (Re)starts decoding at output frame `fromOut` (kept going when it already starts there, unread: a prefetched head). */
  start(fromOut: number): void {
    if (this.startedAt === fromOut && !this.consumed && !this.failure && this.decoder) return;
    this.startedAt = fromOut;
    this.consumed = false;
    this.gen++;
    this.stopDecoder();
    const d = this.d;
    const from = Math.max(0, Math.floor((fromOut * d.sampleRate) / this.outRate));
    this.trimmer = new Trimmer({ from, to: d.length ?? Infinity, endDiscard: d.endDiscard });
    this.resampler = d.sampleRate !== this.outRate ? new Resampler(d.sampleRate, this.outRate, Math.min(2, d.channels), { out: fromOut, in: from }) : null;
    this.pokeFeeder();
    this.pokeReader();
    this.out = [];
    this.outFrames = 0;
    this.pos = null;
    this.fedAt = [];
    this.ended = false;
    this.failure = null;
    this.packetIt = d.packets(from);
    const gen = this.gen;
    const decoder = new AudioDecoder({
      output: (data) => {
        if (gen !== this.gen) {
          data.close();
          return;
        }
        this.onOutput(data);
      },
      error: (e) => {
        if (gen !== this.gen) return;
        this.failure = e instanceof Error ? e : new Error(String(e));
        this.pokeReader();
      },
    });
    decoder.addEventListener('dequeue', () => this.pokeFeeder());
    decoder.configure(d.config);
    this.decoder = decoder;
    void this.feed(gen, this.packetIt, decoder);
  }

  /**
   * The next output frames — whatever is decoded already, joined up to `maxFrames` (fewer, larger
   * messages to the worklet), at least one block — or null at the end of the track.
   */
  async read(maxFrames = 8192): Promise<Planar | null> {
    const gen = this.gen;
    for (;;) {
      if (gen !== this.gen) return null;
      if (this.failure) throw this.failure;
      const block = this.take(maxFrames);
      if (block) {
        this.consumed = true;
        this.outFrames -= framesOf(block);
        this.pokeFeeder();
        return block;
      }
      if (this.ended || !this.decoder) return null;
      await new Promise<void>((resolve) => (this.wakeReader = resolve));
    }
  }

  /**
   * Keeps the decoder busy ahead of `read()`: up to ~0.5 s of packets queued in it (each output
   * comes back through a task on this thread, so a shallow queue of 20 ms Opus packets would stall
   * on a loaded machine) and at most ~1 s of decoded audio waiting to be read.
   */
  private async feed(gen: number, it: AsyncGenerator<DemuxPacket>, decoder: AudioDecoder): Promise<void> {
    try {
      for (;;) {
        if (gen !== this.gen) return;
        if (this.trimmer?.complete) break;
        if (decoder.decodeQueueSize >= this.queueDepth || this.outFrames >= this.outRate) {
          await new Promise<void>((resolve) => (this.wakeFeeder = resolve));
          continue;
        }
        const next = await it.next();
        if (gen !== this.gen) return;
        if (next.done) break;
        const p = next.value;
        if (this.fedAt.length < 2) this.fedAt.push(p.at);
        if (p.frames > 0) this.queueDepth = Math.max(4, Math.min(64, Math.round((0.5 * this.d.sampleRate) / p.frames)));
        decoder.decode(new EncodedAudioChunk({ type: 'key', timestamp: Math.round((p.at * 1e6) / this.d.sampleRate), duration: Math.round((p.frames * 1e6) / this.d.sampleRate), data: p.data }));
      }
      await this.finish(gen);
    } catch (err) {
      if (gen !== this.gen) return;
      this.failure = err as Error;
    }
    this.pokeReader();
  }

  close(): void {
    this.startedAt = null;
    this.gen++;
    this.stopDecoder();
    this.pokeFeeder();
    this.pokeReader();
    void this.packetIt?.return(undefined).catch(() => {});
    this.packetIt = null;
    this.d.close();
    this.reader.close();
  }

  /** Decoded blocks from the front of `out`, joined while they fit in `maxFrames` (null: none). */
  private take(maxFrames: number): Planar | null {
    const first = this.out.shift();
    if (!first) return null;
    let n = framesOf(first);
    let count = 0;
    while (count < this.out.length && n + framesOf(this.out[count] ?? []) <= maxFrames) n += framesOf(this.out[count++] ?? []);
    if (count === 0) return first;
    const parts = [first, ...this.out.splice(0, count)];
    return first.map((_, c) => {
      const joined = new Float32Array(n);
      let at = 0;
      for (const p of parts) {
        const ch = p[c] ?? p[0] ?? new Float32Array(0);
        joined.set(ch, at);
        at += ch.length;
      }
      return joined;
    });
  }

  private pokeReader(): void {
    const w = this.wakeReader;
    this.wakeReader = null;
    w?.();
  }

  private pokeFeeder(): void {
    const w = this.wakeFeeder;
    this.wakeFeeder = null;
    w?.();
  }

  private async finish(gen: number): Promise<void> {
    const decoder = this.decoder;
    if (decoder && decoder.state === 'configured') {
      try {
        await decoder.flush();
      } catch (err) {
        if (gen === this.gen) this.failure = err as Error;
      }
    }
    if (gen !== this.gen) return;
    this.trimmer?.finish();
    const rest = this.resampler?.finish();
    if (rest && framesOf(rest) > 0) this.out.push(rest);
    this.ended = true;
  }

  private onOutput(data: AudioData): void {
    const n = data.numberOfFrames;
    const channels = Math.min(2, data.numberOfChannels);
    const planar: Planar = [];
    for (let c = 0; c < channels; c++) {
      const a = new Float32Array(n);
      data.copyTo(a, { planeIndex: c, format: 'f32-planar' });
      planar.push(a);
    }
    this.pos ??= this.firstPosition(data.timestamp);
    const at = this.pos;
    this.pos += n;
    data.close();
    for (const kept of this.trimmer?.push(planar, at) ?? []) {
      const out = this.resampler ? this.resampler.push(kept) : kept;
      if (framesOf(out) === 0) continue;
      this.out.push(out);
      this.outFrames += framesOf(out);
    }
    this.pokeReader();
  }

  /**
   * Timeline position of the first decoded sample after a (re)start. Chromium stamps it with the
   * first fed packet's time, but (measured) a Vorbis decoder outputs nothing for that packet, and an
   * Opus decoder drops the header's pre-skip again when it starts mid-stream.
   */
  private firstPosition(timestampUs: number): number {
    const at = Math.round((timestampUs * this.d.sampleRate) / 1e6);
    const [first, second] = this.fedAt;
    if (this.d.codec === 'vorbis' && second !== undefined) return second;
    if (this.d.codec === 'opus' && !this.d.matroska && first !== undefined && first > 0) return at + opusPreSkip(this.d.config);
    return at;
  }

  private stopDecoder(): void {
    if (this.decoder && this.decoder.state !== 'closed') this.decoder.close();
    this.decoder = null;
  }
}
