// The decode worker's per-track bookkeeping (one slot = one track queued in the output worklet) and
// the small helpers around it: closing a slot's stream, handing PCM to the worklet as transferable
// buffers, and telling "this browser or server cannot stream this file" (→ <audio>) from a failure.
import type { Id } from '../../../app/contract/index.ts';
import { CorsError, RangeUnsupportedError } from './bytes.ts';
import type { FailureKind, StreamSource } from './protocol.ts';
import { UnsupportedCodecError } from './trackStream.ts';

/** What the feeder needs of a track's stream (trackStream.ts's TrackStream: trimmed PCM at the output's rate). */
export interface PcmStream {
  /** Playable length in output frames, when known. */
  readonly lengthFrames: number | null;
  /** (Re)starts at output frame `fromOut`; a read() pending across it answers null. */
  start(fromOut: number): void;
  /** The next block of planar PCM, or null at the end (or after a restart). */
  read(): Promise<Float32Array[] | null>;
  close(): void;
}

export interface Slot {
  key: number;
  id: Id;
  source: StreamSource;
  gain: number;
  /** Crossfade with the previous slot, output frames (0 = gapless). */
  xfade: number;
  stream: Promise<PcmStream> | null;
  /** Output frames sent to the worklet since the stream (re)started at `startFrames`. */
  fed: number;
  /** Another source of the same track, opened and ready to continue at `startFrames + fed` (a rung switch). */
  swap: { source: StreamSource; stream: PcmStream } | null;
  /** Queued in the worklet ('add' sent). */
  added: boolean;
  fedEnd: boolean;
  started: boolean;
  startFrames: number;
}

export function closeSlot(slot: Slot): void {
  slot.stream?.then((s) => s.close(), () => {});
  slot.swap?.stream.close();
}

/** Takes a ready swap (between reads: the feeder's fill loop and seek call this). */
export function adoptSwap(slot: Slot): void {
  const swap = slot.swap;
  if (!swap) return;
  slot.swap = null;
  closeSlot(slot);
  slot.source = swap.source;
  slot.stream = Promise.resolve(swap.stream);
  swap.stream.start(slot.startFrames + slot.fed);
}

/** Fresh, whole buffers (a block may view a larger decoded buffer): transferable once each. */
export function ownBuffers(block: Float32Array[]): { channels: Float32Array[]; buffers: ArrayBuffer[] } {
  const channels = block.map((c) => (c.byteOffset === 0 && c.byteLength === c.buffer.byteLength ? c : c.slice()));
  const buffers = [...new Set(channels.map((c) => c.buffer as ArrayBuffer))];
  return { channels, buffers };
}

/** What opening a stream failed with, as the page's engine needs it (plain data). */
export function failureOf(err: unknown): { kind: FailureKind; message: string } {
  const e = err as Error;
  if (err instanceof CorsError) return { kind: 'cors', message: e.message };
  if (err instanceof UnsupportedCodecError || err instanceof RangeUnsupportedError || e?.name === 'NotSupportedError') {
    return { kind: 'unsupported', message: e.message };
  }
  return { kind: 'error', message: e?.message ?? String(err) };
}
