import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, decideNavigation, decidePermission, vetExternalUrl, webPreferences, withCsp } from './security.ts';

const origin = 'http://127.0.0.1:41234';

describe('webPreferences', () => {
  it('isolates and sandboxes the renderer', () => {
    expect(webPreferences('/app/out/main/preload.cjs')).toMatchObject({
      preload: '/app/out/main/preload.cjs', contextIsolation: true, nodeIntegration: false, sandbox: true, webSecurity: true,
      webviewTag: false, allowRunningInsecureContent: false, nodeIntegrationInSubFrames: false, navigateOnDragDrop: false,
    });
    expect(() => webPreferences('')).toThrow(/preload/);
  });
});

describe('contentSecurityPolicy', () => {
  const csp = contentSecurityPolicy();
  const directives = new Map(csp.split('; ').map((d) => { const [k, ...v] = d.split(' '); return [k, v.join(' ')]; }));
  it('is strict: self only, no eval, no objects, no framing, no base', () => {
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('img-src')).toBe("'self' data: blob:");
    expect(directives.get('media-src')).toBe("'self' data: blob:");
    expect(directives.get('connect-src')).toBe("'self'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(directives.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(csp).not.toMatch(/unsafe-eval|\*|https?:/);
  });
  it('withCsp replaces any CSP header on our responses and leaves other origins alone', () => {
    const h = withCsp(`${origin}/`, origin, { 'content-type': ['text/html'], 'content-security-policy': ['default-src *'] });
    expect(h).toEqual({ 'content-type': ['text/html'], 'Content-Security-Policy': [csp] });
    const other = { 'x': ['1'] };
    expect(withCsp('https://example.com/', origin, other)).toBe(other);
    expect(withCsp(`${origin}/api/tracks`, origin, undefined)).toEqual({ 'Content-Security-Policy': [csp] });
  });
});

describe('vetExternalUrl', () => {
  it('allows http(s) and mailto links to the outside', () => {
    expect(vetExternalUrl('https://musicbrainz.org/release/1', origin)).toBe('https://musicbrainz.org/release/1');
    expect(vetExternalUrl('http://example.com', origin)).toBe('http://example.com/');
    expect(vetExternalUrl('mailto:me@example.com', origin)).toBe('mailto:me@example.com');
  });
  it('refuses other schemes, credentials, our own server and loopback', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,x', 'smb://host/share', 'ms-msdt:/id', 'vbscript:x',
      'tonearm://x', 'https://user:pw@example.com/', `${origin}/api/tracks`, 'http://localhost:8080/', 'http://127.0.0.2/', 'http://[::1]/',
      'http://app.localhost/', 'http://0.0.0.0/', '', 'not a url', 'https://']) {
      expect(vetExternalUrl(url, origin), url).toBeNull();
    }
  });
});

describe('decideNavigation', () => {
  it('allows navigation within the server, sends vetted links to the browser, denies the rest', () => {
    expect(decideNavigation(`${origin}/#/albums`, origin, 'navigate')).toEqual({ action: 'allow' });
    expect(decideNavigation('https://example.com/a', origin, 'navigate')).toEqual({ action: 'external', url: 'https://example.com/a' });
    expect(decideNavigation('file:///home/me/a.flac', origin, 'navigate')).toEqual({ action: 'deny' });
    expect(decideNavigation('http://127.0.0.1:1/', origin, 'navigate')).toEqual({ action: 'deny' });
  });
  it('never opens new windows, not even for our own pages', () => {
    expect(decideNavigation(`${origin}/`, origin, 'new-window')).toEqual({ action: 'deny' });
    expect(decideNavigation('https://example.com/', origin, 'new-window')).toEqual({ action: 'external', url: 'https://example.com/' });
  });
});

describe('decidePermission', () => {
  const ours = `${origin}/`;
  it('denies everything except audio media from our own page', () => {
    expect(decidePermission({ permission: 'media', requestingUrl: ours, mediaTypes: ['audio'] }, origin)).toBe(true);
    expect(decidePermission({ permission: 'media', requestingUrl: ours }, origin)).toBe(true);
    expect(decidePermission({ permission: 'speaker-selection', requestingUrl: ours }, origin)).toBe(true);
    expect(decidePermission({ permission: 'media', requestingUrl: ours, mediaTypes: ['video'] }, origin)).toBe(false);
    expect(decidePermission({ permission: 'media', requestingUrl: ours, mediaTypes: ['audio', 'video'] }, origin)).toBe(false);
    expect(decidePermission({ permission: 'media', requestingUrl: 'https://evil.test/', mediaTypes: ['audio'] }, origin)).toBe(false);
    for (const permission of ['notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'display-capture', 'midiSysex', 'unknown']) {
      expect(decidePermission({ permission, requestingUrl: ours }, origin), permission).toBe(false);
    }
  });
});
