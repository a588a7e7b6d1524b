// The fallback playback path: one howler Howl (a plain HTML5 <audio> element) at a time. Used when
// the streaming engine cannot run (no WebCodecs/AudioWorklet: an insecure origin; a codec WebCodecs
// lacks; remote storage without CORS, which <audio> does not need). Not gapless; loudness gain only
// attenuates (an element's volume cannot exceed 1). engine.ts picks the path per track.
import { Howl, Howler } from 'howler';
import type { Id, Track } from '../../app/contract/index.ts';
import { sourceResolver, type Source } from './source.ts';

export interface EngineEvents {
  onPlaying(): void;
  onPaused(): void;
  onEnded(): void;
  onError(id: Id, message: string, fatal: boolean): void;
  onDuration(ms: number): void;
  onLoading(loading: boolean): void;
}

/** The <audio> element behind the current Howl (howler keeps it private). */
interface HowlInternals {
  _sounds?: { _node?: HTMLAudioElement }[];
}

/** Howler needs a format when the URL has no extension; the element sniffs the real type anyway. */
function formatOf(track: Pick<Track, 'container' | 'codec'> | undefined): string {
  const c = `${track?.container ?? ''} ${track?.codec ?? ''}`.toLowerCase();
  if (c.includes('flac')) return 'flac';
  if (c.includes('opus')) return 'opus';
  if (c.includes('vorbis') || c.includes('ogg')) return 'ogg';
  if (c.includes('aac') || c.includes('mp4') || c.includes('m4a') || c.includes('alac')) return 'm4a';
  if (c.includes('wav') || c.includes('pcm')) return 'wav';
  if (c.includes('webm')) return 'webm';
  return 'mp3';
}

export interface AudioState {
  src: string | null;
  paused: boolean;
  currentTime: number;
  readyState: number;
  playingEvents: number;
  lastPlayingAt: number | null;
  error: string | null;
}

export function createElementEngine(events: EngineEvents) {
  let howl: Howl | null = null;
  let loadedId: Id | null = null;
  let node: HTMLAudioElement | null = null;
  let playingEvents = 0;
  let lastPlayingAt: number | null = null;
  let detach: (() => void) | null = null;
  /** Bumped by every load/unload: an async source that resolves late is dropped. */
  let loadSeq = 0;

  function attachNode(): void {
    const found = (howl as unknown as HowlInternals | null)?._sounds?.[0]?._node ?? null;
    if (found === node) return;
    detach?.();
    node = found;
    if (!node) return;
    const n = node;
    const onPlaying = () => {
      playingEvents++;
      lastPlayingAt = performance.now();
      events.onLoading(false);
    };
    const onWaiting = () => events.onLoading(true);
    n.addEventListener('playing', onPlaying);
    n.addEventListener('waiting', onWaiting);
    // Source seam (remote mode): recover from a failed URL (expired presigned URL) at the same
    // position, and let the resolver observe the element (prefetch, stalls).
    const resolver = sourceResolver();
    const id = loadedId;
    const h = howl;
    let recovering = false;
    const swap = (src: string, positionMs: number) => {
      if (node !== n) return;
      const resume = h?.playing() ?? !n.paused;
      n.src = src;
      if (positionMs > 0) n.currentTime = positionMs / 1000;
      if (resume) void n.play().catch(() => {});
    };
    const onError = () => {
      if (!resolver.recover || recovering || id === null || node !== n) return;
      recovering = true;
      const error = n.error;
      void resolver.recover(id, n.currentTime * 1000, error).then((src) => {
        recovering = false;
        if (node !== n) return;
        if (src) swap(src, n.currentTime * 1000);
        else {
          events.onLoading(false);
          events.onError(id, describe(null, n), true);
        }
      });
    };
    n.addEventListener('error', onError);
    const detachSource = id !== null ? resolver.attach?.(id, n, { swap }) : undefined;
    detach = () => {
      n.removeEventListener('playing', onPlaying);
      n.removeEventListener('waiting', onWaiting);
      n.removeEventListener('error', onError);
      detachSource?.();
    };
  }

  function unload(): void {
    loadSeq++;
    detach?.();
    detach = null;
    node = null;
    if (howl) {
      howl.off();
      howl.unload();
    }
    howl = null;
    loadedId = null;
  }

  function start(id: Id, track: Track | undefined, autoplay: boolean, startMs: number, source: { src: string; format?: string }): void {
    const h = new Howl({
      src: [source.src],
      html5: true,
      format: [source.format ?? formatOf(track)],
      preload: true,
      autoplay: false,
    });
    howl = h;
    attachNode();
    h.on('load', () => {
      if (howl !== h) return;
      events.onDuration(h.duration() * 1000);
      if (!autoplay) events.onLoading(false);
      // A play requested while the previous track was still starting can be lost in howler's
      // html5 node pool (seen once in ~50 fast skips): once loaded, make sure it is playing.
      // playing() is true while a play is pending, so this never starts a second sound.
      else if (!h.playing()) h.play();
    });
    h.on('play', () => {
      if (howl !== h) return;
      attachNode();
      events.onPlaying();
    });
    h.on('pause', () => howl === h && events.onPaused());
    h.on('stop', () => howl === h && events.onPaused());
    h.on('end', () => howl === h && events.onEnded());
    h.on('loaderror', (_sid, err) => {
      if (howl !== h) return;
      // A media error with a recovering resolver (remote mode) is handled by attachNode's listener.
      if (sourceResolver().recover && node?.error) return;
      events.onLoading(false);
      events.onError(id, describe(err, node), true);
    });
    h.on('playerror', (_sid, err) => {
      if (howl !== h) return;
      events.onLoading(false);
      // Autoplay refusals are not the file's fault: stay on the track, paused.
      const msg = describe(err, node);
      events.onError(id, msg, !/interact|NotAllowed|gesture/i.test(msg));
    });
    if (startMs > 0) h.seek(startMs / 1000);
    if (autoplay) h.play();
  }

  return {
    get loadedId() {
      return loadedId;
    },
    /** Loads a track (replacing the current one); plays it when `autoplay`. */
    load(id: Id, track: Track | undefined, autoplay: boolean, startMs = 0, resolved?: Source | Promise<Source>): void {
      unload();
      loadedId = id;
      events.onLoading(true);
      const source = resolved ?? sourceResolver().resolve(id, track);
      if (!(source instanceof Promise)) {
        start(id, track, autoplay, startMs, source);
        return;
      }
      const seq = loadSeq;
      source.then(
        (s) => seq === loadSeq && start(id, track, autoplay, startMs, s),
        (err: unknown) => {
          if (seq !== loadSeq) return;
          events.onLoading(false);
          events.onError(id, (err as Error).message, true);
        },
      );
    },
    play(): void {
      if (howl && !howl.playing()) howl.play();
    },
    pause(): void {
      howl?.pause();
    },
    stop(): void {
      unload();
    },
    isPlaying(): boolean {
      return howl?.playing() ?? false;
    },
    /** Current position in ms (0 when nothing is loaded). */
    position(): number {
      const s = howl?.seek();
      return typeof s === 'number' ? s * 1000 : 0;
    },
    seek(ms: number): void {
      howl?.seek(Math.max(0, ms) / 1000);
    },
    /** Linear volume (the loudness gain already applied, at most 1). */
    setVolume(volume: number, muted: boolean): void {
      Howler.volume(Math.min(1, volume));
      Howler.mute(muted);
    },
    audioState(): AudioState {
      attachNode();
      return {
        src: node?.currentSrc || node?.src || null,
        paused: node?.paused ?? true,
        currentTime: node?.currentTime ?? 0,
        readyState: node?.readyState ?? 0,
        playingEvents,
        lastPlayingAt,
        error: node?.error ? `media error ${node.error.code}` : null,
      };
    },
  };
}

function describe(err: unknown, node: HTMLAudioElement | null): string {
  const mediaError = node?.error;
  if (mediaError) {
    const names: Record<number, string> = { 1: 'aborted', 2: 'network error', 3: 'cannot decode', 4: 'format not supported' };
    return names[mediaError.code] ?? `media error ${mediaError.code}`;
  }
  if (typeof err === 'number') {
    const names: Record<number, string> = { 1: 'aborted', 2: 'network error', 3: 'cannot decode', 4: 'format not supported' };
    return names[err] ?? `error ${err}`;
  }
  return String(err ?? 'unknown error');
}

export type ElementEngine = ReturnType<typeof createElementEngine>;
