// A tiny hash router: `#/albums`, `#/album/12`, `#/search?q=abc`.
import { useSyncExternalStore } from 'react';

export interface Route {
  /** Path segments, e.g. ['album', '12']. */
  parts: string[];
  params: URLSearchParams;
}

function parse(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = raw.split('?', 2);
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query) };
}

let current = parse(typeof location === 'undefined' ? '' : location.hash);
const listeners = new Set<() => void>();
function changed(): void {
  current = parse(location.hash);
  for (const l of listeners) l();
}
// Back, forward and a typed address come as hashchange events; `navigate` changes the route itself.
if (typeof window !== 'undefined') window.addEventListener('hashchange', changed);

/** Calls `listener` after every route change; returns the unsubscribe function. */
export function onRouteChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useRoute(): Route {
  return useSyncExternalStore(onRouteChange, () => current);
}

export function href(...parts: (string | number)[]): string {
  return '#/' + parts.map((p) => encodeURIComponent(String(p))).join('/');
}

/**
 * Navigates; `replace` avoids a history entry (used while typing a search). The route changes at
 * once: a hashchange event comes a task later, and keystrokes typed meanwhile would each read the
 * last hash (the first letters' searches were never asked).
 */
export function navigate(to: string, replace = false): void {
  const url = `#${to.replace(/^#/, '')}`;
  if (url === location.hash) return;
  if (replace) history.replaceState(history.state, '', url);
  else history.pushState(null, '', url);
  changed();
}

export function currentRoute(): Route {
  return current;
}
