// The engine's one seam for where audio comes from. Desktop/web mode: the library API's stream
// route (synchronous, unchanged behaviour). Remote mode (renderer/remote/player.ts) installs a
// resolver that returns presigned URLs (async), recovers from expired URLs, and observes the media
// element or the stream (prefetch, stalls, rung switches).
import type { Id, Track } from '../../app/contract/index.ts';
import { authHeaders, streamUrl } from '../api/client.ts';
import type { StreamSource } from './streamEngine.ts';

export interface Source {
  src: string;
  /** howler's format hint when the URL has no extension (default: from the track's codec). */
  format?: string;
  /** Where the streaming engine reads the file with range requests; absent: <audio> only. */
  stream?: StreamSource;
}

export interface SourceControl {
  /** Swaps the element's URL and resumes at `positionMs` (playing if it was). */
  swap(src: string, positionMs: number): void;
}

export interface StreamControl {
  /** Continues the track from another source of the same audio, at the next sample (rung switch). */
  swap(source: StreamSource): void;
}

export interface StreamWatcher {
  /** The output ran dry (true) or plays again (false). */
  waiting(waiting: boolean): void;
  detach(): void;
}

export interface SourceResolver {
  resolve(id: Id, track: Track | undefined): Source | Promise<Source>;
  /** The element failed (e.g. 403 on a range request past expiry): a fresh URL, or null = fatal. */
  recover?(id: Id, positionMs: number, error: MediaError | null): Promise<string | null>;
  /** Bytes the streaming engine fetched (remote mode counts them as data usage). */
  onBytes?(n: number): void;
  /** Observes the element of a loaded track; returns the detach function. */
  attach?(id: Id, node: HTMLAudioElement, control: SourceControl): () => void;
  /** Observes a track the streaming path plays (from its first sample until it is replaced). */
  attachStream?(id: Id, control: StreamControl): StreamWatcher;
  /**
   * A track loaded without autoplay fetches nothing until play (remote mode: bytes cost money and
   * a restored queue must not download its track at sign-in).
   */
  deferLoad?: boolean;
}

const local: SourceResolver = {
  resolve: (id) => {
    const src = streamUrl(id);
    return { src, stream: { url: src, credentials: 'same-origin', headers: authHeaders() } };
  },
};
let current: SourceResolver = local;

export function setSourceResolver(resolver: SourceResolver | null): void {
  current = resolver ?? local;
}

export function sourceResolver(): SourceResolver {
  return current;
}
