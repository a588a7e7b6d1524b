// Storage economics end to end (issue 11, item 7): `tonearm sync --plan` as a user runs it (a child
// process) against the real sync server, and the storage policy applied by `tonearm sync
// --keep-high-days`: `high` stays for the favorite and the recently played track, goes for the
// others (their other rungs stay playable), and comes back when a track is played again. The R2
// price arithmetic is checked on its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../catalog/index.ts';
import { createQueries } from '../catalog/queries/index.ts';
import type { Page, Track } from '../contract/index.ts';
import { createHistoryStore } from '../library/history.ts';
import { createPrefsStore } from '../library/prefs.ts';
import { writeTracks } from '../testing/audio.ts';
import { runCli } from '../testing/cli.ts';
import { tempLibrary, type TempLibrary } from '../testing/temp.ts';
import { monthlyOperations, r2MonthlyCost } from './cost.ts';
import { DAY_MS } from './policy.ts';
import type { StreamUrl } from './protocol.ts';
import { startRealSyncServer, type RealSyncServer } from './testing/realServer.ts';


const run = runCli;

describe('R2 monthly cost', () => {
  it('is zero inside the free tier and R2\u2019s prices beyond it', () => {
    expect(r2MonthlyCost({ bytes: 9e9, classA: 900_000, classB: 9_000_000 }).total).toBe(0);
    const c = r2MonthlyCost({ bytes: 110e9, classA: 3_000_000, classB: 20_000_000 });
    expect(c).toMatchObject({ storage: 1.5, operationsA: 9, operationsB: 3.6, total: 14.1 });
    // 2,500 objects: 3 listing pages, twice an hour for 30 days; 40 uploads; 100 plays × 4 reads.
    expect(monthlyOperations({ stored: { objects: 2500, bytes: 0 }, month: { uploads: 40, plays: 100 } })).toEqual({ classA: 40 + 2 * 720 * 3, classB: 40 + 400 });
  });
});

describe('storage policy and tonearm sync --plan (real server)', () => {
  let lib: TempLibrary;
  let server: RealSyncServer;
  const titles = ['Kept Favorite', 'Kept Played', 'Dropped One', 'Dropped Two'];

  beforeAll(async () => {
    lib = tempLibrary();
    await writeTracks(lib.music, titles.map((title, i) => ({
      path: `${String(i + 1).padStart(2, '0')} ${title}.flac`, format: 'flac' as const, seconds: 3, tags: { title, artist: 'Policy', album: 'Rungs' },
    })));
    await lib.scan();
    const now = Date.now();
    // Everything arrived 200 days ago; one favorite, one played yesterday.
    lib.catalog.db.prepare('UPDATE tracks SET added_at = ?').run(now - 200 * DAY_MS);
    const ids = new Map(lib.catalog.db.prepare<[], { id: number; title: string }>('SELECT id, title FROM tracks').all().map((r) => [r.title, r.id]));
    const queries = createQueries(lib.catalog);
    createPrefsStore({ db: lib.catalog.db, tracks: queries.tracks, albums: queries.albums, artists: queries.artists }).set('track', ids.get('Kept Favorite') ?? 0, { favorite: true });
    createHistoryStore({ db: lib.catalog.db }).record([{
      clientEventId: 'played-1', trackId: ids.get('Kept Played') ?? 0, startedAt: now - DAY_MS, msListened: 3000, source: 'library', completed: true,
    }]);
    lib.catalog.close();
    server = await startRealSyncServer();
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    lib?.cleanup();
  });

  const args = () => ['sync', '--server', server.url, '--token', server.token, '--db', lib.dbFile, '--covers', lib.coverDir];
  const rungsOf = async () => {
    const out = new Map<string, string[]>();
    for (const t of (await server.get<Page<Track>>('/api/tracks?limit=100')).items) {
      const rungs: string[] = [];
      for (const quality of ['high', 'medium', 'low']) rungs.push((await server.get<StreamUrl>(`/api/tracks/${t.id}/stream?quality=${quality}`)).rung);
      out.set(t.title, [...new Set(rungs)].sort());
    }
    return out;
  };

  it('plans: bytes per rung, what keeping high for 30 days would free, the monthly cost', async () => {
    const first = await run(...args(), '--json');
    expect(first.status, first.stderr).toBe(0);
    const json = await run(...args(), '--plan', '--keep-high-days', '30', '--json');
    expect(json.status, json.stderr).toBe(0);
    const plan = JSON.parse(json.stdout) as {
      report: { rungs: Array<{ rung: string; objects: number; bytes: number }>; stored: { objects: number; bytes: number };
        policy: { tracksKeepingHigh: number; tracksDroppingHigh: number; objects: number; bytes: number }; month: { uploads: number; plays: number } };
      cost: { now: { total: number; storageGb: number }; withPolicy: { storageGb: number } };
    };
    expect(plan.report.rungs.map((r) => [r.rung, r.objects]).sort()).toEqual([['high', 4], ['low', 4], ['medium', 4]]);
    const high = plan.report.rungs.find((r) => r.rung === 'high');
    expect(plan.report.policy).toMatchObject({ tracksKeepingHigh: 2, tracksDroppingHigh: 2, objects: 2 });
    // Two of four high renditions of equal-length tracks: about half of the rung.
    expect(plan.report.policy.bytes).toBeGreaterThan((high?.bytes ?? 0) * 0.3);
    expect(plan.report.policy.bytes).toBeLessThan((high?.bytes ?? 0) * 0.7);
    expect(plan.report.month.plays).toBe(1);
    expect(plan.report.month.uploads).toBe(plan.report.stored.objects);
    expect(plan.cost.now.total).toBe(0);
    expect(plan.cost.now.storageGb - plan.cost.withPolicy.storageGb).toBeCloseTo(plan.report.policy.bytes / 1e9, 12);
    const text = await run(...args(), '--plan', '--keep-high-days', '30');
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^ {2}high +4 objects/m);
    expect(text.stdout).toMatch(/2 tracks keep high, 2 would drop it, freeing 2 objects/);
    expect(text.stdout).toMatch(/now +0\.00 GB stored: \$0\.00 storage \+ \$0\.00 class A \+ \$0\.00 class B = \$0\.00 a month/);
  }, 120_000);

  it('applies the policy: high only for the favorite and the played track; a play brings it back', async () => {
    const applied = await run(...args(), '--keep-high-days', '30', '--json');
    expect(applied.status, applied.stderr).toBe(0);
    const rungs = await rungsOf();
    expect(rungs.get('Kept Favorite')).toEqual(['high', 'low', 'medium']);
    expect(rungs.get('Kept Played')).toEqual(['high', 'low', 'medium']);
    expect(rungs.get('Dropped One')).toEqual(['low', 'medium']);
    expect(rungs.get('Dropped Two')).toEqual(['low', 'medium']);
    // Nothing left to free.
    const after = JSON.parse((await run(...args(), '--plan', '--keep-high-days', '30', '--json')).stdout) as { report: { policy: { objects: number } } };
    expect(after.report.policy.objects).toBe(0);
    // Played again: high is back on the next run.
    const catalog = openCatalog({ file: lib.dbFile });
    const id = catalog.db.prepare<[string], number>('SELECT id FROM tracks WHERE title = ?').pluck().get('Dropped One') ?? 0;
    createHistoryStore({ db: catalog.db }).record([{ clientEventId: 'played-2', trackId: id, startedAt: Date.now() - 60_000, msListened: 3000, source: 'library', completed: true }]);
    catalog.close();
    expect((await run(...args(), '--keep-high-days', '30', '--json')).status).toBe(0);
    expect((await rungsOf()).get('Dropped One')).toEqual(['high', 'low', 'medium']);
  }, 180_000);
});
