// MiniSearch settings shared by building, loading and querying (a persisted index must be loaded
// with the options it was built with). Terms come from terms.ts, for documents and queries alike.
import type { Options } from 'minisearch';
import type { AlbumDocument, ArtistDocument, TrackDocument } from '../catalog/queries/index.ts';
import { indexTerms, stopWords } from './terms.ts';
import type { Vocabulary } from './vocabulary.ts';

/** Bump when the documents, fields or term processing change: persisted indexes with another format are rebuilt. */
export const indexFormat = 4;

/** Fields holding names: they also get a compact term ("AC/DC" → acdc). */
const nameFields = new Set(['artist', 'albumArtist', 'name']);

/**
 * Typo tolerance: none for words the library contains (or, for the word being typed, starts
 * with), none below 4 characters (too many neighbours), one edit up to 6 characters, two from 7
 * ("beatlse" → "beatles" is a swap: two Levenshtein edits).
 */
export function fuzziness(vocabulary: Vocabulary, term: string, typing: boolean): number {
  if (term.length < 4 || vocabulary.has(term) || /[^\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{N}]/u.test(term)) return 0;
  if (typing && vocabulary.hasPrefix(term)) return 0;
  return term.length < 7 ? 1 : 2;
}

function common(vocabulary: Vocabulary): Pick<Options, 'tokenize' | 'processTerm'> {
  return {
    tokenize: (text, field) => indexTerms(text, field !== undefined && nameFields.has(field)),
    // Stop words stay out of the posting lists ("the" alone would cost hundreds of ms to score);
    // names made only of them are found by their compact term. Every indexed term is remembered.
    processTerm(term) {
      if (stopWords.has(term)) return null;
      vocabulary.add(term);
      return term;
    },
  };
}

export interface IndexOptions {
  tracks: Options<TrackDocument>;
  albums: Options<AlbumDocument>;
  artists: Options<ArtistDocument>;
}

/** Field boosts: title first, then artist, album, album artist, genre. */
export const boosts = {
  tracks: { title: 2, artist: 1.5, album: 1, albumArtist: 0.8, genre: 0.4 },
  albums: { title: 2, artist: 1 },
  artists: { name: 1 },
} as const;

export function indexOptions(vocabulary: Vocabulary): IndexOptions {
  const c = common(vocabulary);
  // Queries arrive as single, already processed terms (index.ts builds the query tree).
  const searchOptions = { tokenize: (q: string) => [q], processTerm: (t: string) => t };
  return {
    tracks: { fields: ['title', 'artist', 'album', 'albumArtist', 'genre'], storeFields: [], ...c, searchOptions: { ...searchOptions, boost: boosts.tracks } },
    albums: { fields: ['title', 'artist'], storeFields: [], ...c, searchOptions: { ...searchOptions, boost: boosts.albums } },
    artists: { fields: ['name'], storeFields: [], ...c, searchOptions },
  };
}
