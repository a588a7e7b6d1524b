// Security decisions for the window, as pure functions (the glue in window.ts applies them):
// webPreferences, the Content-Security-Policy, navigation, external links and permissions.
import { contentSecurityPolicy } from '../app/server/csp.ts';

export { contentSecurityPolicy };

export interface WebPreferences {
  preload: string;
  contextIsolation: true;
  nodeIntegration: false;
  nodeIntegrationInSubFrames: false;
  sandbox: true;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  navigateOnDragDrop: false;
  spellcheck: boolean;
}

/** BrowserWindow `webPreferences` for the main window: isolated, sandboxed, typed preload only. */
export function webPreferences(preloadPath: string): WebPreferences {
  if (preloadPath.length === 0) throw new Error('preload path is required');
  return {
    preload: preloadPath,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    sandbox: true,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    // A file dropped outside the drop zone must not replace the app with the file.
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/**
 * Response headers with our CSP added (for `session.webRequest.onHeadersReceived`), for responses
 * of the library server only; any existing CSP header (whatever its case) is replaced.
 */
export function withCsp(
  url: string,
  serverOrigin: string,
  headers: Record<string, string[]> | undefined,
): Record<string, string[]> | undefined {
  if (!sameOrigin(url, serverOrigin)) return headers;
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() !== 'content-security-policy') out[k] = v;
  out['Content-Security-Policy'] = [contentSecurityPolicy()];
  return out;
}

export function sameOrigin(url: string, origin: string): boolean {
  try {
    const u = new URL(url);
    return u.origin !== 'null' && u.origin === origin;
  } catch {
    return false;
  }
}

/** Schemes the system may open for a link the user clicked (in the system browser or mail app). */
const externalSchemes = new Set(['https:', 'http:', 'mailto:']);

/**
 * THE vetting of external links: the URL to hand to `shell.openExternal`, or null to refuse.
 * Only http(s) and mailto, no credentials in the URL, never our own server (that would leak the
 * session to a browser) and nothing on loopback.
 */
export function vetExternalUrl(raw: string, serverOrigin: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (!externalSchemes.has(u.protocol)) return null;
  if (u.protocol === 'mailto:') return u.href;
  if (u.username || u.password || !u.hostname) return null;
  if (u.origin === serverOrigin) return null;
  const host = u.hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\./.test(host) || host === '0.0.0.0') return null;
  return u.href;
}

export type NavigationDecision = { action: 'allow' } | { action: 'deny' } | { action: 'external'; url: string };

/**
 * `will-navigate`, `will-redirect` and `setWindowOpenHandler`: the window may only move within
 * the library server (reload, the `/?token=` → `/` redirect); links elsewhere open in the system
 * browser if they pass vetting; everything else (file:, javascript:, data:, …) is refused.
 * New windows are never created.
 */
export function decideNavigation(url: string, serverOrigin: string, kind: 'navigate' | 'new-window'): NavigationDecision {
  if (kind === 'navigate' && sameOrigin(url, serverOrigin)) return { action: 'allow' };
  const external = vetExternalUrl(url, serverOrigin);
  return external ? { action: 'external', url: external } : { action: 'deny' };
}

export interface PermissionRequest {
  permission: string;
  /** Origin of the requesting frame (`requestingUrl` / `requestingOrigin`). */
  requestingUrl: string;
  /** For 'media': what is asked for ('audio', 'video'). */
  mediaTypes?: readonly string[] | undefined;
}

/**
 * Permission requests from web content: all denied except 'media' for audio (and the audio-output
 * selection permission used by setSinkId) from our own origin. No camera, no notifications from
 * the page (main shows OS notifications itself), no geolocation, no clipboard reading, …
 */
export function decidePermission(req: PermissionRequest, serverOrigin: string): boolean {
  if (!sameOrigin(req.requestingUrl, serverOrigin)) return false;
  if (req.permission === 'speaker-selection') return true;
  if (req.permission !== 'media') return false;
  const types = req.mediaTypes ?? [];
  return types.every((t) => t === 'audio');
}
