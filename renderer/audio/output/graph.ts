// The Web Audio graph every streamed track plays through:
//   worklet (mixer: gapless queue, loudness gain, crossfade, fades) → EQ pre-amp → 10 peaking
//   bands → volume → speakers.
// One AudioContext at the device's rate for the page's life; tracks at other rates are resampled
// before they reach the worklet.
import workletUrl from './output.worklet.ts?worker&url';
import type { FromWorklet, ToWorklet } from './protocol.ts';
import { EQ_FREQUENCIES, type EqSettings } from '../eq.ts';

export class OutputGraph {
  readonly ctx: AudioContext;
  private readonly node: AudioWorkletNode;
  private readonly preamp: GainNode;
  private readonly bands: BiquadFilterNode[];
  private readonly volume: GainNode;
  private eqOn = false;
  /** sleep() was called and no resume() since. */
  private asleep = false;

  private constructor(ctx: AudioContext, node: AudioWorkletNode) {
    this.ctx = ctx;
    this.node = node;
    this.preamp = ctx.createGain();
    this.volume = ctx.createGain();
    this.bands = EQ_FREQUENCIES.map((f, i) => {
      const b = ctx.createBiquadFilter();
      b.type = i === 0 ? 'lowshelf' : i === EQ_FREQUENCIES.length - 1 ? 'highshelf' : 'peaking';
      b.frequency.value = f;
      b.Q.value = 1.41;
      b.gain.value = 0;
      return b;
    });
    let prev: AudioNode = this.preamp;
    for (const b of this.bands) {
      prev.connect(b);
      prev = b;
    }
    prev.connect(this.volume);
    node.connect(this.volume);
    this.volume.connect(ctx.destination);
  }

  static async create(): Promise<OutputGraph> {
    const ctx = new AudioContext({ latencyHint: 'playback' });
    await ctx.audioWorklet.addModule(workletUrl);
    const node = new AudioWorkletNode(ctx, 'tonearm-output', { numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [2] });
    return new OutputGraph(ctx, node);
  }

  get rate(): number {
    return this.ctx.sampleRate;
  }

  send(m: ToWorklet, transfer: Transferable[] = []): void {
    this.node.port.postMessage(m, transfer);
  }

  listen(fn: (m: FromWorklet) => void): void {
    this.node.port.onmessage = (e: MessageEvent<FromWorklet>) => fn(e.data);
  }

  /** Suspends the context (nothing plays: no CPU while paused). */
  async sleep(): Promise<void> {
    this.asleep = true;
    await this.ctx.suspend();
  }

  /**
   * Resumes a suspended context — also one whose suspend is still under way (its state says
   * 'running' until it is done). The worklet is told first, so what it renders while the stream
   * wakes is silence and a resume's fade-in comes after it (Mixer.wake).
   */
  async resume(): Promise<void> {
    if (!this.asleep && this.ctx.state === 'running') return;
    this.asleep = false;
    this.send({ type: 'wake' });
    await this.ctx.resume();
  }

  /** Linear volume, ramped over ~10 ms (no zipper noise). */
  setVolume(linear: number): void {
    this.volume.gain.setTargetAtTime(linear, this.ctx.currentTime, 0.01);
  }

  setEq(eq: EqSettings): void {
    const on = eq.enabled;
    if (on !== this.eqOn) {
      this.node.disconnect();
      this.node.connect(on ? this.preamp : this.volume);
      this.eqOn = on;
    }
    const t = this.ctx.currentTime;
    this.preamp.gain.setTargetAtTime(10 ** (eq.preampDb / 20), t, 0.02);
    this.bands.forEach((b, i) => b.gain.setTargetAtTime(eq.gains[i] ?? 0, t, 0.02));
  }
}
