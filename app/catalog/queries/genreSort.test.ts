// Songs sorted by genre come from an index (migration 0014): a track's key is the smallest folded
// name of its genres, written with the track, kept when its genres change, and SQLite walks
// tracks_genre_key instead of sorting the library.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openCatalog, type TrackInput } from '../index.ts';
import { tempDir } from '../../testing/temp.ts';
import { refreshGenreKeys } from '../migrations/0014-genre-sort.ts';
import { createTrackQueries } from './tracks.ts';
import { createGenreQueries } from './genres.ts';

const dir = tempDir('tonearm-genre-sort-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function input(title: string, genres: string[]): TrackInput {
  const p = `/m/a/${title}.flac`;
  return {
    path: p, folderPath: path.dirname(p), size: 1000, mtimeMs: 1, fingerprint: `fp:${p}`, container: 'FLAC', codec: 'FLAC',
    lossless: true, bitrate: 900000, sampleRate: 44100, bitDepth: 16, channels: 2, durationMs: 180000, durationEstimated: false,
    title, trackNo: 1, trackTotal: null, discNo: 1, discTotal: null, year: 2000, date: null, rgTrackGain: null,
    rgTrackPeak: null, rgAlbumGain: null, rgAlbumPeak: null, mbTrackId: null, mbRecordingId: null, mbAlbumId: null,
    mbArtistId: null, mbAlbumArtistId: null, album: 'A', albumArtist: null, compilation: false,
    artistDisplay: 'X', artists: ['X'], albumArtists: [], composers: [], genres, coverHash: null,
  };
}

it('sorts songs by their first genre in folded order, from an index, follows genre changes; the genre list counts tracks and albums', () => {
  const catalog = openCatalog({ file: path.join(dir, 'library.db') });
  try {
    catalog.entities.rootId('/m');
    catalog.tracks.write([
      input('t1', ['Rock']), input('t2', ['électronique', 'Soul']), input('t3', []), input('t4', ['Jazz', 'Ambient']), input('t5', ['BLUES']),
    ].map((i) => ({ input: i })));
    const tracks = createTrackQueries(catalog.db);
    const titles = (order: 'asc' | 'desc') => tracks.page({ offset: 0, limit: 10, sort: 'genre', order }).items.map((t) => t.title);
    // No genre first (as SQLite sorts NULL), then ambient, blues, electronique, rock.
    expect(titles('asc')).toEqual(['t3', 't4', 't5', 't2', 't1']);
    expect(titles('desc')).toEqual(['t1', 't2', 't5', 't4', 't3']);

    // A rescan that changes a track's genres moves it.
    catalog.tracks.write([{ input: input('t1', ['Acid Jazz']) }]);
    expect(titles('asc')).toEqual(['t3', 't1', 't4', 't5', 't2']);

    // What the writer keeps is what the migration's backfill computes.
    const keys = () => catalog.db.prepare('SELECT id, genre_key FROM tracks ORDER BY id').all();
    const written = keys();
    catalog.db.exec(refreshGenreKeys);
    expect(keys()).toEqual(written);

    // The genre list counts tracks and their albums per genre (a track without an album counts once, its album not).
    catalog.tracks.write([{ input: { ...input('t6', ['Jazz']), path: '/m/b/t6.flac', folderPath: '/m/b', album: 'B' } }]);
    catalog.albums.regroupDirty();
    catalog.db.prepare('UPDATE tracks SET album_id = NULL WHERE title = ?').run('t5');
    const counts = createGenreQueries(catalog.db).all().map((g) => [g.name, g.trackCount, g.albumCount]);
    expect(counts).toEqual([['Acid Jazz', 1, 1], ['Ambient', 1, 1], ['BLUES', 1, 0], ['électronique', 1, 1], ['Jazz', 2, 2], ['Soul', 1, 1]]);

    const plan = catalog.db.prepare(`EXPLAIN QUERY PLAN SELECT t.id FROM tracks t ORDER BY t.genre_key ASC, t.id ASC LIMIT 100 OFFSET 50`).all()
      .map((r) => (r as { detail: string }).detail).join('; ');
    expect(plan).toContain('tracks_genre_key');
    expect(plan).not.toContain('TEMP B-TREE');
  } finally {
    catalog.close();
  }
});
