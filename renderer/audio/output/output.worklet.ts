// The AudioWorklet processor: a thin shell around Mixer (mixer.ts). It applies the messages of the
// decode worker (PCM, queue) and the page (connect), renders 128 frames per quantum, and reports
// events at once and its status about every 50 ms to both. Built as its own file (vite `?worker&url`) and loaded with audioWorklet.addModule, so it
// stays under the page's CSP (script-src 'self').
import { Mixer, type MixerEvent } from './mixer.ts';
import type { FromWorklet, ToWorklet } from './protocol.ts';

declare const sampleRate: number;
declare const currentFrame: number;
declare function registerProcessor(name: string, ctor: unknown): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}

/**
 * Silence rendered after the context wakes before a resume's fade-in may start (whole render
 * quanta): the first 1024 samples and a margin, or 28 ms at higher rates. A waking stream has been
 * seen to lose its first 1024 samples (Chromium → PulseAudio); this is what a resume after a sleep
 * waits for, about 29 ms at 44.1 and 48 kHz.
 */
const WAKE_HOLD = Math.ceil(Math.max(1280, 0.028 * sampleRate) / 128) * 128;

class OutputProcessor extends AudioWorkletProcessor {
  // 12 ms fades; a track starts (or resumes after running dry) with 500 ms queued: decoding that
  // much takes a few ms on an idle machine, and it rides out a loaded one's first hiccups.
  private readonly mixer = new Mixer(Math.round(sampleRate * 0.012), Math.round(sampleRate * 0.5));
  private quanta = 0;
  private readonly events: MixerEvent[] = [];
  private readonly statusEvery = Math.max(1, Math.round((sampleRate * 0.05) / 128));

  /** The decode worker's port (PCM and queue commands), once connected. */
  private worker: MessagePort | null = null;

  constructor() {
    super();
    this.port.onmessage = (e: MessageEvent<ToWorklet>) => this.apply(e.data);
  }

  private post(msg: FromWorklet): void {
    this.port.postMessage(msg);
    this.worker?.postMessage(msg);
  }

  private apply(m: ToWorklet): void {
    const mixer = this.mixer;
    switch (m.type) {
      case 'add':
        mixer.add({ key: m.key, gain: m.gain, xfade: m.xfade, offset: m.offset });
        break;
      case 'pcm':
        mixer.pcm(m.key, m.channels);
        break;
      case 'end':
        mixer.end(m.key);
        break;
      case 'drop':
        mixer.drop(m.key);
        break;
      case 'gain':
        mixer.setGain(m.key, m.gain);
        break;
      case 'play':
        mixer.play();
        break;
      case 'pause':
        mixer.pause();
        break;
      case 'flush':
        mixer.flush();
        break;
      case 'wake':
        mixer.wake(WAKE_HOLD);
        break;
      case 'connect':
        this.worker = m.port;
        m.port.onmessage = (e: MessageEvent<ToWorklet>) => this.apply(e.data);
        break;
    }
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const out = outputs[0];
    const left = out?.[0];
    if (!out || !left) return true;
    const right = out[1] ?? left;
    this.mixer.process(left, right, left.length, currentFrame, this.events);
    this.quanta++;
    if (this.events.length > 0) {
      this.post({ type: 'events', events: this.events.splice(0), status: this.mixer.status(), frame: currentFrame + left.length });
      this.quanta = 0;
    } else if (this.quanta >= this.statusEvery) {
      this.post({ type: 'status', status: this.mixer.status(), frame: currentFrame + left.length });
      this.quanta = 0;
    }
    return true;
  }
}

registerProcessor('tonearm-output', OutputProcessor);
