// Bucket CORS, detected and never assumed. Streaming (gapless, loudness, crossfade, EQ), the offline
// cache, prefetching the next track and measured data usage all read storage with fetch() from
// this page's origin, which storage allows only with a CORS rule; <audio src> needs none. The first
// streamed track tells (a read that works → ok; a refusal the engine reports → missing, and later
// tracks go straight to <audio>); Settings probes when nothing played yet (2 bytes of a low rendition).
import type { Id } from '../../app/contract/index.ts';
import { client } from '../api/client.ts';
import { remoteClient } from '../api/remote.ts';
import { reachable } from '../audio/stream/bytes.ts';
import { useQueue } from '../stores/queue.ts';
import { remoteActions, useRemote, type CorsStatus } from './store.ts';

const originOf = (url: string): string | null => {
  try {
    return new URL(url, location.href).origin;
  } catch {
    return null;
  }
};

export const corsState = (): CorsStatus['state'] => useRemote.getState().cors.state;

export function noteCorsOk(url: string): void {
  if (corsState() !== 'ok') remoteActions.set({ cors: { state: 'ok', origin: originOf(url), detail: null } });
}

export function noteCorsMissing(url: string | null, detail: string): void {
  remoteActions.set({ cors: { state: 'missing', origin: url ? originOf(url) : null, detail } });
}

async function anyTrack(): Promise<Id | null> {
  const q = useQueue.getState();
  const queued = q.ids[q.index] ?? q.ids[0];
  if (queued !== undefined) return queued;
  const page = await client.tracks({ limit: 1 });
  return page.items[0]?.id ?? null;
}

let probing: Promise<void> | null = null;

/** Finds out whether storage allows this page's reads (Settings, when no track has told yet). */
export function probeCors(): Promise<void> {
  if (corsState() !== 'unknown') return Promise.resolve();
  probing ??= (async () => {
    const id = await anyTrack();
    if (id === null) return;
    const { url } = await remoteClient.streamUrl(id, 'low');
    let res: Response;
    try {
      res = await fetch(url, { headers: { range: 'bytes=0-1' }, mode: 'cors', credentials: 'omit', cache: 'no-store' });
    } catch {
      if (await reachable(url)) noteCorsMissing(url, 'storage answers, but allows no cross-origin reads from this page (no CORS rule for this origin)');
      return;
    }
    void res.body?.cancel();
    if (res.status === 206 && res.headers.get('content-range')) noteCorsOk(url);
    else if (res.status === 206) noteCorsMissing(url, 'storage allows reads, but does not expose Content-Range to this page (ExposeHeaders)');
  })().catch(() => {}).finally(() => (probing = null));
  return probing;
}
