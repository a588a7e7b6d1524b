// Splitting artist credits: "A feat. B" → [A, B], "A; B" → [A, B], with exceptions for names that
// contain a separator ("Simon & Garfunkel", "AC/DC", "Earth, Wind & Fire").
import { fold } from '../text/fold.ts';

/** Names that contain a separator but are one artist. Extend via the `artistExceptions` setting. */
export const defaultArtistExceptions: readonly string[] = [
  'Simon & Garfunkel', 'AC/DC', 'Earth, Wind & Fire', 'Hall & Oates', 'Daryl Hall & John Oates', 'Mumford & Sons',
  'Crosby, Stills, Nash & Young', 'Crosby, Stills & Nash', 'Belle & Sebastian', 'Iron & Wine', 'Peter, Paul & Mary',
  'Ike & Tina Turner', 'Brooks & Dunn', 'Big & Rich', 'Above & Beyond', 'Chase & Status', 'Years & Years',
  'Sam & Dave', 'Kool & the Gang', 'Hootie & the Blowfish', 'Emerson, Lake & Palmer', 'Blood, Sweat & Tears',
  'Sly & the Family Stone', 'Florence + the Machine', 'Nick Cave & the Bad Seeds', 'Bob Marley & the Wailers',
  'Tom Petty & the Heartbreakers', 'Echo & the Bunnymen', 'Siouxsie & the Banshees', 'Huey Lewis & the News',
  'Derek & the Dominos', 'Marina & the Diamonds', 'Of Monsters & Men', 'Prince & the Revolution',
  'Martha & the Vandellas', 'Smokey Robinson & the Miracles', 'Gladys Knight & the Pips', 'Me & My Monkey',
  'Rudimental & Friends', 'Angus & Julia Stone', 'Matt & Kim', 'She & Him', 'Chip & Dale', 'Up/Down', 'DJ Jazzy Jeff & the Fresh Prince',
];

// Separators, longest first. " & " is a separator only outside the exceptions and not before "the".
const separators = /\s*;\s*|\s*\/\s*|\s+(?:feat\.?|ft\.|featuring)\s+|\s+&\s+(?!the\s)|\s+vs\.?\s+|\s+x\s+(?=\S)/i;

export function splitArtists(value: string | undefined | null, exceptions: readonly string[] = defaultArtistExceptions): string[] {
  if (value == null) return [];
  const trimmed = value.trim();
  if (trimmed === '') return [];
  // Protect exception names by replacing them with placeholders before splitting.
  const placeholders: string[] = [];
  const work = trimmed.replace(exceptionPattern(exceptions), (m) => {
    placeholders.push(m);
    return `\u0000${placeholders.length - 1}\u0000`;
  });
  const parts = work.split(new RegExp(separators.source, 'gi'))
    .map((p) => p.replace(/\u0000(\d+)\u0000/g, (_, i: string) => placeholders[Number(i)] ?? ''))
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  return dedupe(parts);
}

/** Combines real multi-value tags (several ARTIST/TPE1 values, ARTISTS) with splitting of a single string. */
export function artistList(multi: readonly string[] | undefined, single: string | undefined, exceptions?: readonly string[]): string[] {
  const values = (multi ?? []).map((v) => v.trim()).filter((v) => v.length > 0);
  if (values.length > 1) return dedupe(values);
  return splitArtists(values[0] ?? single, exceptions);
}

function dedupe(names: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const n of names) {
    const k = fold(n);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(n);
  }
  return out;
}

const patternCache = new WeakMap<readonly string[], RegExp>();

function exceptionPattern(exceptions: readonly string[]): RegExp {
  let re = patternCache.get(exceptions);
  if (!re) {
    const names = [...exceptions].sort((a, b) => b.length - a.length).map(escapeRegExp);
    re = names.length > 0 ? new RegExp(`(?:${names.join('|')})`, 'gi') : /(?!)/g;
    patternCache.set(exceptions, re);
  }
  re.lastIndex = 0;
  return re;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
