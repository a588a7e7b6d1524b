import { describe, expect, it } from 'vitest';
import { channels, checkMessage, IpcRejected, isTrustedSender, maxOpenPaths, originOf } from './ipc.ts';

const origin = 'http://127.0.0.1:41234';
const page = { url: `${origin}/#/albums`, isMainFrame: true };

describe('isTrustedSender', () => {
  it('accepts the main frame of the library server page', () => {
    expect(isTrustedSender(page, origin)).toBe(true);
    expect(isTrustedSender({ url: `${origin}/?token=x`, isMainFrame: true }, origin)).toBe(true);
  });
  it('refuses other origins, ports, schemes, subframes, opaque and missing frames', () => {
    for (const url of ['http://127.0.0.1:41235/', 'http://localhost:41234/', 'https://127.0.0.1:41234/', 'file:///index.html',
      'data:text/html,hi', 'about:blank', 'devtools://devtools/x', 'not a url', `http://evil.test/${origin}`, `http://127.0.0.1:41234@evil.test/`]) {
      expect(isTrustedSender({ url, isMainFrame: true }, origin), url).toBe(false);
    }
    expect(isTrustedSender({ ...page, isMainFrame: false }, origin)).toBe(false);
    expect(isTrustedSender(null, origin)).toBe(false);
    expect(isTrustedSender(undefined, origin)).toBe(false);
  });
  it('originOf', () => {
    expect(originOf('http://127.0.0.1:5/a?b#c')).toBe('http://127.0.0.1:5');
    expect(originOf('::')).toBeUndefined();
  });
});

describe('checkMessage', () => {
  it('passes valid payloads through', () => {
    expect(checkMessage('revealInFolder', page, origin, [42])).toEqual([42]);
    expect(checkMessage('chooseFolder', page, origin, [])).toEqual([]);
    expect(checkMessage('openPaths', page, origin, [['/music', '/a b/c.flac']])).toEqual([['/music', '/a b/c.flac']]);
    expect(checkMessage('nowPlaying', page, origin, [{ trackId: null, playing: false }])).toEqual([{ trackId: null, playing: false }]);
    expect(checkMessage('window', page, origin, ['toggleMaximize'])).toEqual(['toggleMaximize']);
  });
  it('rejects an untrusted sender before looking at the payload', () => {
    expect(() => checkMessage('revealInFolder', { url: 'http://evil.test/', isMainFrame: true }, origin, [1])).toThrow(IpcRejected);
    expect(() => checkMessage('revealInFolder', { url: 'http://evil.test/', isMainFrame: true }, origin, [1])).toThrow(/untrusted sender/);
  });
  it('rejects malformed payloads: paths instead of ids, extra args, relative paths, NUL, unknown fields and actions', () => {
    const bad: [Parameters<typeof checkMessage>[0], unknown[]][] = [
      ['revealInFolder', ['/etc/passwd']],
      ['revealInFolder', [0]],
      ['revealInFolder', [1.5]],
      ['revealInFolder', [1, 2]],
      ['revealInFolder', []],
      ['chooseFolder', ['/tmp']],
      ['openPaths', ['/music']],
      ['openPaths', [['music/relative']]],
      ['openPaths', [['/music/a\0b']]],
      ['openPaths', [Array.from({ length: maxOpenPaths + 1 }, (_, i) => `/m/${i}`)]],
      ['nowPlaying', [{ trackId: 1 }]],
      ['nowPlaying', [{ trackId: 1, playing: true, title: '<script>' }]],
      ['window', ['destroy']],
      ['info', ['x']],
    ];
    for (const [channel, args] of bad) expect(() => checkMessage(channel, page, origin, args), `${channel} ${JSON.stringify(args).slice(0, 60)}`).toThrow(/invalid payload/);
  });
  it('channel names are namespaced and unique', () => {
    const names = Object.values(channels);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^tonearm:[a-z-]+$/);
  });
});
