import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { startKeyboard } from './audio/keyboard.ts';
import { startMediaSession } from './audio/mediaSession.ts';
import { restorePlayer, startPersistence } from './audio/persistence.ts';
import { installTestHooks } from './testHooks.ts';
import { settingsActions } from './stores/settings.ts';
import './styles/global.css';

// The entry URL carries the per-launch token once (the server turns it into a cookie): drop it
// from the address bar so it is not bookmarked or shared.
if (new URLSearchParams(location.search).has('token')) {
  history.replaceState(history.state, '', location.pathname + location.hash);
}

startKeyboard(() => {
  const input = document.querySelector<HTMLInputElement>('[data-testid="search-input"]');
  input?.focus();
  input?.select();
});
startMediaSession();
startPersistence();
installTestHooks();
void restorePlayer();
void settingsActions.loadStats();
settingsActions.watchScans();

const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode><App /></StrictMode>);
