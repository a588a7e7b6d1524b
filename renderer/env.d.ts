/// <reference types="vite/client" />

/** What the Electron preload may expose (desktop mode). Everything optional: feature-detect. */
interface TonearmBridge {
  /** Per-launch secret for the library API, when not carried by a cookie. */
  token?: string;
  /** Absolute base URL of the library API (defaults to the page origin). */
  apiBase?: string;
  /** Native folder picker; resolves to an absolute path or null when cancelled. */
  pickFolder?: () => Promise<string | null>;
}

interface Window {
  tonearm?: TonearmBridge;
  /** Test hooks, only installed when the page is driven by automation (navigator.webdriver). */
  __tonearm?: Record<string, unknown>;
}
