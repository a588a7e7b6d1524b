// Writes a big synthetic catalog (default 100,000 tracks) for browsing at scale, and prints what it
// holds. Serve it with: npm run tonearm -- serve --db <file>
//   scripts/with-node24 node scripts/make-catalog.ts [tracks]
import { ensureCatalog } from '../e2e/support/catalog.ts';

const tracks = Number(process.argv[2] ?? 100_000);
if (!Number.isInteger(tracks) || tracks < 100) {
  console.error('make-catalog: the track count must be a whole number of at least 100.');
  process.exit(1);
}
const started = performance.now();
const facts = ensureCatalog(tracks);
console.log(JSON.stringify({ ...facts, seconds: Math.round((performance.now() - started) / 100) / 10 }, null, 2));
