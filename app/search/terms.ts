// From text to search terms, the same way for what is indexed and what is typed:
// - folded: case, diacritics and compatibility forms ("Café" = "cafe"), plus the letters NFKD does
//   not decompose: ø→o, æ→ae, œ→oe, ß→ss, ł→l, đ→d, ð→d, þ→th, ı→i, ħ→h, ŧ→t;
// - digit groups joined: "10,000" and "1.000.000" are the numbers 10000 and 1000000;
// - CJK (Han, kana, Hangul) runs cut into overlapping pairs, so any two or more characters of a
//   name find it ("坂本" → 坂本龍一);
// - names made only of punctuation keep it ("!!!");
// - short names also get a compact term, their letters run together, with ! read as i and $ as s:
//   "AC/DC" → acdc, "P!nk" → pink, "will.i.am" → william, "The The" → thethe.

const special: Record<string, string> = {
  ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h', ŧ: 't', ŀ: 'l', ĸ: 'k',
};
const specialPattern = /[øæœßłđðþıħŧŀĸ]/g;
const hasSpecial = /[øæœßłđðþıħŧŀĸ]/;
const hasDigitGroup = /(\d)[,.\u00a0\u202f'](?=\d{3}(?!\d))/;
const marks = /\p{M}+/gu;
const digitGroups = /(\d)[,.\u00a0\u202f'](?=\d{3}(?!\d))/g;
const wordPattern = /[\p{L}\p{N}]+/gu;
const asciiWord = /[a-z0-9]+/g;
const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const cjkRuns = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]+|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]+/gu;

/** Words too common to be worth a posting list ("the" is on ~40% of a large library's tracks). */
export const stopWords: ReadonlySet<string> = new Set(['the', 'a', 'an', 'and', 'of', 'feat', 'ft', 'featuring', 'vs']);

const nonAscii = /[^\x00-\x7f]/;

/** Lower-cased, without diacritics, special letters transliterated, digit groups joined. */
export function searchFold(text: string): string {
  // Plain ASCII (most titles) has nothing to decompose or transliterate.
  let s = nonAscii.test(text) ? text.normalize('NFKD').replace(marks, '').toLowerCase() : text.toLowerCase();
  if (hasSpecial.test(s)) s = s.replace(specialPattern, (c) => special[c] ?? c);
  while (hasDigitGroup.test(s)) s = s.replace(digitGroups, '$1');
  return s;
}

/** The words of a text as search terms (stop words included; CJK as pairs). */
export function words(folded: string): string[] {
  if (!nonAscii.test(folded)) {
    const ascii = folded.match(asciiWord);
    if (ascii) return ascii;
  }
  const out: string[] = [];
  for (const match of folded.matchAll(wordPattern)) {
    const w = match[0];
    if (!cjk.test(w)) {
      out.push(w);
      continue;
    }
    for (const run of w.match(cjkRuns) ?? []) {
      if (!cjk.test(run)) out.push(run);
      else if (run.length === 1) out.push(run);
      else for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    }
  }
  if (out.length === 0) {
    const symbols = folded.replace(/\s+/g, '');
    if (symbols.length > 0) out.push(symbols); // "!!!"
  }
  return out;
}

/**
 * The compact form of a short name (up to four words), or null when it would add nothing: letters
 * and digits run together, ! read as i and $ as s between letters ("P!nk" → pink).
 */
export function compact(folded: string): string | null {
  const plain = folded.replace(/(?<=\p{L})!(?=\p{L})|(?<=\p{L})!$/gu, 'i').replace(/(?<=\p{L})\$|\$(?=\p{L})/gu, 's');
  const parts = plain.match(wordPattern) ?? [];
  if (parts.length < 1 || parts.length > 4 || parts.some((p) => cjk.test(p))) return null;
  const joined = parts.join('');
  if (joined.length < 2) return null;
  // A single word that is already a term adds nothing.
  return parts.length === 1 && folded.trim() === joined ? null : joined;
}

export interface ValueTerms {
  /** Terms to index: the words without stop words (CJK as pairs), then the compact form if any. */
  terms: string[];
  /** How many words the value has, stop words included (a query with as many is an exact match). */
  words: number;
}

const innerPunctuation = /\p{L}[^\p{L}\p{N}\s]+\p{L}/u;

/**
 * What a field value is indexed as. Names (artists) always get their compact form; other values when
 * punctuation sits inside a word ("Sunn O)))", "R&B") or every word is a stop word.
 */
export function valueTerms(text: string, isName: boolean): ValueTerms {
  const folded = searchFold(text);
  const all = words(folded);
  const terms: string[] = [];
  for (const w of all) if (!stopWords.has(w) && !terms.includes(w)) terms.push(w);
  if (isName || terms.length === 0 || innerPunctuation.test(folded)) {
    const c = compact(folded);
    if (c !== null && !terms.includes(c) && !stopWords.has(c)) terms.push(c);
  }
  return { terms, words: all.length };
}

export interface QueryPlan {
  /** Words that must all match (stop words left out: they are not indexed). */
  words: string[];
  /** Count of every word typed, stop words included (a field with no more is an exact match). */
  allWords: number;
  /** Whether the last word is still being typed (no space after it). */
  typing: boolean;
  /** The compact form of the whole query, matched as an alternative ("acdc", "thethe"). */
  compact: string | null;
}

export function planQuery(query: string): QueryPlan {
  const folded = searchFold(query);
  const all = words(folded);
  const kept = all.filter((w) => !stopWords.has(w));
  const c = compact(folded);
  return {
    words: kept,
    allWords: all.length,
    typing: !/\s$/.test(query),
    compact: c !== null && !(kept.length === 1 && kept[0] === c) ? c : null,
  };
}
