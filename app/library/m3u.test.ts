import { describe, expect, it } from 'vitest';
import { decodeM3u, encodeM3u, formatM3u, parseM3u } from './m3u.ts';
import { pathKey } from '../text/fsPath.ts';

describe('m3u', () => {
  it('parses extended info, plain paths, Windows paths, file URLs, CRLF and a BOM', () => {
    const text = '\uFEFF#EXTM3U\r\n#EXTINF:123,The Artist - A - Title\r\n/music/a.mp3\r\n\r\n# a comment\r\nrel/b.flac\r\n#EXTINF:-1,Only Title\r\nC:\\Music\\c.ogg\r\nfile:///music/caf%C3%A9.mp3\r\n';
    expect(parseM3u(text)).toEqual([
      { line: 3, path: '/music/a.mp3', artist: 'The Artist', title: 'A - Title', durationMs: 123_000 },
      { line: 6, path: 'rel/b.flac', artist: null, title: null, durationMs: null },
      { line: 8, path: 'C:/Music/c.ogg', artist: null, title: 'Only Title', durationMs: null },
      { line: 9, path: '/music/café.mp3', artist: null, title: null, durationMs: null },
    ]);
  });

  it('formats and round-trips; .m3u is Latin-1 when it fits, .m3u8 always UTF-8', () => {
    const items = [{ path: '/m/Café.mp3', artist: 'Zoë', title: 'Line\nbreak', durationMs: 61_400 }];
    const text = formatM3u(items);
    expect(text).toBe('#EXTM3U\n#EXTINF:61,Zoë - Line break\n/m/Café.mp3\n');
    expect(parseM3u(text)).toEqual([{ line: 3, path: '/m/Café.mp3', artist: 'Zoë', title: 'Line break', durationMs: 61_000 }]);
    expect(encodeM3u(text, 'm3u').length).toBe(text.length);
    expect(decodeM3u(encodeM3u(text, 'm3u'))).toBe(text);
    expect(decodeM3u(encodeM3u(text, 'm3u8'))).toBe(text);
    expect(decodeM3u(encodeM3u('#EXTM3U\n/m/日本.mp3\n', 'm3u'))).toBe('#EXTM3U\n/m/日本.mp3\n');
  });
});

describe('m3u: names that are not UTF-8', () => {
  it('writes a path line as the file\'s real bytes, the rest as UTF-8', () => {
    const key = pathKey(Buffer.concat([Buffer.from('/m/Caf'), Buffer.from([0xe9]), Buffer.from('.mp3')]));
    const text = formatM3u([{ path: key, artist: 'Zoë', title: 'Café', durationMs: 61_000 }]);
    for (const format of ['m3u', 'm3u8'] as const) {
      const body = encodeM3u(text, format);
      expect(body.includes(Buffer.from('#EXTINF:61,Zoë - Café\n', 'utf8'))).toBe(true);
      expect(body.includes(Buffer.concat([Buffer.from('\n/m/Caf'), Buffer.from([0xe9]), Buffer.from('.mp3\n')]))).toBe(true);
    }
  });
});

describe('m3u: reading names that are not UTF-8', () => {
  it('gives a path line its exact key from the file\'s bytes', () => {
    const name = Buffer.concat([Buffer.from('/m/Caf'), Buffer.from([0xe9]), Buffer.from('.mp3')]);
    const bytes = Buffer.concat([Buffer.from('\ufeff#EXTM3U\r\n#EXTINF:61,Zoë - Café\r\n', 'utf8'), name, Buffer.from('\r\n/m/plain.mp3\r\n')]);
    const items = parseM3u(decodeM3u(bytes), bytes);
    expect(items.map((i) => i.key)).toEqual([pathKey(name), undefined]);
    expect(items.map((i) => i.line)).toEqual([3, 4]);
  });
});
