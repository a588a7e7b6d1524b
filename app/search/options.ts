// Matching and ranking settings: field weights, how much prefixes and typos count, and when a word
// gets typo tolerance at all.
import type { Dictionary } from './dictionary.ts';

/** Bump when the data, fields or term processing change: persisted indexes with another format are rebuilt. */
export const indexFormat = 5;

/** Where a group's entity finds its text: tracks (title…genre), albums (albumTitle, albumBy), artists (name). */
export type LinkName = 'title' | 'artist' | 'album' | 'albumArtist' | 'genre' | 'albumTitle' | 'albumBy' | 'name';

/** Field weights within a group: title first, then artist, album, album artist, genre. */
export const fieldBoosts: Record<LinkName, number> = {
  title: 2, artist: 1.5, album: 1, albumArtist: 0.8, genre: 0.4, albumTitle: 2, albumBy: 1, name: 1,
};
/** Factor for a field that is exactly the query ("Love" for "love"). */
export const exactBoosts: Record<LinkName, number> = {
  title: 8, artist: 5, album: 4, albumArtist: 3, genre: 1.5, albumTitle: 8, albumBy: 5, name: 8,
};
/** Factor for a field holding every query word as a whole word. */
export const wholeBoosts: Record<LinkName, number> = {
  title: 3, artist: 2.5, album: 2, albumArtist: 1.5, genre: 1.2, albumTitle: 3, albumBy: 2.5, name: 3,
};

/** How much a term reached by a prefix or a typo counts against the word itself (1). */
export const prefixWeight = (typed: number, term: number): number => (0.6 * typed) / (typed + 0.3 * (term - typed));
export const typoWeight = (typed: number, distance: number): number => (0.4 * typed) / (typed + distance);

/** BM25+ (as MiniSearch scores): k, b, d. */
export const bm25 = { k: 1.2, b: 0.7, d: 0.5 } as const;

/** The word being typed matches as a prefix from this many letters (one for CJK: a character is a word). */
export const prefixFrom = 3;

const nonLatin = /[^\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{N}]/u;

/** A query finding fewer tracks than this is asked again with typo tolerance on every word. */
export const fewResults = 10;

/**
 * Typo tolerance: none for words the library contains (or, for the word being typed, starts
 * with) — unless `everyWord`, the second try of a query that found little, where a finished word
 * gets it anyway (a typo can make another real word: "sone" for "stone"); none below 4 characters
 * (too many neighbours) or outside alphabets; one edit up to 6 characters, two from 7 ("beatlse" →
 * "beatles" is a swap: two Levenshtein edits).
 */
export function fuzziness(dictionary: Dictionary, term: string, typing: boolean, everyWord = false): number {
  if (term.length < 4 || nonLatin.test(term)) return 0;
  if (everyWord && !typing) return term.length < 7 ? 1 : 2;
  if (dictionary.find(term) >= 0) return 0;
  if (typing) {
    const [from, to] = dictionary.range(term);
    if (to > from) return 0;
  }
  return term.length < 7 ? 1 : 2;
}
