/// <reference types="vite/client" />

/**
 * `window.tonearm`: the Electron preload's bridge (desktop mode; `undefined` in a browser, so
 * feature-detect). Its type is the contract in app/contract/desktop.ts, which main/preload.ts
 * `satisfies`. `apiBase` is optional: the page is served by the library API itself.
 */
type TonearmBridge = import('../app/contract/desktop.ts').TonearmDesktopApi & {
  /** Absolute base URL of the library API (defaults to the page origin). */
  apiBase?: string;
};

interface Window {
  tonearm?: TonearmBridge;
  /** Test hooks, only installed when the page is driven by automation (navigator.webdriver). */
  __tonearm?: Record<string, unknown>;
}

/** The contract as the bundle carries it: see vite.config.ts (contractForBrowser) and renderer/api/contract.ts. */
declare module 'virtual:tonearm-contract' {
  type RouteTable = Record<string, { method: string; path: string }>;
  export const browseRoutes: RouteTable;
  export const controlRoutes: RouteTable;
  export const listeningRoutes: RouteTable;
  export const loudnessRoutes: RouteTable;
  export const remoteRoutes: RouteTable;
  export const scanEventName: unknown;
  export const syncEventName: unknown;
  export const loudnessEventName: unknown;
  export const smartSortKeys: unknown;
  export const maxPrefsBatch: unknown;
}
