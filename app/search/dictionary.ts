// The index's terms, sorted: a term's id is its rank, so the terms a typed prefix expands to are one
// range of ids (found by two binary searches, nothing allocated), and posting lists of a range lie
// side by side. Typo tolerance looks up the neighbours of a word within an edit distance in
// MiniSearch's radix tree (`minisearch/SearchableMap`), built once when the index opens.
import SearchableMap from 'minisearch/SearchableMap';

export interface Dictionary {
  readonly size: number;
  term(id: number): string;
  /** The id of `term`, or -1. */
  find(term: string): number;
  /** Ids [from, to) of the terms starting with `prefix`. */
  range(prefix: string): [number, number];
  /** Terms within `distance` edits of `term`: [id, distance] pairs. */
  near(term: string, distance: number): Array<[number, number]>;
}

/** `terms` must be sorted (code unit order) and unique. */
export function createDictionary(terms: readonly string[]): Dictionary {
  const lowerBound = (key: string): number => {
    let lo = 0;
    let hi = terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((terms[mid] as string) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const tree = new SearchableMap<number>();
  for (let i = 0; i < terms.length; i++) tree.set(terms[i] as string, i);
  return {
    size: terms.length,
    term: (id) => terms[id] ?? '',
    find(term) {
      const i = lowerBound(term);
      return terms[i] === term ? i : -1;
    },
    range(prefix) {
      const from = lowerBound(prefix);
      // Every term starting with the prefix sorts before prefix + U+FFFF.
      return [from, lowerBound(`${prefix}\uffff`)];
    },
    near(term, distance) {
      const out: Array<[number, number]> = [];
      for (const [, [id, d]] of tree.fuzzyGet(term, distance)) out.push([id, d]);
      return out;
    },
  };
}
