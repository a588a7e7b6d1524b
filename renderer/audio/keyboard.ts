// Global shortcuts: space play/pause, ←/→ seek ±5 s, ctrl+←/→ previous/next, `/` search, m mute,
// l love (favorite) the current track, ? the list of shortcuts.
import { isEditable } from '../lib/events.ts';
import { playerActions } from '../stores/player.ts';
import { prefsActions } from '../stores/prefs.ts';
import { menuActions } from '../stores/menus.ts';
import { currentId } from '../stores/queue.ts';
import { toastActions } from '../stores/toasts.ts';

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
      case '?':
        e.preventDefault();
        menuActions.openDialog({ kind: 'shortcuts' });
        break;
      case 'l':
      case 'L': {
        if (ctrl) return;
        const id = currentId();
        if (id === undefined) return;
        const loved = !(prefsActions.get('track', id)?.favorite ?? false);
        void prefsActions.setFavorite('track', id, loved);
        toastActions.show(loved ? 'Loved' : 'Removed from favorites', 'info', 1500);
        break;
      }
    }
  });
}
