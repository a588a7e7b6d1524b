// One query against one MiniSearch index: the query tree (every word, the word being typed as a
// prefix, typo tolerance only for words the library lacks, the compact form as an alternative), and
// the ranking — exact and whole-word field matches first ("love" puts the songs titled Love ahead of
// every track by "Love Andersson"), then MiniSearch's BM25 score, then plays.
import type MiniSearch from 'minisearch';
import type { Query, SearchResult } from 'minisearch';
import { fuzziness } from './options.ts';
import type { QueryPlan } from './terms.ts';
import type { Vocabulary } from './vocabulary.ts';

/** Factor for a field that is exactly the query ("Love" for "love"), per field. */
const exactBoost: Record<string, number> = { title: 8, name: 8, artist: 5, album: 4, albumArtist: 3, genre: 1.5 };
/** Factor for a field holding every query word as a whole word. */
const wholeBoost: Record<string, number> = { title: 3, name: 3, artist: 2.5, album: 2, albumArtist: 1.5, genre: 1.2 };

export function queryTree(plan: QueryPlan, vocabulary: Vocabulary): Query | null {
  const last = plan.words.length - 1;
  const leaves: Query[] = plan.words.map((word, i) => {
    const typing = plan.typing && i === last;
    const fuzzy = fuzziness(vocabulary, word, typing);
    const leaf: Query = { queries: [word], prefix: typing && word.length >= 3, fuzzy: fuzzy > 0 ? fuzzy : false, maxFuzzy: 2, weights: { fuzzy: 0.4, prefix: 0.6 } };
    // Two swapped letters ("haert") are two Levenshtein edits: try the swaps the library has as words.
    const swaps = fuzzy > 0 ? swapsIn(vocabulary, word) : [];
    return swaps.length === 0 ? leaf : { queries: [leaf, ...swaps], combineWith: 'OR' };
  });
  const all: Query | null = leaves.length === 0 ? null : leaves.length === 1 ? (leaves[0] ?? null) : { queries: leaves, combineWith: 'AND' };
  if (plan.compact === null) return all;
  const alt: Query = { queries: [plan.compact], prefix: plan.typing && plan.compact.length >= 3 };
  return all ? { queries: [all, alt], combineWith: 'OR' } : alt;
}

/** The words of the vocabulary that are `word` with two adjacent letters swapped. */
function swapsIn(vocabulary: Vocabulary, word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < word.length; i++) {
    if (word[i] === word[i + 1]) continue;
    const swapped = word.slice(0, i) + (word[i + 1] ?? '') + (word[i] ?? '') + word.slice(i + 2);
    if (vocabulary.has(swapped)) out.push(swapped);
  }
  return out;
}

interface Internals {
  _idToShortId: Map<unknown, number>;
  _fieldLength: Map<number, number[]>;
  _fieldIds: Record<string, number>;
}

/**
 * Results best first, in tiers: a field that is exactly the query, then a field holding every query
 * word whole, then the rest (prefixes, typos) — each tier by score × field factor × `boost` (plays).
 */
export function ranked(index: MiniSearch<never> | MiniSearch<object>, results: SearchResult[], plan: QueryPlan, boost?: (id: number) => number): number[] {
  const mini = index as unknown as Internals;
  const fieldIds = mini._fieldIds;
  const wanted = plan.words;
  const scored = results.map((r) => {
    let factor = boost ? boost(r.id as number) : 1;
    let tier = 0;
    const fields = fieldsMatchingAll(r, wanted, plan.compact);
    if (fields.length > 0) {
      const lengths = mini._fieldLength?.get(mini._idToShortId?.get(r.id) ?? -1);
      let best = 1;
      for (const field of fields) {
        const length = lengths?.[fieldIds[field] ?? -1];
        const exact = length !== undefined && (length <= plan.allWords || (plan.compact !== null && r.match[plan.compact]?.includes(field) === true && length <= plan.allWords + 1));
        tier = Math.max(tier, exact ? 2 : 1);
        best = Math.max(best, exact ? (exactBoost[field] ?? 1) : (wholeBoost[field] ?? 1));
      }
      factor *= best;
    }
    return { id: r.id as number, tier, score: r.score * factor };
  });
  scored.sort((a, b) => b.tier - a.tier || b.score - a.score || a.id - b.id);
  return scored.map((s) => s.id);
}

/** Fields in which every query word matched as itself (not as a prefix or a typo), or the compact term did. */
function fieldsMatchingAll(r: SearchResult, words: readonly string[], compact: string | null): string[] {
  const viaCompact = compact !== null ? r.match[compact] : undefined;
  if (words.length === 0) return viaCompact ?? [];
  let fields: string[] | undefined;
  for (const w of words) {
    const f = r.match[w];
    if (!f) return viaCompact ?? [];
    fields = fields ? fields.filter((x) => f.includes(x)) : [...f];
  }
  const out = fields ?? [];
  for (const f of viaCompact ?? []) if (!out.includes(f)) out.push(f);
  return out;
}
