// Unit checks of the Subsonic building blocks: ids, parameters, password decoding, rung choice,
// cover size buckets, search terms, index letters (the XML encoding: xml.test.ts).
import { describe, expect, it } from 'vitest';
import { decodePassword } from './auth.ts';
import { indexLetter, searchTerms } from './browse.ts';
import { idOf, parseId } from './ids.ts';
import { coverBucket } from './media.ts';
import { Params } from './params.ts';
import { pickRendition, type Rendition } from './renditions.ts';

describe('ids and parameters', () => {
  it('parses prefixed ids; bare numbers take the expected kind', () => {
    expect(parseId('tr-56')).toEqual({ kind: 'tr', id: 56 });
    expect(parseId('56', 'tr')).toEqual({ kind: 'tr', id: 56 });
    expect(parseId('56')).toBeNull();
    for (const bad of ['tr-0', 'tr-01', 'xx-1', 'tr-1e3', '../1', '']) expect(parseId(bad, 'tr')).toBeNull();
    expect(idOf('al-3', 'al', 'Album')).toBe(3);
    expect(() => idOf('tr-3', 'al', 'Album')).toThrow(/Album not found/);
  });

  it('merges query and form body, keeps repeats, and reports missing parameters as code 10', () => {
    const p = new Params('id=1&id=2&f=json&size=20', 'id=3&name=a%20b');
    expect(p.getAll('id')).toEqual(['1', '2', '3']);
    expect(p.get('name')).toBe('a b');
    expect(p.int('size', 10, 0, 15)).toBe(15);
    expect(p.int('offset', 7)).toBe(7);
    expect(() => p.required('query')).toThrow(expect.objectContaining({ code: 10 }) as Error);
    expect(() => new Params('size=abc').int('size', 1)).toThrow(expect.objectContaining({ code: 0 }) as Error);
  });

  it('decodes enc: hex passwords', () => {
    expect(decodePassword('enc:736573616d65')).toBe('sesame');
    expect(decodePassword('sesame')).toBe('sesame');
    expect(decodePassword('enc:zz')).toBe('enc:zz');
  });
});

describe('media and browse helpers', () => {
  it('picks the stored rendition for format and maxBitRate: the format asked for, else AAC/MP3, the best under the rate', () => {
    const r = (rung: string, codec: string, kbps: number): Rendition => ({
      rung, key: `renditions/fp/${rung}.${codec === 'aac' ? 'm4a' : codec === 'mp3' ? 'mp3' : 'webm'}`, bytes: kbps * 1000, codec, bitrate: kbps * 1000,
      contentType: codec === 'aac' ? 'audio/mp4' : codec === 'mp3' ? 'audio/mpeg' : 'audio/webm',
    });
    // An Opus ladder with its AAC rung (what every track of an Opus sync gets now).
    const opus = [r('high', 'opus', 160), r('medium', 'opus', 96), r('low', 'opus', 48), r('aac', 'aac', 128)];
    const pick = (list: Rendition[], format?: string, maxBitRate?: number) => {
      const p = pickRendition(list, { format, maxBitRate });
      return p ? `${p.pick.rung}${p.exact ? '' : '~'}` : null;
    };
    // No format: what every client plays (iOS players cannot play WebM).
    expect(pick(opus)).toBe('aac');
    expect(pick(opus, undefined, 320)).toBe('aac');
    // Under the rate when the universal one is above it: the Opus rung that fits.
    expect(pick(opus, undefined, 64)).toBe('low');
    expect(pick(opus, 'opus')).toBe('high');
    expect(pick(opus, 'ogg', 100)).toBe('medium');
    expect(pick(opus, 'mp3')).toBe('aac~');
    expect(pick(opus, 'aac', 64)).toBe('low~');
    expect(pick(opus, 'raw', 32)).toBe('high');
    // Nothing fits the rate: the lowest of the wanted group, not exact.
    expect(pick(opus, 'opus', 32)).toBe('low~');
    const aac = [r('high', 'aac', 256), r('medium', 'aac', 128), r('low', 'aac', 64)];
    expect(pick(aac, undefined, 0)).toBe('high');
    expect(pick(aac, undefined, 96)).toBe('low');
    expect(pick(aac, undefined, 128)).toBe('medium');
    expect(pick(aac, undefined, 140)).toBe('medium');
    expect(pick(aac, undefined, 281)).toBe('high');
    expect(pick(aac, 'm4a', 32)).toBe('low~');
    expect(pick(aac, 'opus', 64)).toBe('low~');
    expect(pick([], undefined)).toBeNull();
  });

  it('snaps cover sizes up to a bucket', () => {
    expect(coverBucket(1)).toBe(64);
    expect(coverBucket(100)).toBe(128);
    expect(coverBucket(300)).toBe(300);
    expect(coverBucket(5000)).toBe(2000);
  });

  it('reads search terms and index letters', () => {
    expect(searchTerms('""')).toBe('');
    expect(searchTerms("''")).toBe('');
    expect(searchTerms('*')).toBe('');
    expect(searchTerms('"abbey road"')).toBe('abbey road');
    expect(searchTerms('beat*')).toBe('beat');
    expect(searchTerms(undefined)).toBe('');
    expect(indexLetter('The Beatles')).toBe('B');
    expect(indexLetter('Édith Piaf')).toBe('E');
    expect(indexLetter('2Pac')).toBe('#');
  });
});
