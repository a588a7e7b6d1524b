// Desktop mode only (Electron's preload exposes `window.tonearm`; in a browser this does nothing):
// media keys / tray / menu commands → player actions, "Open with" and drag & drop → play,
// now-playing → main (tray, notifications).
import type { DesktopRoute, MediaKey, NowPlaying } from '../app/contract/desktop.ts';
import { href, navigate } from './lib/router.ts';
import { playerActions, usePlayer } from './stores/player.ts';
import { useQueue } from './stores/queue.ts';
import { settingsActions } from './stores/settings.ts';
import { toastActions } from './stores/toasts.ts';

export function startDesktop(focusSearch: () => void): void {
  const bridge = window.tonearm;
  if (!bridge) return;

  bridge.onMediaKey((key: MediaKey) => {
    if (key === 'playpause') playerActions.togglePlay();
    else if (key === 'next') playerActions.next();
    else if (key === 'previous') playerActions.previous();
    else playerActions.pause();
  });
  bridge.onNavigate((route: DesktopRoute) => {
    if (route === 'search') focusSearch();
    else navigate(href(route));
  });
  bridge.onOpenFiles(({ trackIds, addedFolders }) => {
    if (addedFolders.length > 0) {
      toastActions.show(addedFolders.length === 1 ? `Added ${addedFolders[0]} to the library` : `Added ${addedFolders.length} folders to the library`);
      void settingsActions.loadFolders();
    }
    if (trackIds.length > 0) playerActions.playTracks(trackIds, 0);
  });

  // Tell main what plays, only when it changes (not on every position tick).
  let sent: NowPlaying | null = null;
  const report = () => {
    const q = useQueue.getState();
    const next: NowPlaying = { trackId: q.index >= 0 ? (q.ids[q.index] ?? null) : null, playing: usePlayer.getState().isPlaying };
    if (sent && sent.trackId === next.trackId && sent.playing === next.playing) return;
    sent = next;
    bridge.nowPlaying(next);
  };
  useQueue.subscribe(report);
  usePlayer.subscribe(report);
  report();

  // Drag & drop of audio files and folders onto the window (main classifies the paths).
  const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') === true;
  window.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  });
  window.addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    const files = Array.from(e.dataTransfer?.files ?? []);
    if (files.length > 0) void bridge.openDropped(files).catch((err: unknown) => toastActions.error(`Cannot open the dropped files: ${(err as Error).message}`));
  });
}
