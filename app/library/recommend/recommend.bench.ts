// Recommendation benchmark: `npm run bench:recommend`. A synthetic 100k-track catalog (cached in
// .cache/bench/) plus a generated year of listening (≈ 40k play events in sessions, with taste
// clusters); reports compute time (in-thread and in the worker) and serve latency (p50/p95/max)
// of daily mixes and similar tracks — the budget is < 50 ms per request — plus a few history views.
import fs from 'node:fs';
import path from 'node:path';
import { openCatalog } from '../../catalog/index.ts';
import { createQueries } from '../../catalog/queries/index.ts';
import type { PlayReport, SmartDefinition } from '../../contract/index.ts';
import { writeSyntheticCatalog } from '../../search/testing/synthetic.ts';
import { mulberry32 } from '../../testing/random.ts';
import { createListening } from '../index.ts';

const TRACKS = Number(process.env.BENCH_TRACKS ?? 100_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 40_000);
const root = path.resolve(import.meta.dirname, '../../..');
const dir = path.join(root, '.cache/bench');
const baseDb = path.join(dir, `recommend-base-${TRACKS}.db`);
const dbFile = path.join(dir, `recommend-${TRACKS}-${EVENTS}.db`);
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;
const stats = (xs: number[]) => `p50 ${ms(pct(xs, 0.5))}  p95 ${ms(pct(xs, 0.95))}  max ${ms(Math.max(...xs))}`;

fs.mkdirSync(dir, { recursive: true });
if (!fs.existsSync(baseDb)) {
  const t = performance.now();
  writeSyntheticCatalog({ file: baseDb, tracks: TRACKS }).close();
  console.log(`generated ${TRACKS} synthetic tracks in ${ms(performance.now() - t)}`);
}
for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true });
fs.copyFileSync(baseDb, dbFile);

const catalog = openCatalog({ file: dbFile });
const queries = createQueries(catalog);
const now = Date.UTC(2025, 5, 1, 19);
const listening = createListening({ catalog, queries, now: () => now, recommend: { computeOnStart: false, worker: false, tzOffsetMin: 0 } });

// A listener: 12 taste clusters of 5 artists each; a session picks a cluster and plays 5–20 tracks
// from it (mostly the same 30 favourite tracks per artist), sometimes skipping.
const rnd = mulberry32(2025);
const artistIds = catalog.db.prepare<[], number>(`SELECT artist_id FROM track_artists WHERE role = 'artist' GROUP BY artist_id HAVING count(*) >= 10 ORDER BY artist_id`).pluck().all();
const tracksOf = catalog.db.prepare<[number], number>(`SELECT track_id FROM track_artists WHERE artist_id = ? AND role = 'artist' LIMIT 30`).pluck();
const clusters = Array.from({ length: 12 }, () => Array.from({ length: 5 }, () => tracksOf.all(artistIds[Math.floor(rnd() * artistIds.length)] ?? 1)));
const reports: PlayReport[] = [];
let t = now - 365 * 86_400_000;
while (reports.length < EVENTS) {
  t += Math.floor(rnd() * 4 * 3_600_000) + 30 * 60_000;
  if (t > now - 60_000) break;
  const cluster = clusters[Math.floor(rnd() * clusters.length)] ?? [];
  const n = 5 + Math.floor(rnd() * 16);
  let at = t;
  for (let i = 0; i < n && reports.length < EVENTS; i++) {
    const pool = cluster[Math.floor(rnd() * cluster.length)] ?? [];
    const trackId = pool[Math.floor(rnd() * Math.min(pool.length, rnd() < 0.7 ? 8 : 30))] ?? 1;
    const skip = rnd() < 0.15;
    const listened = skip ? Math.floor(rnd() * 25_000) : 150_000 + Math.floor(rnd() * 100_000);
    reports.push({ clientEventId: `b${reports.length}`, trackId, startedAt: at, msListened: listened, endedAt: at + listened, completed: !skip, source: 'queue' });
    at += listened + 2_000;
  }
  t = at;
}
let tt = performance.now();
for (let i = 0; i < reports.length; i += 1000) listening.history.record(reports.slice(i, i + 1000));
const recordMs = performance.now() - tt;
console.log(`history: ${reports.length} events recorded in ${ms(recordMs)} (${(recordMs / reports.length * 1000).toFixed(1)} µs/event, aggregate maintained in the same transaction)`);

// Compute: in-thread, then in the worker (what the server does).
tt = performance.now();
await listening.recommender.refresh();
const inThread = performance.now() - tt;
const status = listening.recommender.status();
console.log(`compute in-thread: ${ms(inThread)} (${status.events} events, ${status.sessions} sessions)`);
const workerListening = createListening({ catalog, queries, now: () => now, recommend: { computeOnStart: false, worker: true, tzOffsetMin: 0 } });
tt = performance.now();
await workerListening.recommender.refresh();
console.log(`compute in a worker thread (end to end, incl. structured clone): ${ms(performance.now() - tt)}`);
await workerListening.close();

// Serve latency.
const time = (fn: () => unknown) => { const s = performance.now(); fn(); return performance.now() - s; };
const mixTimes = Array.from({ length: 50 }, () => time(() => listening.recommender.mixes()));
const mixes = listening.recommender.mixes();
console.log(`daily mixes: ${mixes.mixes.length} mixes × ${mixes.mixes[0]?.tracks.length ?? 0} tracks — serve ${stats(mixTimes)}`);
const played = [...new Set(reports.map((r) => r.trackId))];
const cold = Array.from({ length: 200 }, (_, i) => played[(i * 7919) % played.length] ?? 1);
const similarCold = cold.map((id) => time(() => listening.recommender.similar(id, 25)));
const similarWarm = cold.map((id) => time(() => listening.recommender.similar(id, 25)));
const unplayed = Array.from({ length: 100 }, (_, i) => 1 + ((i * 104_729) % TRACKS));
const similarUnplayed = unplayed.map((id) => time(() => listening.recommender.similar(id, 25)));
console.log(`similar tracks (history track, first request): ${stats(similarCold)}`);
console.log(`similar tracks (cached):                       ${stats(similarWarm)}`);
console.log(`similar tracks (never-played track):           ${stats(similarUnplayed)}`);
const example = listening.recommender.similar(played[0] ?? 1, 3).tracks.map((x) => `${x.track.title} — ${x.reason.text}`);
console.log(`  e.g. ${example.join('\n       ')}`);

// History views and smart playlists on the same data.
const views = listening.views;
const viewTimes = {
  'stats (30 days)': time(() => views.stats({ from: now - 30 * 86_400_000, to: now, tzOffsetMin: 0, top: 10 })),
  'stats (1 year)': time(() => views.stats({ from: now - 365 * 86_400_000, to: now, tzOffsetMin: 0, top: 10 })),
  'most played (month)': time(() => views.mostPlayed({ range: 'month', offset: 0, limit: 50 })),
  'most played (all)': time(() => views.mostPlayed({ range: 'all', offset: 0, limit: 50 })),
  'recently played': time(() => views.recentlyPlayed({ offset: 0, limit: 50 })),
};
for (const s of listening.smart.list()) {
  Object.assign(viewTimes, { [`smart: ${s.name}`]: time(() => listening.smart.tracks(s.id, { offset: 0, limit: 100 })) });
}
const complex: SmartDefinition = { match: 'all', rules: [{ field: 'genre', op: 'contains', value: 'o' }, { field: 'year', op: 'between', value: 1970, value2: 1990 }, { field: 'lossless', value: true }], sort: { by: 'title', order: 'asc' }, limit: 500 };
Object.assign(viewTimes, { 'smart: genre+year+lossless, title sort': time(() => listening.smart.evaluate(complex, { offset: 0, limit: 100 })) });
for (const [k, v] of Object.entries(viewTimes)) console.log(`${k.padEnd(40)} ${ms(v)}`);

await listening.close();
catalog.close();
