// The one playback engine the player store drives. Per track it picks the streaming path
// (streamEngine.ts: WebCodecs + AudioWorklet — sample-accurate gapless, loudness gain at the exact
// boundary, crossfade, EQ) and falls back to a plain <audio> element (element.ts) when streaming
// cannot work here: no secure context, a codec WebCodecs lacks, or remote storage without CORS
// (reported through `onFallback`, so the UI can say which features need CORS).
import type { Id, Track } from '../../app/contract/index.ts';
import { createElementEngine, type AudioState, type EngineEvents } from './element.ts';
import { sourceResolver, type Source, type StreamWatcher } from './source.ts';
import { StreamEngine, StreamUnavailable, streamingSupported } from './streamEngine.ts';
import type { EqSettings } from './eq.ts';

export type { AudioState };

export interface PlaybackEvents extends EngineEvents {
  /** The queued next track took over at the end of the previous one (gapless / crossfade). */
  onAdvance(id: Id): void;
  /** This track plays through <audio>: `cors` when storage refused a cross-origin read. */
  onFallback(id: Id, reason: string, cors: boolean): void;
  onBytes?(n: number): void;
}

export interface NextSpec {
  id: Id;
  track: Track | undefined;
  gain: number;
  xfadeMs: number;
}

export function createEngine(events: PlaybackEvents) {
  let mode: 'stream' | 'element' | null = null;
  let loadedId: Id | null = null;
  let playingEvents = 0;
  let lastPlayingAt: number | null = null;
  let seq = 0;
  let volume = 1;
  let muted = false;
  let gain = 1;
  let lastSrc: string | null = null;
  let lastError: string | null = null;
  let pendingNext: NextSpec | null = null;
  /** A load without autoplay whose resolver defers it (remote mode): started by play(). */
  let deferred: { id: Id; track: Track | undefined; startMs: number } | null = null;
  let watcher: StreamWatcher | null = null;

  function unwatch(): void {
    watcher?.detach();
    watcher = null;
  }

  const playing = () => {
    playingEvents++;
    lastPlayingAt = performance.now();
    events.onPlaying();
  };

  const element = createElementEngine({
    ...events,
    onPlaying: () => mode === 'element' && playing(),
    onPaused: () => mode === 'element' && events.onPaused(),
    onEnded: () => mode === 'element' && events.onEnded(),
    onError: (id, m, f) => mode === 'element' && events.onError(id, m, f),
    onLoading: (l) => mode === 'element' && events.onLoading(l),
    onDuration: (ms) => mode === 'element' && events.onDuration(ms),
  });

  const stream = streamingSupported()
    ? new StreamEngine({
        onStarted(id, advanced) {
          unwatch();
          const s = stream;
          watcher = s ? (sourceResolver().attachStream?.(id, { swap: (source) => s.swapSource(id, source) }) ?? null) : null;
          if (advanced) {
            loadedId = id;
            events.onAdvance(id);
          }
          events.onLoading(false);
          playing();
        },
        onEnded() {
          if (mode === 'stream') events.onEnded();
        },
        onWaiting(w) {
          if (mode !== 'stream') return;
          watcher?.waiting(w);
          events.onLoading(w);
        },
        onError(id, err) {
          lastError = err.message;
          events.onLoading(false);
          events.onError(id, err.message, true);
        },
        ...(events.onBytes ? { onBytes: events.onBytes } : {}),
      })
    : null;

  function applyVolume(): void {
    const v = muted ? 0 : volume;
    if (stream) stream.setVolume(v);
    element.setVolume(volume * Math.min(1, gain), muted);
  }

  function useElement(id: Id, track: Track | undefined, autoplay: boolean, startMs: number, source: Source | Promise<Source>): void {
    mode = 'element';
    unwatch();
    stream?.stop();
    element.load(id, track, autoplay, startMs, source);
  }

  async function start(id: Id, track: Track | undefined, autoplay: boolean, startMs: number, my: number): Promise<void> {
    const resolved = sourceResolver().resolve(id, track);
    let source: Source;
    try {
      source = await resolved;
    } catch (err) {
      if (my !== seq) return;
      events.onLoading(false);
      events.onError(id, (err as Error).message, true);
      return;
    }
    if (my !== seq) return;
    lastSrc = source.stream?.url ?? source.src;
    if (!stream || !source.stream) {
      useElement(id, track, autoplay, startMs, source);
      return;
    }
    mode = 'stream';
    element.stop();
    try {
      await stream.load(id, source.stream, gain, autoplay, startMs);
      if (my !== seq) return;
      // Loaded paused: ready (playing clears it through onStarted otherwise).
      if (!autoplay) events.onLoading(false);
      if (pendingNext) engine.setNext(pendingNext);
    } catch (err) {
      if (my !== seq) return;
      if (err instanceof StreamUnavailable) {
        events.onFallback(id, err.message, err.cors);
        useElement(id, track, autoplay, startMs, source);
        return;
      }
      lastError = (err as Error).message;
      events.onLoading(false);
      events.onError(id, (err as Error).message, true);
    }
  }

  const engine = {
    get loadedId() {
      return loadedId;
    },
    get mode() {
      return mode;
    },
    /** Loads a track (replacing the current one, with a short fade); plays it when `autoplay`. */
    load(id: Id, track: Track | undefined, autoplay: boolean, startMs = 0, trackGain = 1): void {
      const my = ++seq;
      loadedId = id;
      gain = trackGain;
      lastError = null;
      unwatch();
      applyVolume();
      deferred = null;
      if (!autoplay && sourceResolver().deferLoad) {
        stream?.stop();
        element.stop();
        mode = null;
        deferred = { id, track, startMs };
        events.onLoading(false);
        return;
      }
      events.onLoading(true);
      void start(id, track, autoplay, startMs, my);
    },
    /** What follows the current track: queued in the output for a gapless (or crossfaded) join. */
    setNext(next: NextSpec | null): void {
      pendingNext = next;
      if (!stream || mode !== 'stream') return;
      if (!next) {
        stream.setNext(null);
        return;
      }
      const my = seq;
      void Promise.resolve(sourceResolver().resolve(next.id, next.track)).then((s) => {
        if (my !== seq || pendingNext !== next) return;
        stream.setNext(s.stream ? { id: next.id, source: s.stream, gain: next.gain, xfadeMs: next.xfadeMs } : null);
      }, () => {});
    },
    /** Changes the loudness gain of a loaded or queued track (ramped, ~50 ms). */
    setGain(id: Id, g: number): void {
      if (id === loadedId) {
        gain = g;
        applyVolume();
      }
      stream?.setGain(id, g);
    },
    play(): void {
      if (deferred) {
        const d = deferred;
        deferred = null;
        events.onLoading(true);
        void start(d.id, d.track, true, d.startMs, seq);
        return;
      }
      if (mode === 'stream' && stream) {
        if (!stream.isPlaying && stream.currentId !== null) {
          stream.play();
          playing();
        }
      } else element.play();
    },
    pause(): void {
      if (mode === 'stream' && stream) {
        const was = stream.isPlaying;
        stream.pause();
        if (was) events.onPaused();
      } else element.pause();
    },
    stop(): void {
      seq++;
      loadedId = null;
      deferred = null;
      unwatch();
      stream?.stop();
      element.stop();
      mode = null;
    },
    isPlaying(): boolean {
      return mode === 'stream' ? (stream?.isPlaying ?? false) : element.isPlaying();
    },
    position(): number {
      if (deferred) return deferred.startMs;
      return mode === 'stream' ? (stream?.positionMs() ?? 0) : element.position();
    },
    seek(ms: number): void {
      if (deferred) deferred.startMs = Math.max(0, ms);
      else if (mode === 'stream') void stream?.seek(Math.max(0, ms));
      else element.seek(ms);
    },
    setVolume(v: number, m: boolean): void {
      volume = v;
      muted = m;
      applyVolume();
    },
    setEq(eq: EqSettings): void {
      stream?.setEq(eq);
    },
    audioState(): AudioState & { mode: string | null; engine?: unknown } {
      const counters = stream ? { engine: { ...stream.stats, ...stream.debug(), nextId: stream.nextId } } : {};
      if (mode !== 'stream' || !stream) return { ...element.audioState(), mode, ...counters };
      return {
        src: lastSrc,
        paused: !stream.isPlaying,
        currentTime: stream.positionMs() / 1000,
        readyState: stream.currentId !== null ? 4 : 0,
        playingEvents,
        lastPlayingAt,
        error: lastError,
        mode,
        ...counters,
      };
    },
  };
  return engine;
}

export type Engine = ReturnType<typeof createEngine>;
