// Global shortcuts: space play/pause, ←/→ seek ±5 s, ctrl+←/→ previous/next, `/` search, m mute.
import { isEditable } from '../lib/events.ts';
import { playerActions } from '../stores/player.ts';

export function startKeyboard(focusSearch: () => void): void {
  // Space on a focused button would also "click" it on keyup: the shortcut already handled it.
  window.addEventListener('keyup', (e) => {
    if (e.key === ' ' && !isEditable(e.target) && e.target instanceof HTMLButtonElement) e.preventDefault();
  });
  window.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.altKey || e.metaKey) return;
    if (isEditable(e.target)) return;
    const ctrl = e.ctrlKey;
    switch (e.key) {
      case ' ':
        if (ctrl) return;
        e.preventDefault();
        playerActions.togglePlay();
        break;
      case 'ArrowLeft':
        e.preventDefault();
        if (ctrl) playerActions.previous();
        else playerActions.seekBy(-5000);
        break;
      case 'ArrowRight':
        e.preventDefault();
        if (ctrl) playerActions.next();
        else playerActions.seekBy(5000);
        break;
      case '/':
        if (ctrl) return;
        e.preventDefault();
        focusSearch();
        break;
      case 'm':
        if (ctrl) return;
        playerActions.toggleMute();
        break;
    }
  });
}
