// Applies the security decisions of ../security.ts: the session's CSP and permission hooks, the
// navigation and new-window guards on every web contents, and THE way a URL leaves the app.
import { app, session, shell, type WebContents } from 'electron';
import { decideNavigation, decidePermission, vetExternalUrl, withCsp } from '../security.ts';
import { log, state } from './state.ts';

export function secureSessions(): void {
  const s = session.defaultSession;
  s.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders = withCsp(details.url, state.serverOrigin, details.responseHeaders);
    callback(responseHeaders ? { responseHeaders } : {});
  });
  s.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(decidePermission({ permission, requestingUrl: details.requestingUrl, mediaTypes: 'mediaTypes' in details ? details.mediaTypes : undefined }, state.serverOrigin));
  });
  s.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) =>
    decidePermission({ permission, requestingUrl: requestingOrigin, mediaTypes: details.mediaType ? [details.mediaType] : undefined }, state.serverOrigin),
  );
}

/** THE way a URL leaves the app: vetted (scheme allow-list), then the system's handler. */
export function openExternal(url: string): void {
  const vetted = vetExternalUrl(url, state.serverOrigin);
  if (vetted) void shell.openExternal(vetted);
  else log(`refused to open ${url}`);
}

function guard(contents: WebContents): void {
  const check = (event: { preventDefault(): void }, url: string) => {
    const d = decideNavigation(url, state.serverOrigin, 'navigate');
    if (d.action === 'allow') return;
    event.preventDefault();
    if (d.action === 'external') openExternal(d.url);
  };
  contents.on('will-navigate', (event) => check(event, event.url));
  contents.on('will-redirect', (event) => check(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const d = decideNavigation(url, state.serverOrigin, 'new-window');
    if (d.action === 'external') openExternal(d.url);
    return { action: 'deny' };
  });
}

/** Every web contents, as soon as it exists, before it can navigate. */
export function guardAllContents(): void {
  app.on('web-contents-created', (_event, contents) => guard(contents));
}
