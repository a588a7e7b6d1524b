// Remote mode detection and sign-in. The same build runs everywhere: the desktop shell has
// window.tonearm (local); otherwise GET /api/health says which server served the page ('remote' =
// the sync server). In remote mode the device token is remembered in localStorage, sent as a
// bearer header by fetch, and exchanged for an HttpOnly cookie for <audio>/<img>/the service
// worker. Offline (health unreachable) a page that was remote before stays remote.
import { ApiRequestError, setBearerToken } from '../api/client.ts';
import { remoteClient } from '../api/remote.ts';

const tokenKey = 'tonearm.remote.token';
const modeKey = 'tonearm.remote.mode';

export type Boot = { mode: 'local' } | { mode: 'remote'; signedIn: boolean; offline: boolean };

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export async function detectMode(): Promise<Boot> {
  if (window.tonearm) return { mode: 'local' };
  let mode: string | null = null;
  try {
    mode = (await remoteClient.health()).mode;
  } catch {
    mode = null;
  }
  if (mode === null) {
    // No answer at all: offline. Remote if this page was remote before.
    if (stored(modeKey) !== 'remote') return { mode: 'local' };
    const token = stored(tokenKey);
    setBearerToken(token);
    return { mode: 'remote', signedIn: token !== null, offline: true };
  }
  if (mode !== 'remote') {
    if (stored(modeKey)) localStorage.removeItem(modeKey);
    return { mode: 'local' };
  }
  localStorage.setItem(modeKey, 'remote');
  const token = stored(tokenKey);
  if (!token) return { mode: 'remote', signedIn: false, offline: false };
  setBearerToken(token);
  try {
    await remoteClient.session();
    await remoteClient.startCookie();
    return { mode: 'remote', signedIn: true, offline: false };
  } catch (err) {
    if (err instanceof ApiRequestError && (err.status === 401 || err.status === 403)) {
      localStorage.removeItem(tokenKey);
      setBearerToken(null);
      return { mode: 'remote', signedIn: false, offline: false };
    }
    return { mode: 'remote', signedIn: true, offline: true };
  }
}

/** Checks the token against the server, remembers it and starts the cookie session. */
export async function signIn(token: string): Promise<void> {
  const t = token.trim();
  if (!t) throw new Error('Paste the device token first');
  setBearerToken(t);
  try {
    await remoteClient.session();
    await remoteClient.startCookie();
  } catch (err) {
    setBearerToken(null);
    if (err instanceof ApiRequestError && err.status === 401) throw new Error('This token is not valid (revoked or mistyped)');
    throw err;
  }
  localStorage.setItem(tokenKey, t);
}

/** Forgets the token, ends the cookie, drops the offline caches (the app shell stays). */
export async function signOut(): Promise<void> {
  localStorage.removeItem(tokenKey);
  try {
    await remoteClient.endCookie();
  } catch { /* offline: the cookie expires by itself */ }
  setBearerToken(null);
  navigator.serviceWorker?.controller?.postMessage({ type: 'clear' });
}
