// MiniSearch settings shared by building, loading and querying (a persisted index must be loaded
// with the options it was built with).
import type { Options, SearchOptions } from 'minisearch';
import { fold } from '../text/fold.ts';
import type { AlbumDocument, ArtistDocument, TrackDocument } from '../catalog/queries/index.ts';
import type { Vocabulary } from './vocabulary.ts';

/** Bump when the documents, fields or term processing change: persisted indexes with another format are rebuilt. */
export const indexFormat = 3;

/**
 * Words too common to be worth a posting list: "the" alone is on ~40% of a large library's tracks,
 * and scoring it costs hundreds of milliseconds. Dropped when indexing and from queries, so
 * "the beatles" searches "beatles". A query made only of these finds nothing.
 */
export const stopWords: ReadonlySet<string> = new Set(['the', 'a', 'an', 'and', 'of', 'feat', 'ft', 'featuring', 'vs']);

const folds = new Map<string, string | null>();

/** Case-, diacritic- and compatibility-folded terms: "Café" and "CAFE" both index as "cafe". */
export function foldTerm(term: string): string | null {
  // Memoized: a library repeats a few tens of thousands of words hundreds of thousands of times.
  let folded = folds.get(term);
  if (folded === undefined) {
    const f = fold(term);
    folded = f.length > 0 && !stopWords.has(f) ? f : null;
    if (folds.size > 500_000) folds.clear();
    folds.set(term, folded);
  }
  return folded;
}

/**
 * Typo tolerance: none for words the library contains (or, for the word being typed, starts
 * with), none below 4 characters (too many neighbours), one edit up to 6 characters, two from 7
 * ("beatlse" → "beatles" is a swap: two Levenshtein edits).
 */
export function fuzziness(vocabulary: Vocabulary) {
  return (term: string, i: number, terms: string[]): number | false => {
    if (term.length < 4 || vocabulary.has(term)) return false;
    if (i === terms.length - 1 && vocabulary.hasPrefix(term)) return false;
    return term.length < 7 ? 1 : 2;
  };
}

function common(vocabulary: Vocabulary): { processTerm: (term: string, field?: string) => string | null; searchOptions: SearchOptions } {
  return {
    // With a field name this is indexing: remember the term. Without, it is a query term.
    processTerm(term, field) {
      const folded = foldTerm(term);
      if (folded !== null && field !== undefined) vocabulary.add(folded);
      return folded;
    },
    searchOptions: {
      // Only the last word is being typed; earlier ones are complete (fewer expansions to score).
      // One or two letters would expand to a large part of the vocabulary: exact matches only.
      prefix: (term, i, terms) => i === terms.length - 1 && term.length >= 3,
      fuzzy: fuzziness(vocabulary),
      maxFuzzy: 2,
      combineWith: 'AND',
      weights: { fuzzy: 0.4, prefix: 0.6 },
    },
  };
}

export interface IndexOptions {
  tracks: Options<TrackDocument>;
  albums: Options<AlbumDocument>;
  artists: Options<ArtistDocument>;
}

export function indexOptions(vocabulary: Vocabulary): IndexOptions {
  const c = common(vocabulary);
  return {
    tracks: {
      fields: ['title', 'artist', 'album', 'albumArtist', 'genre'], storeFields: [], processTerm: c.processTerm,
      searchOptions: { ...c.searchOptions, boost: { title: 2, artist: 1.5, album: 1, albumArtist: 0.8, genre: 0.4 } },
    },
    albums: {
      fields: ['title', 'artist'], storeFields: [], processTerm: c.processTerm,
      searchOptions: { ...c.searchOptions, boost: { title: 2, artist: 1 } },
    },
    artists: { fields: ['name'], storeFields: [], processTerm: c.processTerm, searchOptions: c.searchOptions },
  };
}
