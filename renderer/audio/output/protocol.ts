// Messages between the engine (main thread) and the output worklet (output.worklet.ts).
import type { ItemSpec, MixerEvent, MixerStatus } from './mixer.ts';

export type ToWorklet =
  | ({ type: 'add' } & ItemSpec)
  /** Planar PCM at the context's rate (buffers are transferred). */
  | { type: 'pcm'; key: number; channels: Float32Array[] }
  | { type: 'end'; key: number }
  | { type: 'drop'; key: number }
  | { type: 'gain'; key: number; gain: number }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'flush' }
  /** The context is about to resume from a sleep: hold silence before anything plays (Mixer.wake). */
  | { type: 'wake' }
  /** A second port (the decode worker's): commands come from it too, status and events go to both. */
  | { type: 'connect'; port: MessagePort };

export type FromWorklet =
  | { type: 'events'; events: MixerEvent[]; status: MixerStatus; frame: number }
  | { type: 'status'; status: MixerStatus; frame: number };
