// What queries run on, derived from IndexData when an index is built or loaded (tens of ms at
// 100,000 tracks): per text field, posting lists (term → values) and scratch arrays a query scores
// into; per result group (tracks, albums, artists), links from its entities to field values and
// back. Nothing here is persisted: the arrays are inverses of what is.
import { createDictionary, type Dictionary } from './dictionary.ts';
import type { FieldTerms, IndexData, Links } from './data.ts';
import { fieldBoosts, type LinkName } from './options.ts';

/** One kind of text (track titles, album titles, names, genres) and what a query accumulated on it. */
export interface Field {
  count: number;
  words: Uint8Array;
  avgWords: number;
  /** Term → values holding it. */
  postings: Links;
  /** Per value, this query: score, words matched (bit per query word), words matched whole. */
  score: Float32Array;
  mask: Uint32Array;
  whole: Uint32Array;
  /** Values touched by this query (reset after it). */
  touched: Uint32Array;
  touchedCount: number;
  /** Per query word (bit index), how many values hold it. */
  perWord: Uint32Array;
}

/** How a group's entity reaches a field's values, and back. */
export interface Link {
  name: LinkName;
  field: Field;
  boost: number;
  /** Entity → values: itself (the entity's own text), one value (-1: none) or several. */
  forward: { kind: 'self' } | { kind: 'one'; of: Int32Array } | { kind: 'many'; of: Links };
  /** Value → entities (null for self). */
  reverse: Links | null;
  /** Entities per value, on average (1 for self). */
  fanOut: number;
}

export interface Group {
  ids: Float64Array;
  links: Link[];
  /** Per entity, the query that last looked at it (dedupes candidates without clearing). */
  seen: Uint32Array;
}

export interface Engine {
  data: IndexData;
  dictionary: Dictionary;
  fields: Field[];
  tracks: Group;
  albums: Group;
  artists: Group;
}

/** `previous`: the engine this one replaces; its dictionary is kept when the terms did not change. */
export function createEngine(data: IndexData, previous?: Engine): Engine {
  const terms = data.terms.length;
  const titles = field(data.tracks.title, terms);
  const albumTitles = field(data.albums.title, terms);
  const names = field(data.artists.name, terms);
  const genres = field(data.genres.name, terms);
  const trackCount = data.tracks.ids.length;
  const artistCount = data.artists.ids.length;

  // A track's album artist, unless it is credited on the track itself (its name would count twice).
  const albumArtist = new Int32Array(trackCount).fill(-1);
  const { album, artists } = data.tracks;
  for (let t = 0; t < trackCount; t++) {
    const al = album[t] as number;
    const a = al < 0 ? -1 : (data.albums.artist[al] as number);
    if (a < 0) continue;
    let credited = false;
    for (let i = artists.start[t] as number; i < (artists.start[t + 1] as number); i++) if (artists.items[i] === a) credited = true;
    if (!credited) albumArtist[t] = a;
  }

  const link = (name: LinkName, f: Field, forward: Link['forward'], values: number): Link => {
    const reverse = forward.kind === 'self' ? null : forward.kind === 'one' ? invertOne(forward.of, values) : invert(forward.of, values);
    return { name, field: f, boost: fieldBoosts[name], forward, reverse, fanOut: reverse === null ? 1 : reverse.items.length / Math.max(1, values) };
  };
  const group = (ids: Float64Array, links: Link[]): Group => ({ ids, links, seen: new Uint32Array(ids.length) });
  return {
    data,
    // A rescan of a few files rarely brings new words: the typo tree (the costly part) is then kept.
    dictionary: previous && sameTerms(previous.data.terms, data.terms) ? previous.dictionary : createDictionary(data.terms),
    fields: [titles, albumTitles, names, genres],
    tracks: group(data.tracks.ids, [
      link('title', titles, { kind: 'self' }, trackCount),
      link('artist', names, { kind: 'many', of: artists }, artistCount),
      link('album', albumTitles, { kind: 'one', of: album }, data.albums.ids.length),
      link('albumArtist', names, { kind: 'one', of: albumArtist }, artistCount),
      link('genre', genres, { kind: 'many', of: data.tracks.genres }, data.genres.ids.length),
    ]),
    albums: group(data.albums.ids, [
      link('albumTitle', albumTitles, { kind: 'self' }, data.albums.ids.length),
      link('albumBy', names, { kind: 'one', of: data.albums.artist }, artistCount),
    ]),
    artists: group(data.artists.ids, [link('name', names, { kind: 'self' }, artistCount)]),
  };
}

function sameTerms(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function field(f: FieldTerms, termCount: number): Field {
  const count = f.words.length;
  let total = 0;
  for (let i = 0; i < count; i++) total += f.words[i] as number;
  return {
    count, words: f.words, avgWords: count > 0 ? Math.max(1, total / count) : 1,
    postings: invert({ start: f.start, items: f.terms }, termCount),
    score: new Float32Array(count), mask: new Uint32Array(count), whole: new Uint32Array(count),
    touched: new Uint32Array(count), touchedCount: 0, perWord: new Uint32Array(32),
  };
}

/** CSR entity → targets turned into target → entities. */
export function invert(links: Links, targets: number): Links {
  const start = new Uint32Array(targets + 1);
  for (const t of links.items) start[t + 1]! += 1;
  for (let i = 0; i < targets; i++) start[i + 1]! += start[i] as number;
  const fill = start.slice(0, targets);
  const items = new Uint32Array(links.items.length);
  const entities = links.start.length - 1;
  for (let e = 0; e < entities; e++) {
    for (let i = links.start[e] as number; i < (links.start[e + 1] as number); i++) items[fill[links.items[i] as number]!++] = e;
  }
  return { start, items };
}

function invertOne(of: Int32Array, targets: number): Links {
  const start = new Uint32Array(of.length + 1);
  const items: number[] = [];
  for (let e = 0; e < of.length; e++) {
    const t = of[e] as number;
    if (t >= 0) items.push(t);
    start[e + 1] = items.length;
  }
  return invert({ start, items: Uint32Array.from(items) }, targets);
}
