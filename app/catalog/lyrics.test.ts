// The lyrics store's digests (migration 0013): computed on demand, the same for the same lyrics,
// dropped whenever a track's lyrics change (a sidecar read, dropped, or embedded lyrics rewritten),
// gone with the track; a database without the table (the sync server's mirror) keeps none.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Lyrics } from '../contract/index.ts';
import { tempDir } from '../testing/temp.ts';
import { openCatalog } from './index.ts';
import type { TrackInput } from './model.ts';

const dir = tempDir('tonearm-lyrics-digests-');
const catalog = openCatalog({ file: path.join(dir, 'c.db') });
afterAll(() => catalog.close());

const input = (n: number, lyrics?: Lyrics[]): TrackInput => ({
  path: `/m/A/${n}.mp3`, folderPath: '/m/A', size: 1, mtimeMs: 1, fingerprint: `${n}`.padStart(32, '0'), container: 'MPEG', codec: 'MP3',
  lossless: false, bitrate: 1, sampleRate: 44100, bitDepth: null, channels: 2, durationMs: 1000, durationEstimated: false, title: `T${n}`,
  trackNo: n, trackTotal: null, discNo: null, discTotal: null, year: null, date: null, rgTrackGain: null, rgTrackPeak: null, rgAlbumGain: null,
  rgAlbumPeak: null, mbTrackId: null, mbRecordingId: null, mbAlbumId: null, mbArtistId: null, mbAlbumArtistId: null, album: 'A', albumArtist: null,
  compilation: false, artistDisplay: 'X', artists: ['X'], albumArtists: [], composers: [], genres: [], coverHash: null, ...(lyrics ? { lyrics } : {}),
});
const verse = (text: string): Lyrics => ({ synced: false, lang: null, offsetMs: 0, source: 'embedded', lines: [{ startMs: null, text }] });

describe('lyrics digests', () => {
  it('are computed on demand, stable, and dropped whenever a track’s lyrics change', () => {
    catalog.tracks.write([{ input: input(1, [verse('one')]) }, { input: input(2) }, { input: input(3, [verse('one')]) }], 1);
    const id = (n: number) => catalog.db.prepare<[string], number>('SELECT id FROM tracks WHERE title = ?').pluck().get(`T${n}`) as number;
    const [a, b, c] = [id(1), id(2), id(3)];
    const first = catalog.lyrics.digests([a, b, c]);
    expect([...first.keys()].sort()).toEqual([a, c].sort());
    expect(first.get(a)?.digest).toMatch(/^[0-9a-f]{32}$/);
    expect(first.get(a)).toEqual(first.get(c));
    const stored = () => catalog.db.prepare('SELECT track_id FROM sync_lyrics_digests ORDER BY track_id').pluck().all();
    expect(stored()).toEqual([a, c].sort((x, y) => x - y));

    // A sidecar read: the digest goes, and the next one differs.
    catalog.lyrics.setSidecar({ trackId: a, path: '/m/A/1.lrc', size: 3, mtimeMs: 2, error: null }, { ...verse('side'), source: 'sidecar' });
    expect(stored()).toEqual([c]);
    const second = catalog.lyrics.digests([a]).get(a);
    expect(second?.digest).not.toBe(first.get(a)?.digest);
    // Embedded lyrics rewritten by a scan.
    catalog.tracks.write([{ input: input(1, [verse('two')]) }], 3);
    expect(stored()).toEqual([c]);
    expect(catalog.lyrics.digests([a]).get(a)?.digest).not.toBe(second?.digest);
    // The sidecar gone; then the track gone.
    catalog.lyrics.dropSidecar(a);
    expect(stored()).toEqual([c]);
    catalog.tracks.remove(['/m/A/3.mp3']);
    expect(stored()).toEqual([]);
  });

  it('a database without the table (the mirror of the sync server) keeps none, and its lyrics writes still work', async () => {
    const other = openCatalog({ file: path.join(dir, 'other.db') });
    try {
      other.db.exec('DROP TABLE sync_lyrics_digests');
      const store = (await import('./lyrics.ts')).createLyricsStore(other.db);
      other.tracks.write([{ input: input(1) }], 1);
      const id = other.db.prepare<[], number>('SELECT id FROM tracks').pluck().get() as number;
      store.replace(id, 'embedded', [verse('x')]);
      expect(store.get(id)).toEqual([verse('x')]);
      expect(() => store.digests([id])).toThrow(/keeps no lyrics digests/);
    } finally {
      other.close();
    }
  });
});
