import { describe, expect, it } from 'vitest';
import { artistList, splitArtists } from './artists.ts';

describe('splitArtists', () => {
  it.each([
    ['A; B', ['A', 'B']],
    ['A / B', ['A', 'B']],
    ['A feat. B', ['A', 'B']],
    ['A ft. B & C', ['A', 'B', 'C']],
    ['A & B', ['A', 'B']],
    ['A featuring B', ['A', 'B']],
    ['Simon & Garfunkel', ['Simon & Garfunkel']],
    ['simon & garfunkel feat. Paul', ['simon & garfunkel', 'Paul']],
    ['AC/DC', ['AC/DC']],
    ['Earth, Wind & Fire; Daft Punk', ['Earth, Wind & Fire', 'Daft Punk']],
    ['Nick Cave & the Bad Seeds', ['Nick Cave & the Bad Seeds']],
    ['Some Band & The Others', ['Some Band & The Others']],
    ['A; a', ['A']],
    ['  ', []],
  ])('%s', (input, expected) => {
    expect(splitArtists(input)).toEqual(expected);
  });

  it('honours a custom exception list', () => {
    expect(splitArtists('Me & You', ['Me & You'])).toEqual(['Me & You']);
    expect(splitArtists('Me & You', [])).toEqual(['Me', 'You']);
  });

  it('takes real multi-value tags as they are', () => {
    expect(artistList(['A & B', 'C'], 'A & B; C')).toEqual(['A & B', 'C']);
    expect(artistList(['X feat. Y'], undefined)).toEqual(['X', 'Y']);
    expect(artistList(undefined, 'Solo')).toEqual(['Solo']);
  });
});
