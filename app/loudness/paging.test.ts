// The loudness job's work list, paged from the catalog (real files, real SQLite): the pages walk
// the whole list in its order once, and a run measures every track once — tracks added behind or
// ahead of its place, and tracks measured by someone else meanwhile, included.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoudnessCursor, LoudnessWork } from '../catalog/loudness.ts';
import { writeTracks } from '../testing/audio.ts';
import { tempLibrary, type TempLibrary } from '../testing/temp.ts';
import { histogramOf } from '../model/loudnessBlocks.ts';
import { createLoudnessJob } from './job.ts';

const COPIES = 80;

/** The work list in one query, as the job read it before it was paged. */
const wholeList = (lib: TempLibrary): number[] => lib.catalog.db.prepare(`SELECT t.id FROM tracks t
  LEFT JOIN track_loudness l ON l.track_id = t.id AND l.fingerprint = t.fingerprint AND l.blocks IS NOT NULL
  LEFT JOIN loudness_failures f ON f.track_id = t.id AND f.fingerprint = t.fingerprint
  WHERE l.track_id IS NULL AND f.track_id IS NULL
    AND (t.rg_track_gain IS NULL OR t.album_id IN (SELECT album_id FROM tracks WHERE rg_track_gain IS NULL AND album_id IS NOT NULL))
  ORDER BY t.album_id, t.disc_no, t.track_no, t.id`).pluck().all() as number[];

describe('loudness work list, paged', () => {
  let lib: TempLibrary;
  beforeAll(async () => {
    lib = tempLibrary();
    const gain = { REPLAYGAIN_TRACK_GAIN: '-4.00 dB' };
    await writeTracks(lib.music, [
      { path: 'A/01.flac', format: 'flac', seconds: 1, tags: { album: 'A', artist: 'X', track: '1', disc: '1' } },
      { path: 'A/02.flac', format: 'flac', seconds: 1, tags: { album: 'A', artist: 'X', track: '2', disc: '1' } },
      { path: 'A/none.flac', format: 'flac', seconds: 1, tags: { album: 'A', artist: 'X' } },
      // A partly tagged album is measured whole; a wholly tagged one not at all.
      { path: 'B/01.flac', format: 'flac', seconds: 1, tags: { album: 'B', artist: 'X', track: '1', ...gain } },
      { path: 'B/02.flac', format: 'flac', seconds: 1, tags: { album: 'B', artist: 'X', track: '2' } },
      { path: 'T/01.flac', format: 'flac', seconds: 1, tags: { album: 'T', artist: 'X', track: '1', ...gain } },
      { path: 'S/solo.flac', format: 'flac', seconds: 1, tags: { album: 'S', artist: 'X', track: '3', disc: '2' } },
      { path: 'Z/01.flac', format: 'flac', seconds: 1, tags: { album: 'Z', artist: 'X', track: '1' } },
    ]);
    // Copies (same tags, same audio): many tracks on one album, disc and track number, told apart by id.
    for (const dir of ['A', 'B', 'S', 'Z']) {
      const first = fs.readdirSync(path.join(lib.music, dir))[0] as string;
      for (let i = 0; i < COPIES; i++) fs.linkSync(path.join(lib.music, dir, first), path.join(lib.music, dir, `copy ${i}.flac`));
    }
    await lib.scan();
    // Tracks without an album yet, as a scan killed before grouping leaves them: first in the order.
    lib.catalog.db.prepare("UPDATE tracks SET album_id = NULL WHERE path LIKE '%/S/%'").run();
  }, 120_000);
  afterAll(() => lib?.cleanup());

  it('pages walk the whole list in its order, each track once, whatever the page size', () => {
    const whole = wholeList(lib);
    expect(whole.length).toBe(3 + 2 + 1 + 1 + 4 * COPIES);
    for (const limit of [1, 7, 64, 1000]) {
      const seen: number[] = [];
      let after: LoudnessCursor | null = null;
      for (let page = lib.catalog.loudness.work({ after, limit }); page.length > 0; page = lib.catalog.loudness.work({ after, limit })) {
        expect(page.length).toBeLessThanOrEqual(limit);
        seen.push(...page.map((w) => w.trackId));
        after = page.at(-1) as LoudnessWork;
      }
      expect(seen).toEqual(whole);
    }
  });

  it('a run measures every track once: tracks added behind and ahead of it, and measured by another, included', async () => {
    const db = lib.catalog.db;
    const store = lib.catalog.loudness;
    const before = wholeList(lib);
    const fingerprintOf = (id: number): string => db.prepare('SELECT fingerprint FROM tracks WHERE id = ?').pluck().get(id) as string;
    const albumOf = (dir: string): number => db.prepare(`SELECT album_id FROM tracks WHERE path LIKE '%/${dir}/%' LIMIT 1`).pluck().get() as number;
    const idsIn = (dir: string): number[] => db.prepare(`SELECT id FROM tracks WHERE path LIKE '%/${dir}/%' ORDER BY id`).pluck().all() as number[];
    /** A new file in a folder, catalogued as a scan catalogues a copy of `source` (same album, audio and numbers). */
    const add = (dir: string, name: string): number => {
      const source = idsIn(dir)[0] as number;
      const file = path.join(lib.music, dir, name);
      fs.linkSync(path.join(lib.music, dir, fs.readdirSync(path.join(lib.music, dir))[0] as string), file);
      return Number(db.prepare(`INSERT INTO tracks (path, folder_id, size, mtime_ms, fingerprint, title, artist_display, album_id, disc_no, track_no,
          duration_ms, added_at, updated_at)
        SELECT ?, folder_id, size, mtime_ms, fingerprint, title, artist_display, album_id, disc_no, track_no, duration_ms, added_at, updated_at
        FROM tracks WHERE id = ?`).run(file, source).lastInsertRowid);
    };
    const stored = new Map<number, number>();
    const put = store.put.bind(store);
    store.put = (trackId, fingerprint, loudness, now) => {
      put(trackId, fingerprint, loudness, now);
      stored.set(trackId, (stored.get(trackId) ?? 0) + 1);
    };
    const added: number[] = [];
    const byOther: number[] = [];
    const work = store.work.bind(store);
    let pages = 0;
    store.work = (page) => {
      // The job asks for its second page (its first, 256 tracks, is S without an album, A, B and
      // the start of Z): album A is behind it now, the end of Z ahead of it.
      if (++pages === 2) {
        // Another measures the last copies of Z first (a second Tonearm on the same catalog).
        for (const id of idsIn('Z').slice(-20)) {
          put(id, fingerprintOf(id), { integratedLufs: -20, truePeakDb: -1, rangeLu: 3, blocks: histogramOf([-20, -21]) });
          byOther.push(id);
        }
        added.push(add('A', 'late.flac'), add('Z', 'late.flac'));
      }
      return work(page);
    };
    const job = createLoudnessJob({ catalog: lib.catalog, concurrency: 2 });
    job.start();
    await job.idle();
    await job.close();
    store.put = put;
    store.work = work;
    expect(added).toHaveLength(2);
    expect(pages).toBeGreaterThan(2); // a second pass, for the track added behind the first
    expect(albumOf('A')).toBeLessThan(albumOf('Z'));
    // Nothing left, nothing measured twice, nothing the other had measured measured again.
    expect(wholeList(lib)).toEqual([]);
    expect([...stored.keys()].sort((x, y) => x - y)).toEqual([...before, ...added].filter((id) => !byOther.includes(id)).sort((x, y) => x - y));
    expect([...stored].filter(([, n]) => n !== 1)).toEqual([]);
    expect(job.status()).toMatchObject({ wanted: before.length + 2, measured: before.length + 2, failed: 0 });
  }, 120_000);
});
