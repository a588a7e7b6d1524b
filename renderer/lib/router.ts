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
if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    current = parse(location.hash);
    for (const l of listeners) l();
  });
}

export function useRoute(): Route {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

export function href(...parts: (string | number)[]): string {
  return '#/' + parts.map((p) => encodeURIComponent(String(p))).join('/');
}

/** Navigates; `replace` avoids a history entry (used while typing a search). */
export function navigate(to: string, replace = false): void {
  if (replace) {
    history.replaceState(history.state, '', to);
    current = parse(location.hash);
    for (const l of listeners) l();
  } else location.hash = to.replace(/^#/, '');
}

export function currentRoute(): Route {
  return current;
}
