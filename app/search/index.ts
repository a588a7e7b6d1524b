// Full-text search over the catalog: tracks, albums and artists, typo- and diacritic-tolerant,
// persisted next to the database and updated incrementally after scans. See README.md.
import fs from 'node:fs';
import type { SearchSourceQueries } from '../catalog/queries/index.ts';
import { assemble, reassemble, type IndexChange } from './assemble.ts';
import type { IndexData } from './data.ts';
import { createEngine, type Engine, type Group } from './engine.ts';
import { rankGroup } from './groups.ts';
import { matchQuery, reset } from './match.ts';
import { fewResults } from './options.ts';
import { readIndexFile, writeIndexFile } from './persist.ts';
import { planQuery } from './terms.ts';
import { validIndexData } from './validate.ts';

export type { IndexChange } from './assemble.ts';

export interface SearchIndexOptions {
  documents: SearchSourceQueries;
  /** Where the index is persisted (`indexFileFor(db)`); omitted: memory only. */
  file?: string | undefined;
  /** Re-ranking: a factor per track (1 = neutral); the library server passes one from play counts. */
  boost?: ((trackId: number) => number) | undefined;
}

export type SearchGroup = 'tracks' | 'albums' | 'artists';

export interface SearchHits {
  tracks: number[];
  albums: number[];
  artists: number[];
  /** Matches per group, all of them (the ids above are one page). */
  totals: Record<SearchGroup, number>;
}

export interface SearchPage {
  /** Skip this many hits of each group (default 0). */
  offset?: number;
  /** Only this group (the others come back empty, with their totals). */
  group?: SearchGroup;
}

export interface SearchIndex {
  /** Ids per group, best first, at most `limit` each from `page.offset`; totals of all matches. */
  search(query: string, limit: number, page?: SearchPage): SearchHits;
  /** Applies a scan's changes (changed tracks re-read from the catalog; albums, artists and genres re-read). */
  update(change: IndexChange): void;
  /** Rebuilds everything from the catalog. */
  rebuild(): void;
  /** Writes the index to `file` with the catalog's current stamp (no-op without a file). */
  save(): void;
  /** How this index came to be: loaded from `file`, or built from the catalog. */
  readonly origin: 'loaded' | 'built';
  counts(): { tracks: number; albums: number; artists: number };
  /** The library's most common title word (of 4+ letters): what warm-up searches type. */
  commonWord(): string;
}

/** The index file kept beside a catalog. */
export const indexFileFor = (dbFile: string): string => `${dbFile}.search.idx`;

/** Loads the persisted index when it matches the catalog, else builds it (and persists it). */
export function openSearchIndex(options: SearchIndexOptions): SearchIndex {
  const { documents, file } = options;
  let loaded: IndexData | undefined;
  if (file) {
    const data = readIndexFile(file, documents.stamp());
    if (data && validIndexData(data)) loaded = data;
  }
  let origin: 'loaded' | 'built' = loaded ? 'loaded' : 'built';
  let engine: Engine = createEngine(loaded ?? assemble(documents));

  const index: SearchIndex = {
    get origin() { return origin; },
    search(query, limit, page = {}) {
      const plan = planQuery(query);
      const totals = { tracks: 0, albums: 0, artists: 0 };
      const hits: SearchHits = { tracks: [], albums: [], artists: [], totals };
      if (plan.words.length === 0 && plan.compact === null) return hits;
      const offset = page.offset ?? 0;
      const run = (typosEverywhere: boolean) => {
        const matched = matchQuery(engine, plan, typosEverywhere);
        try {
          const group = (name: SearchGroup, g: Group, boost?: (id: number) => number) => {
            const r = rankGroup(g, matched, offset, page.group === undefined || page.group === name ? limit : 0, boost);
            hits[name] = r.ids;
            totals[name] = r.total;
          };
          group('tracks', engine.tracks, options.boost);
          group('albums', engine.albums);
          group('artists', engine.artists);
        } finally {
          reset(engine);
        }
      };
      run(false);
      // Little found: maybe a typo that is itself a word of the library ("sone" for "stone").
      if (totals.tracks < fewResults && plan.words.some((w, i) => w.length >= 4 && !(plan.typing && i === plan.words.length - 1))) run(true);
      return hits;
    },
    update(change) {
      if (change.changedTrackIds.length === 0 && change.removedTrackIds.length === 0) return;
      engine = createEngine(reassemble(documents, engine.data, change), engine);
    },
    rebuild() {
      engine = createEngine(assemble(documents));
      origin = 'built';
    },
    save() {
      if (file) writeIndexFile(file, engine.data, documents.stamp());
    },
    counts: () => ({ tracks: engine.tracks.ids.length, albums: engine.albums.ids.length, artists: engine.artists.ids.length }),
    commonWord: () => commonWord(engine),
  };
  warm(index);
  if (file && origin === 'built') {
    try {
      index.save();
      // The MiniSearch index of earlier versions (`<db>.search.json`) is never read again.
      if (file.endsWith('.search.idx')) fs.rmSync(`${file.slice(0, -'.idx'.length)}.json`, { force: true });
    } catch {
      // A cache: failing to write it only costs a rebuild next time.
    }
  }
  return index;
}

/**
 * Runs a few searches of the kinds people type (a word letter by letter, two words, a typo, a
 * name's compact form, CJK) so that the code, its regular expressions and the typo lookup are
 * compiled before the first real search (a few ms, once).
 */
function warm(index: SearchIndex): void {
  const word = index.commonWord();
  const typo = word.slice(0, 1) + (word[2] ?? '') + (word[1] ?? '') + word.slice(3);
  const queries = [word.slice(0, 1), word.slice(0, 3), word, `${word} `, `${word} ${word.slice(0, 2)}`, `${typo} `, typo, 'a/b', '東京'];
  // Several rounds, so the hot loops reach the optimizing compilers before the first real search.
  for (let round = 0; round < warmRounds; round++) for (const q of queries) index.search(q, 20);
}

const warmRounds = 4;

function commonWord(engine: Engine): string {
  const { start } = engine.fields[0]?.postings ?? { start: new Uint32Array(1) };
  let best = -1;
  let most = 0;
  for (let t = 0; t + 1 < start.length; t++) {
    const n = (start[t + 1] as number) - (start[t] as number);
    if (n > most && engine.dictionary.term(t).length >= 4) {
      most = n;
      best = t;
    }
  }
  return best < 0 ? 'love' : engine.dictionary.term(best);
}
