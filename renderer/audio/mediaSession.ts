// MediaSession (OS media keys, lock screen) and document.title follow the current track.
import type { Track } from '../../app/contract/index.ts';
import { coverUrl } from '../api/client.ts';
import { artistNames } from '../lib/artists.ts';
import { useLibrary } from '../stores/library.ts';
import { playerActions, usePlayer } from '../stores/player.ts';
import { useQueue } from '../stores/queue.ts';

const APP = 'Tonearm';

function current(): Track | undefined {
  const q = useQueue.getState();
  const id = q.index >= 0 ? q.ids[q.index] : undefined;
  return id === undefined ? undefined : useLibrary.getState().tracks.get(id);
}

export function startMediaSession(): void {
  const ms = 'mediaSession' in navigator ? navigator.mediaSession : null;
  let shown: Track | undefined | null = null;
  let playing: boolean | null = null;

  const update = () => {
    const track = current();
    const isPlaying = usePlayer.getState().isPlaying;
    if (track !== shown) {
      shown = track;
      // The artists as the player bar names them (one separator, "Unknown Artist" when untagged).
      const artist = track ? artistNames(track) : '';
      document.title = track ? `${track.title} — ${artist} · ${APP}` : APP;
      if (ms) {
        ms.metadata = track
          ? new MediaMetadata({
              title: track.title,
              artist,
              album: track.album ?? '',
              artwork: track.coverId === null ? [] : [
                { src: new URL(coverUrl(track.coverId, 'medium'), location.href).href, sizes: '512x512', type: 'image/jpeg' },
              ],
            })
          : null;
      }
    }
    if (ms && isPlaying !== playing) {
      playing = isPlaying;
      ms.playbackState = isPlaying ? 'playing' : 'paused';
    }
  };
  useQueue.subscribe(update);
  useLibrary.subscribe(update);
  usePlayer.subscribe(update);
  update();

  if (!ms) return;
  const handlers: [MediaSessionAction, MediaSessionActionHandler][] = [
    ['play', () => playerActions.play()],
    ['pause', () => playerActions.pause()],
    ['previoustrack', () => playerActions.previous()],
    ['nexttrack', () => playerActions.next()],
    ['seekbackward', (d) => playerActions.seekBy(-(d.seekOffset ?? 10) * 1000)],
    ['seekforward', (d) => playerActions.seekBy((d.seekOffset ?? 10) * 1000)],
    ['seekto', (d) => d.seekTime !== undefined && playerActions.seek(d.seekTime * 1000)],
    ['stop', () => playerActions.pause()],
  ];
  for (const [action, handler] of handlers) {
    try {
      ms.setActionHandler(action, handler);
    } catch {
      /* unsupported action */
    }
  }
  let lastPositionUpdate = 0;
  usePlayer.subscribe((s) => {
    const now = performance.now();
    if (now - lastPositionUpdate < 1000 || s.durationMs <= 0) return;
    lastPositionUpdate = now;
    try {
      ms.setPositionState({ duration: s.durationMs / 1000, position: Math.min(s.positionMs, s.durationMs) / 1000, playbackRate: 1 });
    } catch {
      /* position out of range while loading */
    }
  });
}
