// A query's words against the text fields: each word expands to terms (itself; the word being
// typed also to every term it starts; a word the library lacks to its neighbours within one or two
// edits and its adjacent-letter swaps), and every value holding one of them gets the word's bit and
// a BM25 score. Only the values touched are reset afterwards, so a query costs what it matches.
import { bm25, fuzziness, prefixFrom, prefixWeight, typoWeight } from './options.ts';
import type { Dictionary } from './dictionary.ts';
import type { Engine, Field } from './engine.ts';
import type { QueryPlan } from './terms.ts';

/** The bit of the query's compact form ("acdc"), an alternative to all its words. */
export const COMPACT = 1 << 30;
/** Words beyond this many are ignored (one bit each below COMPACT). */
export const MAX_WORDS = 30;

export interface Matched {
  /** Bits of every word (0 when the query had only stop words). */
  allBits: number;
  /** COMPACT when the query has a compact form, else 0. */
  compactBit: number;
  /** Words typed, stop words included: a value with no more words that holds them all is exact. */
  allWords: number;
}

const cjk = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Scores the query into the engine's fields; `reset` must follow once the groups were read.
 * `typosEverywhere`: every word of 4+ letters also matches its neighbours (see `fuzziness`).
 */
export function matchQuery(engine: Engine, plan: QueryPlan, typosEverywhere = false): Matched {
  const words = plan.words.slice(0, MAX_WORDS);
  const last = words.length - 1;
  let allBits = 0;
  words.forEach((word, i) => {
    const bit = 1 << i;
    allBits |= bit;
    for (const [term, weight, whole] of expand(engine.dictionary, word, plan.typing && i === last, typosEverywhere)) score(engine.fields, term, weight, bit, whole ? bit : 0);
  });
  let compactBit = 0;
  if (plan.compact !== null) {
    compactBit = COMPACT;
    const exact = engine.dictionary.find(plan.compact);
    if (exact >= 0) score(engine.fields, exact, 1, COMPACT, COMPACT);
    if (plan.typing && plan.compact.length >= prefixFrom) {
      const [from, to] = engine.dictionary.range(plan.compact);
      for (let t = from; t < to; t++) if (t !== exact) score(engine.fields, t, prefixWeight(plan.compact.length, engine.dictionary.term(t).length), COMPACT, 0);
    }
  }
  return { allBits, compactBit, allWords: plan.allWords };
}

export function reset(engine: Engine): void {
  for (const f of engine.fields) {
    for (let i = 0; i < f.touchedCount; i++) {
      const v = f.touched[i] as number;
      f.score[v] = 0;
      f.mask[v] = 0;
      f.whole[v] = 0;
    }
    f.touchedCount = 0;
    f.perWord.fill(0);
  }
}

/** [term id, weight, matched as the word itself]. */
type Expansion = [number, number, boolean];

function expand(dictionary: Dictionary, word: string, typing: boolean, typosEverywhere: boolean): Expansion[] {
  const out: Expansion[] = [];
  const exact = dictionary.find(word);
  if (exact >= 0) out.push([exact, 1, true]);
  if (typing && (word.length >= prefixFrom || cjk.test(word))) {
    const [from, to] = dictionary.range(word);
    for (let t = from; t < to; t++) if (t !== exact) out.push([t, prefixWeight(word.length, dictionary.term(t).length), false]);
  }
  const fuzzy = fuzziness(dictionary, word, typing, typosEverywhere);
  if (fuzzy > 0) {
    const seen = new Set(out.map(([t]) => t));
    const near = (t: number, distance: number) => {
      if (seen.has(t)) return;
      seen.add(t);
      out.push([t, typoWeight(word.length, distance), false]);
    };
    for (const [t, distance] of dictionary.near(word, fuzzy)) near(t, distance);
    // Two swapped letters ("haert") are two Levenshtein edits: try the swaps the library has as words.
    for (let i = 0; i + 1 < word.length; i++) {
      if (word[i] === word[i + 1]) continue;
      const t = dictionary.find(word.slice(0, i) + (word[i + 1] ?? '') + (word[i] ?? '') + word.slice(i + 2));
      if (t >= 0) near(t, 1);
    }
  }
  return out;
}

/** Adds term `term` to every value holding it, in every field. */
function score(fields: readonly Field[], term: number, weight: number, bit: number, wholeBit: number): void {
  const { k, b, d } = bm25;
  for (const f of fields) {
    const from = f.postings.start[term] as number;
    const to = f.postings.start[term + 1] as number;
    if (from === to) continue;
    const df = to - from;
    const idf = Math.log(1 + (f.count - df + 0.5) / (df + 0.5));
    const lengthNorm = (k * b) / f.avgWords;
    const index = 31 - Math.clz32(bit);
    const items = f.postings.items;
    for (let p = from; p < to; p++) {
      const v = items[p] as number;
      const had = f.mask[v] as number;
      if (had === 0) f.touched[f.touchedCount++] = v;
      if ((had & bit) === 0) f.perWord[index]! += 1;
      f.score[v]! += weight * idf * (d + (k + 1) / (1 + k * (1 - b) + lengthNorm * (f.words[v] as number)));
      f.mask[v] = had | bit;
      f.whole[v]! |= wholeBit;
    }
  }
}
