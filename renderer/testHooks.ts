// Test-only hooks for end-to-end tests and the latency bench. Installed only when the page is
// driven by automation (navigator.webdriver), never for a person using the app.
import { engine, playerActions, positionNow, usePlayer } from './stores/player.ts';
import { playbackActions, type SleepMode } from './stores/playback.ts';
import { useQueue } from './stores/queue.ts';
import { songsList } from './stores/library.ts';
import { playerRestored } from './audio/persistence.ts';

export function installTestHooks(): void {
  if (!navigator.webdriver) return;
  let lastClickAt: number | null = null;
  window.addEventListener('pointerdown', () => (lastClickAt = performance.now()), { capture: true });
  window.__tonearm = {
    audioState: () => engine.audioState(),
    queue: () => ({ ids: useQueue.getState().ids, index: useQueue.getState().index }),
    /** True once the page has restored the player state the server keeps (the queue is final then). */
    restored: () => playerRestored(),
    player: () => ({ ...usePlayer.getState(), positionMs: positionNow() }),
    lastClickAt: () => lastClickAt,
    /** The Songs list's page cache: requests started/aborted/answered, pages held. */
    songsStats: () => songsList.stats(),
    /** Seeks to an exact position (the listening tests check where playback resumes, to the sample). */
    seek: (ms: number) => playerActions.seek(ms),
    /** A sleep timer of any length (the UI offers 15 minutes and up). */
    sleep: (mode: SleepMode, minutes?: number) => playbackActions.setSleep(mode, minutes),
  };
}
