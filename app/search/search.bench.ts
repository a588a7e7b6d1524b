// Search benchmark over 100,000 synthetic tracks: `npm run bench:search`.
// Reports index build time, index memory, persisted-load time, and query latency (p50/p99) for
// prefix and typo queries, plus browse-page timings. The synthetic db is cached in .cache/bench/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { openCatalog } from '../catalog/index.ts';
import { createQueries } from '../catalog/queries/index.ts';
import { openSearchIndex } from './index.ts';
import { searchCatalog } from './results.ts';
import { writeSyntheticCatalog } from './testing/synthetic.ts';

const TRACKS = Number(process.env.BENCH_TRACKS ?? 100_000);
const root = path.resolve(import.meta.dirname, '../..');
const dir = path.join(root, '.cache/bench');
const dbFile = path.join(dir, `search-${TRACKS}.db`);
const indexFile = `${dbFile}.search.json`;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const out = fn();
  return [out, performance.now() - t];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;

fs.mkdirSync(dir, { recursive: true });
if (!fs.existsSync(dbFile)) {
  const [c, t] = time(() => writeSyntheticCatalog({ file: dbFile, tracks: TRACKS }));
  c.close();
  console.log(`generated ${TRACKS} synthetic tracks in ${ms(t)} → ${path.relative(root, dbFile)}`);
}
const catalog = openCatalog({ file: dbFile });
const queries = createQueries(catalog);
console.log(`load average ${os.loadavg().map((n) => n.toFixed(2)).join(' ')} on ${os.availableParallelism()} cores`);
console.log(`catalog: ${catalog.stats().tracks} tracks, ${catalog.stats().albums} albums, ${catalog.stats().artists} artists`);

gc();
const heapBefore = process.memoryUsage().heapUsed;
const [index, buildMs] = time(() => openSearchIndex({ documents: queries.searchDocuments }));
gc();
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
console.log(`index build: ${ms(buildMs)} (target < 3000 ms), memory: ${heapMb.toFixed(1)} MB heap`);

fs.rmSync(indexFile, { force: true });
const [, saveMs] = time(() => openSearchIndex({ documents: queries.searchDocuments, file: indexFile }));
const sizeMb = fs.statSync(indexFile).size / 1024 / 1024;
const [loaded, loadMs] = time(() => openSearchIndex({ documents: queries.searchDocuments, file: indexFile }));
console.log(`persisted: build+save ${ms(saveMs)}, file ${sizeMb.toFixed(1)} MB, load ${ms(loadMs)} (origin: ${loaded.origin})`);

// Queries drawn from the catalog's own words: prefixes of 1–3 words, and typos (a swap, drop or change).
const docs = queries.searchDocuments.tracksByIds(Array.from({ length: 1500 }, (_, i) => 1 + ((i * 7919) % TRACKS)));
let seed = 7;
const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const wordsOf = (d: (typeof docs)[number]) => `${d.title} ${d.artist} ${d.album ?? ''}`.split(/[\s&.]+/).filter((w) => w.length >= 3);
const prefixQueries: string[] = [];
const typoQueries: string[] = [];
for (const d of docs) {
  const w = wordsOf(d);
  const n = 1 + Math.floor(rnd() * 3);
  const start = Math.floor(rnd() * Math.max(1, w.length - n + 1));
  const chosen = w.slice(start, start + n);
  const last = chosen.at(-1) ?? '';
  prefixQueries.push([...chosen.slice(0, -1), last.slice(0, Math.max(3, Math.ceil(last.length * 0.6)))].join(' '));
  const long = chosen.findIndex((x) => x.length >= 5);
  if (long >= 0) {
    const word = chosen[long] ?? '';
    const i = 1 + Math.floor(rnd() * (word.length - 2));
    const kind = Math.floor(rnd() * 3);
    const typo = kind === 0 ? word.slice(0, i) + (word[i + 1] ?? '') + (word[i] ?? '') + word.slice(i + 2)
      : kind === 1 ? word.slice(0, i) + word.slice(i + 1)
      : word.slice(0, i) + 'x' + word.slice(i + 1);
    typoQueries.push(chosen.map((x, j) => (j === long ? typo : x)).join(' '));
  }
}

function run(label: string, list: string[], fn: (q: string) => number): void {
  for (const q of list.slice(0, 100)) fn(q); // warm up
  const times: number[] = [];
  const slowest: [number, string][] = [];
  let empty = 0;
  for (const q of list) {
    const t = performance.now();
    if (fn(q) === 0) empty += 1;
    const elapsed = performance.now() - t;
    times.push(elapsed);
    slowest.push([elapsed, q]);
  }
  times.sort((a, b) => a - b);
  if (process.env.BENCH_VERBOSE) console.log(slowest.sort((a, b) => b[0] - a[0]).slice(0, 8).map(([t, q]) => `${q} ${ms(t)}`).join(' | '));
  console.log(`${label.padEnd(28)} n=${list.length}  p50 ${ms(percentile(times, 0.5))}  p99 ${ms(percentile(times, 0.99))}  max ${ms(times.at(-1) ?? 0)}  no-hit ${empty}`);
}

run('index, prefix queries', prefixQueries, (q) => index.search(q, 20).tracks.length);
run('index, typo queries', typoQueries, (q) => index.search(q, 20).tracks.length);
run('with rows, prefix (limit 20)', prefixQueries, (q) => searchCatalog({ index, queries, query: q, limit: 20 }).tracks.length);
run('with rows, typo (limit 20)', typoQueries, (q) => searchCatalog({ index, queries, query: q, limit: 20 }).tracks.length);
// The worst case: the single most common word, as typed letter by letter.
const common = queries.searchDocuments.tracksByIds([1, 2, 3])[0]?.title.split(' ')[0] ?? 'love';
run(`worst: "${common}" typed`, [1, 2, 3, 4].map((n) => common.slice(0, n)).filter((q) => q.length > 0), (q) => index.search(q, 20).tracks.length);
console.log(`examples: ${JSON.stringify(prefixQueries.slice(0, 3))} ${JSON.stringify(typoQueries.slice(0, 3))}`);

// Browse pages (Songs view): 200 rows sorted by each key, first page and deep page.
for (const sort of ['title', 'artist', 'album', 'albumArtist', 'year', 'addedAt', 'genre'] as const) {
  const parts: string[] = [];
  for (const offset of [0, Math.floor(TRACKS / 2)]) {
    queries.tracks.page({ offset, limit: 200, sort, order: 'asc' });
    const [, t] = time(() => queries.tracks.page({ offset, limit: 200, sort, order: 'asc' }));
    parts.push(`offset ${offset}: ${ms(t)}`);
  }
  console.log(`tracks page sort=${sort.padEnd(11)} ${parts.join(', ')}`);
}
console.log(`load average ${os.loadavg().map((n) => n.toFixed(2)).join(' ')}`);
catalog.close();
