import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { startKeyboard } from './audio/keyboard.ts';
import { startMediaSession } from './audio/mediaSession.ts';
import { restorePlayer, startPersistence } from './audio/persistence.ts';
import { startPlayReporting } from './audio/playReporter.ts';
import { startDesktop } from './desktop.ts';
import { installTestHooks } from './testHooks.ts';
import { startSleepTimer } from './stores/sleepTimer.ts';
import { playlistsActions } from './stores/playlists.ts';
import { settingsActions } from './stores/settings.ts';
import { startRemotePlayer } from './remote/player.ts';
import { detectMode } from './remote/session.ts';
import { SignIn } from './remote/SignIn.tsx';
import './styles/global.css';

// The entry URL carries the per-launch token once (the server turns it into a cookie): drop it
// from the address bar so it is not bookmarked or shared.
if (new URLSearchParams(location.search).has('token')) {
  history.replaceState(history.state, '', location.pathname + location.hash);
}

// Remote mode (the page was served by the sync server): sign in first; no library folders or scans
// there. Playlists, favorites, history and the player state (queue + position) are served by the
// sync server too, so they persist and restore as on the desktop.
const boot = await detectMode();
const remote = boot.mode === 'remote';
const signedOut = boot.mode === 'remote' && !boot.signedIn;

const focusSearch = () => {
  const input = document.querySelector<HTMLInputElement>('[data-testid="search-input"]');
  input?.focus();
  input?.select();
};
if (!signedOut) {
  startKeyboard(focusSearch);
  startDesktop(focusSearch);
  startMediaSession();
  startPersistence();
  startPlayReporting();
  startSleepTimer();
  void playlistsActions.loadList();
  window.addEventListener('focus', () => void playlistsActions.loadList());
  // Deletes still waiting for their undo window happen now, not never.
  window.addEventListener('pagehide', () => playlistsActions.flushDeletes());
  installTestHooks();
  if (remote) startRemotePlayer();
  void restorePlayer();
  void settingsActions.loadStats();
  if (!remote) settingsActions.watchScans();
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode>{signedOut ? <SignIn /> : <App />}</StrictMode>);
