// Messages between the page's engine (streamEngine.ts, main thread) and the decode worker
// (decode.worker.ts), which reads, demuxes, decodes, trims and resamples tracks and feeds the output
// worklet directly over its own MessagePort — so the audio path never waits for the UI thread.
import type { Id } from '../../../app/contract/index.ts';

/** Where the streaming engine reads a file with range requests (plain data: it crosses to the worker). */
export interface StreamSource {
  url: string;
  credentials: RequestCredentials;
  /** Bytes per range request; remote sources use larger ones (fewer round trips). */
  chunkBytes?: number;
  headers?: Record<string, string>;
  /** What the source is when its URL is not (presigned URLs change on renewal): `remote:12:high`. */
  key?: string;
  /** No chunk read ahead (remote: the decoded window hides a fetch; a skip then costs less). */
  noReadAhead?: boolean;
  /** The page can renew the URL when storage refuses it (the worker asks: `renew` → `renewed`). */
  renewable?: boolean;
  /** The page wants each body received (`fetched`: data usage, throughput). */
  reportFetches?: boolean;
}

/** The same source (a renewed URL stays the same source). */
export const sameSource = (a: StreamSource, b: StreamSource): boolean => (a.key ?? a.url) === (b.key ?? b.url);

export interface NextTrack {
  id: Id;
  source: StreamSource;
  gain: number;
  /** Crossfade with the current track, output frames (0: gapless). */
  xfade: number;
}

export type ToDecoder =
  /** The worklet's port and the output rate; sent once. */
  | { type: 'init'; port: MessagePort; rate: number }
  /** Replaces whatever plays with `id` from output frame `startFrames` (request `req`). */
  | { type: 'load'; req: number; id: Id; source: StreamSource; gain: number; autoplay: boolean; startFrames: number }
  | { type: 'next'; next: NextTrack | null }
  | { type: 'gain'; id: Id; gain: number }
  | { type: 'seek'; frames: number }
  /** Continue the current track `id` from another source of the same audio (a rung) at the next sample. */
  | { type: 'swap'; id: Id; source: StreamSource }
  /** The page's answer to `renew` (null: no fresh URL). */
  | { type: 'renewed'; req: number; url: string | null }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'stop' };

/** Why a track cannot stream here: `cors` (storage refused a cross-origin read), `unsupported`, or a failure. */
export type FailureKind = 'cors' | 'unsupported' | 'error';

export type FromDecoder =
  /** The load `req` opened its stream (or failed before a sample played). */
  | { type: 'loaded'; req: number; error: { kind: FailureKind; message: string } | null }
  /** Key of the current track in the worklet (after a load, a seek or an advance) and its start frame. */
  | { type: 'current'; id: Id; key: number; startFrames: number }
  /** The first sample of `id` reached the output (`advanced`: it followed the previous track). */
  | { type: 'started'; id: Id; advanced: boolean }
  /** The first sample after a seek reached the output. */
  | { type: 'seeked'; id: Id }
  /** The last queued track played to its end (`late`: a next track was known but not queued in time). */
  | { type: 'ended'; id: Id; late: boolean }
  | { type: 'error'; id: Id; message: string }
  | { type: 'bytes'; n: number }
  /** Storage refused the URL of source `key` (`refused`: 403/401/400) or a read failed unanswered (`failed`). */
  | { type: 'renew'; req: number; key: string; why: 'refused' | 'failed' }
  /** A body of source `key` was received (its bytes and milliseconds). */
  | { type: 'fetched'; key: string; bytes: number; ms: number };
