import { describe, expect, it } from 'vitest';
import { displayPath, fsPath, keyBytes, nearestPlainPath, pathKey } from './fsPath.ts';

const b = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('paths as bytes', () => {
  it('keeps UTF-8 names as they are', () => {
    expect(pathKey(b('/music/Björk/Homogenic/01 Hunter.flac'))).toBe('/music/Björk/Homogenic/01 Hunter.flac');
    expect(fsPath('/music/坂本龍一/a.mp3')).toBe('/music/坂本龍一/a.mp3');
  });

  it.each([
    ['Latin-1', b('/m/Caf', [0xe9], ' M', [0xfc], 'ller.mp3'), '/m/Café Müller.mp3'],
    ['CP-1252 quotes', b('/m/', [0x93], 'Hi', [0x94], '.mp3'), '/m/“Hi”.mp3'],
    ['invalid sequences', b('/m/', [0xff, 0xfe, 0xc3], 'x', [0x80], '.mp3'), '/m/ÿþÃx€.mp3'],
    ['UTF-8 mixed with a stray byte', b('/m/Москва', [0xe9], '.ogg'), '/m/Москваé.ogg'],
    ['overlong and surrogate encodings', b('/m/', [0xc0, 0xaf, 0xed, 0xa0, 0x80], '.mp3'), '/m/À¯í\u00a0€.mp3'],
    ['a real private-use character of the escape range', b('/m/', [0xee, 0xbe, 0x80], '.mp3'), '/m/\uef80.mp3'],
  ])('round-trips %s losslessly and shows it readably', (_what, bytes, shown) => {
    const key = pathKey(bytes);
    expect(keyBytes(key).equals(bytes)).toBe(true);
    expect(Buffer.isBuffer(fsPath(key))).toBe(true);
    expect(displayPath(key)).toBe(shown);
    // Keys are valid UTF-16 (storable as SQLite TEXT) and never contain U+FFFD.
    expect(key.isWellFormed()).toBe(true);
    expect(key).not.toContain('\ufffd');
  });

  it('gives different names different keys', () => {
    const latin1 = pathKey(b('Caf', [0xe9]));
    const utf8 = pathKey(b('Café'));
    expect(latin1).not.toBe(utf8);
    expect(displayPath(latin1)).toBe(displayPath(utf8));
  });

  it('names the nearest plain folder for string-only APIs', () => {
    const latin1 = pathKey(Buffer.from('/m/Caf\xe9 Classics/01 Caf\xe9.mp3', 'latin1'));
    expect(nearestPlainPath(latin1)).toBe('/m');
    expect(nearestPlainPath(pathKey(Buffer.from('/m/Ok/01 Caf\xe9.mp3', 'latin1')))).toBe('/m/Ok');
    expect(nearestPlainPath('/m/Café/01.mp3')).toBe('/m/Café/01.mp3');
    expect(nearestPlainPath(pathKey(Buffer.from('/\xff', 'latin1')))).toBe('/');
  });
});
