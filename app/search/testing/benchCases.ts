// What the search benchmark types: 1,500 target tracks spread over the catalog. A person types the
// first 1–3 title words (stop words included) and, half the time, a word of the artist — and keeps
// adding artist, then album words while the words typed still fit more than 10 tracks (no ranking
// can guess among 300 songs called "Heaven"). The typo variant changes one letter of one long
// word: two letters swapped, one dropped or one replaced.
import type { Track } from '../../contract/index.ts';
import type { SearchIndex } from '../index.ts';
import { stopWords } from '../terms.ts';

export interface BenchCase {
  id: number;
  typed: string;
  typo: string | null;
}

const wordsOf = (s: string) => s.split(/[\s,:.()[\]\-–]+/).filter((w) => w.length > 0);

export function benchCases(targets: readonly Track[], index: SearchIndex): BenchCase[] {
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  return targets.map((d) => {
    const chosen = wordsOf(d.title).slice(0, 1 + Math.floor(rnd() * 3));
    const more = [...wordsOf(d.artist), ...wordsOf(d.album ?? '')].filter((w) => !stopWords.has(w.toLowerCase()));
    if (rnd() < 0.5 && more.length > 0) chosen.push(more.shift() ?? '');
    while (more.length > 0 && index.search(`${chosen.join(' ')} `, 1).totals.tracks > 10) chosen.push(more.shift() ?? '');
    const typed = chosen.join(' ');
    const long = chosen.findIndex((w) => w.length >= 5 && /^\p{Script=Latin}+$/u.test(w));
    let typo: string | null = null;
    if (long >= 0) {
      const w = chosen[long] ?? '';
      const i = 1 + Math.floor(rnd() * (w.length - 2));
      const kind = Math.floor(rnd() * 3);
      const bad = kind === 0 ? w.slice(0, i) + (w[i + 1] ?? '') + (w[i] ?? '') + w.slice(i + 2) : kind === 1 ? w.slice(0, i) + w.slice(i + 1) : w.slice(0, i) + 'x' + w.slice(i + 1);
      typo = chosen.map((x, j) => (j === long ? bad : x)).join(' ');
    }
    return { id: d.id, typed, typo };
  });
}

/** Every prefix of each typed query, as the search box sends them key by key. */
export function keystrokes(cases: readonly BenchCase[]): string[] {
  return cases.flatMap((c) => Array.from({ length: c.typed.length }, (_, i) => c.typed.slice(0, i + 1)));
}

/** Awkward names and a plain-letters spelling of each. */
export const plainSpellings: Record<string, string> = {
  'AC/DC': 'acdc', 'P!nk': 'pink', 'will.i.am': 'william', 'The The': 'thethe', 'The Who': 'thewho', '10,000 Maniacs': '10000 maniacs',
  'Lindstrøm': 'lindstrom', 'Þursaflokkurinn': 'thursaflokkurinn', 'Mötley Crüe': 'motley crue', 'Ke$ha': 'kesha',
  'Straßenjungs': 'strassenjungs', 'Đorđe Balašević': 'dorde balasevic', 'MØ': 'mo', '坂本龍一': '坂本',
};
