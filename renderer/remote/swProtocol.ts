// Messages between the remote player (page) and its service worker (renderer/sw.ts).
import type { Rung } from './policy.ts';

export interface PinItem {
  trackId: number;
  rung: Rung;
  /** A presigned URL for the rendition (the worker renews it through the API when storage refuses it). */
  src: string;
}

export type ToWorker =
  | { type: 'config'; limitBytes: number }
  | { type: 'pin'; key: string; items: PinItem[] }
  | { type: 'unpin'; key: string }
  | { type: 'status' }
  /** Send the queued offline requests now. */
  | { type: 'flush' }
  /** Sign out: drop every cache but the app shell. */
  | { type: 'clear' };

export type FromWorker =
  /** Bytes fetched from storage (data usage). */
  | { type: 'bytes'; n: number }
  /** One finished fetch: throughput sample. */
  | { type: 'throughput'; bytes: number; ms: number }
  /** `keys`: stable URLs of the renditions held whole (playable offline). */
  | { type: 'status'; cachedBytes: number; keys: string[] }
  | { type: 'pinProgress'; key: string; done: number; total: number }
  | { type: 'queued'; pending: number };

/**
 * The Cache Storage cache holding rendition chunks (`<stable URL>/<index>`) and their metadata
 * (`/cache/meta.json`: entries by stable URL, with the chunks held and the object's size).
 */
export const rangeCache = 'tonearm-ranges-v1';
