// Test-only hooks for end-to-end tests and the latency bench. Installed only when the page is
// driven by automation (navigator.webdriver), never for a person using the app.
import { engine, positionNow, usePlayer } from './stores/player.ts';
import { useQueue } from './stores/queue.ts';
import { songsList } from './stores/library.ts';

export function installTestHooks(): void {
  if (!navigator.webdriver) return;
  let lastClickAt: number | null = null;
  window.addEventListener('pointerdown', () => (lastClickAt = performance.now()), { capture: true });
  window.__tonearm = {
    audioState: () => engine.audioState(),
    queue: () => ({ ids: useQueue.getState().ids, index: useQueue.getState().index }),
    player: () => ({ ...usePlayer.getState(), positionMs: positionNow() }),
    lastClickAt: () => lastClickAt,
    /** The Songs list's page cache: requests started/aborted/answered, pages held. */
    songsStats: () => songsList.stats(),
  };
}
