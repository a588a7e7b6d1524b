// The engine's per-track bookkeeping (one slot = one track queued in the output worklet) and the
// small helpers around it: closing a slot's stream, handing PCM to the worklet as transferable
// buffers, and telling "this browser or server cannot stream this file" (→ <audio>) from a failure.
import type { Id } from '../../../app/contract/index.ts';
import { CorsError, RangeUnsupportedError } from './bytes.ts';
import { UnsupportedCodecError, type TrackStream } from './trackStream.ts';

export class StreamUnavailable extends Error {
  readonly cors: boolean;
  constructor(message: string, cors = false) {
    super(message);
    this.cors = cors;
  }
}

export interface StreamSource {
  url: string;
  credentials: RequestCredentials;
  /** Bytes per range request; remote sources use larger ones (fewer round trips). */
  chunkBytes?: number;
  headers?: Record<string, string>;
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
  return typeof window !== 'undefined' && window.isSecureContext && typeof AudioDecoder !== 'undefined' && typeof AudioWorkletNode !== 'undefined';
}

export interface Slot {
  key: number;
  id: Id;
  source: StreamSource;
  gain: number;
  /** Crossfade with the previous slot, output frames (0 = gapless). */
  xfade: number;
  stream: Promise<TrackStream> | null;
  /** Queued in the worklet ('add' sent). */
  added: boolean;
  fedEnd: boolean;
  started: boolean;
  startFrames: number;
}

export function closeSlot(slot: Slot): void {
  slot.stream?.then((s) => s.close(), () => {});
}

/** Fresh, whole buffers (a block may view a larger decoded buffer): transferable once each. */
export function ownBuffers(block: Float32Array[]): { channels: Float32Array[]; buffers: ArrayBuffer[] } {
  const channels = block.map((c) => (c.byteOffset === 0 && c.byteLength === c.buffer.byteLength ? c : c.slice()));
  const buffers = [...new Set(channels.map((c) => c.buffer as ArrayBuffer))];
  return { channels, buffers };
}

export function toUnavailable(err: unknown): Error {
  if (err instanceof CorsError) return new StreamUnavailable(err.message, true);
  if (err instanceof UnsupportedCodecError || err instanceof RangeUnsupportedError) return new StreamUnavailable(err.message);
  const e = err as Error;
  if (e?.name === 'NotSupportedError') return new StreamUnavailable(e.message);
  return e;
}
