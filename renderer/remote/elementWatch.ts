// The <audio> fallback in remote mode (storage without CORS, or a codec the streaming engine cannot
// decode): the element plays the presigned URL directly. This watches it: the next track's stream
// URL is fetched at 80 % (it starts without an API round trip); an expired URL is replaced before
// the element needs a new range (Chromium retries a 403 it cannot read for a long while instead of
// failing); repeated stalls step one rung down at the same position; bytes are estimated from what
// the element buffered × the rendition's bitrate (the page cannot read a cross-origin element's bytes).
import type { Id } from '../../app/contract/index.ts';
import { remoteClient } from '../api/remote.ts';
import type { SourceControl } from '../audio/source.ts';
import { useQueue } from '../stores/queue.ts';
import { nextIndex } from '../stores/queueLogic.ts';
import { stepDown, type Rung } from './policy.ts';
import { keepAhead, type Resolved } from './sources.ts';
import { remoteActions } from './store.ts';

export interface ElementWatchDeps {
  /** The source the element plays now (replaced on renewal and step-down). */
  current(): Resolved | null;
  rung(): Rung;
  /** A fresh presigned URL for `id` at `rung` (records it as current); null when none. */
  fresh(id: Id, rung: Rung): Promise<string | null>;
  onPrefetch(id: Id, ratio: number): void;
  stalls: { waiting(at: number): void; resumed(at: number): boolean; check(at: number): boolean; reset(): void };
  onStepDown(lower: Rung): void;
}

async function prefetchNextUrl(fromId: Id, deps: ElementWatchDeps, ratio: number): Promise<void> {
  const q = useQueue.getState();
  if (q.ids[q.index] !== fromId) return;
  const i = nextIndex(q.ids.length, q.index, q.repeat, true);
  const nextId = i >= 0 && i !== q.index ? q.ids[i] : undefined;
  if (nextId === undefined) return;
  deps.onPrefetch(nextId, ratio);
  keepAhead(nextId, await remoteClient.streamUrl(nextId, deps.rung()));
}

function countBuffered(node: HTMLAudioElement, r: Resolved | null): void {
  if (!r || r.via !== 'direct' || !r.bitrate) return;
  let seconds = 0;
  for (let i = 0; i < node.buffered.length; i++) seconds += node.buffered.end(i) - node.buffered.start(i);
  remoteActions.addBytes(Math.round((seconds * r.bitrate) / 8));
}

export function watchElement(id: Id, node: HTMLAudioElement, control: SourceControl, deps: ElementWatchDeps): () => void {
  let prefetched = false;
  const owner = deps.current();
  deps.stalls.reset();
  const onTime = () => {
    const d = node.duration;
    if (prefetched || !Number.isFinite(d) || d <= 0) return;
    const ratio = node.currentTime / d;
    if (ratio >= 0.8) {
      prefetched = true;
      void prefetchNextUrl(id, deps, ratio).catch(() => {});
    }
  };
  const stepDownNow = async () => {
    const c = deps.current();
    if (!c || c.id !== id || c.rung === 'low' || c.via === 'cache') return;
    const lower = stepDown(c.rung);
    deps.onStepDown(lower);
    const src = await deps.fresh(id, lower);
    if (src) control.swap(src, node.currentTime * 1000);
  };
  let refreshing = false;
  const refreshIfExpired = () => {
    const c = deps.current();
    if (refreshing || !c || c.id !== id || c.via === 'cache' || c.expiresAt - Date.now() > 2000) return;
    refreshing = true;
    void deps.fresh(id, c.rung).then((src) => {
      refreshing = false;
      if (src) control.swap(src, node.currentTime * 1000);
    });
  };
  const onWaiting = () => {
    deps.stalls.waiting(Date.now());
    refreshIfExpired();
  };
  const onPlaying = () => {
    if (deps.stalls.resumed(Date.now())) void stepDownNow();
  };
  const poll = setInterval(() => {
    if (deps.stalls.check(Date.now())) void stepDownNow();
  }, 1000);
  node.addEventListener('timeupdate', onTime);
  node.addEventListener('seeking', refreshIfExpired);
  node.addEventListener('play', refreshIfExpired);
  node.addEventListener('waiting', onWaiting);
  node.addEventListener('playing', onPlaying);
  return () => {
    clearInterval(poll);
    node.removeEventListener('timeupdate', onTime);
    node.removeEventListener('seeking', refreshIfExpired);
    node.removeEventListener('play', refreshIfExpired);
    node.removeEventListener('waiting', onWaiting);
    node.removeEventListener('playing', onPlaying);
    countBuffered(node, owner);
  };
}
