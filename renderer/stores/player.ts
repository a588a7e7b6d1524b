// Playback state (playing, position, volume) and the play actions that combine the queue with the
// audio engine.
import { create } from 'zustand';
import type { Id, Track } from '../../app/contract/index.ts';
import { createEngine } from '../audio/engine.ts';
import type { GainDecision } from '../audio/gain.ts';
import { sourceResolver } from '../audio/source.ts';
import { client } from '../api/client.ts';
import { playbackActions, usePlayback } from './playback.ts';
import { libraryActions, useLibrary } from './library.ts';
import { currentId, queueActions, useQueue } from './queue.ts';
import { nextIndex, previousIndex } from './queueLogic.ts';
import { gainAt, loudnessAt, nextSpec, sleepStopsHere, trackOf } from './playerQueue.ts';
import { toastActions } from './toasts.ts';
import { explainPlayError } from './playError.ts';

interface PlayerStore {
  isPlaying: boolean;
  isLoading: boolean;
  positionMs: number;
  durationMs: number;
  volume: number;
  muted: boolean;
  /** The queue played to its end (no track is "now playing" until play is pressed again). */
  ended: boolean;
  /** Why the current track plays through <audio> instead of the streaming engine (null: it streams). */
  fallback: { reason: string; cors: boolean } | null;
  /** The loudness gain applied to the current track (null: nothing loaded). */
  loudness: GainDecision | null;
}

export const usePlayer = create<PlayerStore>(() => ({
  isPlaying: false,
  isLoading: false,
  positionMs: 0,
  durationMs: 0,
  volume: 0.8,
  muted: false,
  ended: false,
  fallback: null,
  loudness: null,
}));

const set = usePlayer.setState;
/** Consecutive tracks that failed to play; stops skipping once the whole queue, or this many in a row, failed. */
const MAX_FAILURES_IN_A_ROW = 10;
let failures = 0;
let ticker: ReturnType<typeof setInterval> | null = null;
/** The loaded track was asked to play (it may still be loading): next/previous keep playing. */
let playIntent = false;

/** Playing, or about to: a skip while the current track still loads must not stop playback. */
function wantsPlay(): boolean {
  return usePlayer.getState().isPlaying || playIntent;
}

function tick(): void {
  set({ positionMs: engine.position() });
}

export const engine = createEngine({
  onPlaying() {
    failures = 0;
    set({ isPlaying: true, isLoading: false, ended: false, positionMs: engine.position() });
    if (!ticker) ticker = setInterval(tick, 250);
  },
  onPaused() {
    playIntent = false;
    set({ isPlaying: false, positionMs: engine.position() });
    if (ticker) clearInterval(ticker);
    ticker = null;
  },
  onEnded() {
    if (ticker) clearInterval(ticker);
    ticker = null;
    if (sleepStopsHere()) {
      // Sleep timer "end of track / album": stop here, ready on the next track.
      playbackActions.setSleep('off');
      playIntent = false;
      const q = useQueue.getState();
      const i = nextIndex(q.ids.length, q.index, q.repeat, true);
      mutate(() => queueActions.setIndex(i >= 0 ? i : 0));
      set({ isPlaying: false, positionMs: 0 });
      loadCurrent(false);
      return;
    }
    playerActions.next(true);
  },
  onError(id, message, fatal) {
    const track = useLibrary.getState().tracks.get(id);
    set({ isPlaying: false, isLoading: false });
    if (!fatal) {
      playIntent = false;
      return;
    }
    // A missing file fails like an unsupported format in the media element: ask the server first.
    void explainPlayError(id, message).then((why) => toastActions.error(`Can't play “${track?.title ?? `track ${id}`}”: ${why}`));
    failures++;
    // Skip on, but not through a whole queue of missing files (an unplugged drive): stop after a run of failures.
    if (failures < Math.min(useQueue.getState().ids.length, MAX_FAILURES_IN_A_ROW)) playerActions.next(true, true);
    else {
      if (failures >= MAX_FAILURES_IN_A_ROW) toastActions.error(`Stopped: ${failures} tracks in a row could not be played.`);
      failures = 0;
    }
  },
  onDuration(ms) {
    if (ms > 0) set({ durationMs: ms });
  },
  onLoading(isLoading) {
    set({ isLoading });
  },
  onAdvance(id) {
    // The queued next track took over sample-exactly: follow it in the queue without reloading.
    const q = useQueue.getState();
    const i = nextIndex(q.ids.length, q.index, q.repeat, true);
    const at = q.ids[i] === id ? i : q.ids.indexOf(id);
    if (at >= 0) mutate(() => queueActions.setIndex(at));
    const track = trackOf(id);
    set({ positionMs: 0, durationMs: track?.durationMs ?? 0, fallback: null, loudness: loudnessAt(useQueue.getState().index) });
    syncNext();
  },
  onFallback(_id, reason, cors) {
    set({ fallback: { reason, cors } });
  },
  onBytes(n) {
    sourceResolver().onBytes?.(n);
  },
});

/** Tells the engine what follows the current track (gapless or crossfaded), or that nothing does. */
function syncNext(): void {
  engine.setNext(engine.loadedId === null ? null : nextSpec());
}

/** Loads the queue's current track into the engine. */
function loadCurrent(autoplay: boolean, startMs = 0): void {
  const id = currentId();
  if (id === undefined) {
    engine.stop();
    set({ isPlaying: false, positionMs: 0, durationMs: 0, loudness: null });
    return;
  }
  const track = trackOf(id);
  playIntent = autoplay;
  set({ positionMs: startMs, durationMs: track?.durationMs ?? 0, fallback: null, ...(autoplay ? { ended: false } : {}) });
  const loudness = loudnessAt(useQueue.getState().index);
  set({ loudness });
  engine.load(id, track, autoplay, startMs, loudness?.linear ?? 1);
  syncNext();
  if (!track) void libraryActions.ensureTracks([id]).then(() => {
    const t = trackOf(id);
    if (t && currentId() === id && usePlayer.getState().durationMs === 0) set({ durationMs: t.durationMs });
  });
}

/** Set while a play action changes the queue itself (it loads the track explicitly). */
let explicit = false;
function mutate(fn: () => void): void {
  explicit = true;
  try {
    fn();
  } finally {
    explicit = false;
  }
}

// When the current entry changes for any other reason (removed from the queue, cleared), follow it.
useQueue.subscribe((s, prev) => {
  if (explicit) return;
  const now = s.index >= 0 ? s.ids[s.index] : undefined;
  const before = prev.index >= 0 ? prev.ids[prev.index] : undefined;
  if (now !== before && now !== engine.loadedId) loadCurrent(wantsPlay());
  else if (s.ids !== prev.ids || s.repeat !== prev.repeat || s.shuffle !== prev.shuffle) syncNext();
});

// Loudness, crossfade or sleep settings changed: new gains for the loaded and queued tracks.
usePlayback.subscribe((s, prev) => {
  if (s.gain !== prev.gain) {
    const q = useQueue.getState();
    const id = q.ids[q.index];
    if (id !== undefined) engine.setGain(id, gainAt(q.index));
    set({ loudness: q.index >= 0 ? loudnessAt(q.index) : null });
  }
  if (s.eq !== prev.eq) engine.setEq(s.eq);
  if (s.gain !== prev.gain || s.crossfadeSeconds !== prev.crossfadeSeconds || s.sleep !== prev.sleep) syncNext();
});
engine.setEq(usePlayback.getState().eq);

function idsOf(items: readonly (Id | Track)[]): Id[] {
  const tracks = items.filter((t): t is Track => typeof t !== 'number');
  libraryActions.putTracks(tracks);
  return items.map((t) => (typeof t === 'number' ? t : t.id));
}

export const playerActions = {
  /** Replaces the queue with these tracks and plays from `start`. */
  playTracks(items: readonly (Id | Track)[], start = 0): void {
    const ids = idsOf(items);
    if (ids.length === 0) return;
    failures = 0;
    mutate(() => queueActions.replace(ids, start));
    loadCurrent(true);
  },
  /** Turns shuffle on and plays these tracks from a random one. */
  shufflePlay(items: readonly (Id | Track)[]): void {
    if (!useQueue.getState().shuffle) queueActions.toggleShuffle();
    playerActions.playTracks(items, Math.floor(Math.random() * items.length));
  },
  /** Plays one track now, keeping the rest of the queue after it. */
  playNow(item: Id | Track): void {
    const [id] = idsOf([item]);
    if (id === undefined) return;
    const q = useQueue.getState();
    if (q.ids.length === 0) return playerActions.playTracks([id]);
    mutate(() => {
      queueActions.insertNext([id]);
      queueActions.setIndex(Math.max(0, useQueue.getState().index + (q.index < 0 ? 0 : 1)));
    });
    loadCurrent(true);
  },
  playNext(items: readonly (Id | Track)[]): void {
    const ids = idsOf(items);
    const wasEmpty = useQueue.getState().ids.length === 0;
    mutate(() => queueActions.insertNext(ids));
    toastActions.show(ids.length === 1 ? 'Playing next' : `${ids.length} tracks playing next`);
    if (wasEmpty) loadCurrent(false);
  },
  addToQueue(items: readonly (Id | Track)[]): void {
    const ids = idsOf(items);
    const wasEmpty = useQueue.getState().ids.length === 0;
    mutate(() => queueActions.append(ids));
    toastActions.show(ids.length === 1 ? 'Added to queue' : `${ids.length} tracks added to queue`);
    if (wasEmpty) loadCurrent(false);
  },
  jumpTo(index: number): void {
    mutate(() => queueActions.setIndex(index));
    loadCurrent(true);
  },
  play(): void {
    if (engine.loadedId === null) {
      if (currentId() !== undefined) loadCurrent(true, usePlayer.getState().positionMs);
      return;
    }
    playIntent = true;
    engine.play();
  },
  pause(): void {
    playIntent = false;
    engine.pause();
  },
  togglePlay(): void {
    if (wantsPlay()) playerActions.pause();
    else playerActions.play();
  },
  /** `auto`: the track ended by itself (repeat one applies). `afterError`: keep going after a failed file. */
  next(auto = false, afterError = false): void {
    const q = useQueue.getState();
    const i = nextIndex(q.ids.length, q.index, q.repeat, auto && !afterError);
    if (i < 0) {
      // End of the queue: stop, ready to play it again from the top.
      engine.stop();
      mutate(() => queueActions.setIndex(q.ids.length ? 0 : -1));
      set({ isPlaying: false, positionMs: 0, ended: auto });
      loadCurrent(false);
      return;
    }
    if (i === q.index && q.ids.length > 0 && !afterError) {
      engine.seek(0);
      engine.play();
      return;
    }
    mutate(() => queueActions.setIndex(i));
    loadCurrent(auto || wantsPlay() || afterError);
  },
  previous(): void {
    const q = useQueue.getState();
    const pos = engine.loadedId === null ? usePlayer.getState().positionMs : engine.position();
    const i = previousIndex(q.ids.length, q.index, q.repeat, pos);
    if (i < 0) return;
    if (i === q.index) {
      playerActions.seek(0);
      return;
    }
    mutate(() => queueActions.setIndex(i));
    loadCurrent(wantsPlay());
  },
  seek(ms: number): void {
    const duration = usePlayer.getState().durationMs;
    const target = Math.max(0, duration > 0 ? Math.min(ms, duration - 250) : ms);
    if (engine.loadedId === null) {
      if (currentId() !== undefined) loadCurrent(false, target);
    } else engine.seek(target);
    set({ positionMs: target });
  },
  seekBy(deltaMs: number): void {
    const pos = engine.loadedId === null ? usePlayer.getState().positionMs : engine.position();
    playerActions.seek(pos + deltaMs);
  },
  setVolume(volume: number): void {
    const v = Math.max(0, Math.min(1, volume));
    set({ volume: v, muted: v === 0 ? usePlayer.getState().muted : false });
    engine.setVolume(v, usePlayer.getState().muted);
  },
  toggleMute(): void {
    const muted = !usePlayer.getState().muted;
    set({ muted });
    engine.setVolume(usePlayer.getState().volume, muted);
  },
  toggleShuffle: queueActions.toggleShuffle,
  cycleRepeat: queueActions.cycleRepeat,
  /** Restores a saved state without starting playback. */
  restore(state: { volume: number; muted: boolean; positionMs: number }): void {
    set({ volume: state.volume, muted: state.muted });
    engine.setVolume(state.volume, state.muted);
    loadCurrent(false, state.positionMs);
  },
  /** Plays the albums' tracks in order (an artist, a genre). */
  async playAlbums(albumIds: readonly Id[]): Promise<void> {
    try {
      playerActions.playTracks(await libraryActions.albumTracks(albumIds));
    } catch (err) {
      toastActions.error((err as Error).message);
    }
  },
  async playAlbum(albumId: Id, start = 0): Promise<void> {
    try {
      const album = await libraryActions.loadAlbum(albumId);
      playerActions.playTracks(album.tracks, start);
    } catch (err) {
      toastActions.error((err as Error).message);
    }
  },
  async fetchTrack(id: Id): Promise<Track> {
    const t = trackOf(id) ?? (await client.track(id));
    libraryActions.putTracks([t]);
    return t;
  },
};

export function positionNow(): number {
  return engine.loadedId === null ? usePlayer.getState().positionMs : engine.position();
}

// Narrow selector hooks.
/** The track shown as "now playing" in track lists: none once the queue has played to its end. */
export const useNowPlayingId = (): Id | undefined => {
  const ended = usePlayer((st) => st.ended);
  const id = useQueue((q) => (q.index >= 0 ? q.ids[q.index] : undefined));
  return ended ? undefined : id;
};
export const useLoudness = (): GainDecision | null => usePlayer((st) => st.loudness);
export const useFallback = (): { reason: string; cors: boolean } | null => usePlayer((st) => st.fallback);
export const useIsPlaying = (): boolean => usePlayer((s) => s.isPlaying);
export const useIsLoading = (): boolean => usePlayer((s) => s.isLoading);
export const usePosition = (): number => usePlayer((s) => s.positionMs);
export const useDuration = (): number => usePlayer((s) => s.durationMs);
export const useVolume = (): { volume: number; muted: boolean } => {
  const volume = usePlayer((s) => s.volume);
  const muted = usePlayer((s) => s.muted);
  return { volume, muted };
};
