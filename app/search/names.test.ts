// Names people type: stop-word and punctuation names, plain-letter spellings, CJK substrings,
// letters NFKD leaves alone, digit grouping; exact and whole-word matches first; paging per group.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog, type Catalog, type TrackInput } from '../catalog/index.ts';
import { createQueries, type Queries } from '../catalog/queries/index.ts';
import { tempDir } from '../testing/temp.ts';
import { openSearchIndex, type SearchIndex } from './index.ts';
import { searchCatalog } from './results.ts';

let n = 0;
function track(title: string, artist: string, album: string): TrackInput {
  const p = `/m/${++n}.flac`;
  return {
    path: p, folderPath: '/m', size: 1000, mtimeMs: 1, fingerprint: `fp${n}`, container: 'FLAC', codec: 'FLAC', lossless: true,
    bitrate: 900000, sampleRate: 44100, bitDepth: 16, channels: 2, durationMs: 180000, durationEstimated: false, title, trackNo: 1,
    trackTotal: null, discNo: 1, discTotal: null, year: 2000, date: null, rgTrackGain: null, rgTrackPeak: null, rgAlbumGain: null,
    rgAlbumPeak: null, mbTrackId: null, mbRecordingId: null, mbAlbumId: null, mbArtistId: null, mbAlbumArtistId: null, album,
    albumArtist: null, compilation: false, artistDisplay: artist, artists: [artist], albumArtists: [], composers: [], genres: [], coverHash: null,
  };
}

describe('search: names people type', () => {
  let dir: string;
  let catalog: Catalog;
  let queries: Queries;
  let index: SearchIndex;
  const artists = (q: string) => searchCatalog({ index, queries, query: q, limit: 10 }).artists.map((a) => a.name);
  const titles = (q: string, limit = 10) => searchCatalog({ index, queries, query: q, limit }).tracks.map((t) => t.title);

  beforeAll(() => {
    dir = tempDir();
    catalog = openCatalog({ file: path.join(dir, 'library.db') });
    queries = createQueries(catalog);
    catalog.entities.rootId('/m');
    const list: TrackInput[] = [
      track('This Is the Day', 'The The', 'Soul Mining'),
      track('Baba O\'Riley', 'The Who', 'Who\'s Next'),
      track('Must Be the Moon', '!!!', 'Myth Takes'),
      track('So What', 'P!nk', 'Funhouse'),
      track('Highway to Hell', 'AC/DC', 'Highway to Hell'),
      track('I Gotta Feeling', 'will.i.am', 'The E.N.D.'),
      track('Merry Christmas Mr. Lawrence', '坂本龍一', '戦場のメリークリスマス'),
      track('Where You Go I Go Too', 'Lindstrøm', 'Where You Go I Go Too'),
      track('Ægir', 'Æther Æsir', 'Straße der Þór'),
      track('Łódź Nights', 'Đorđe Balašević', 'Kraków'),
      track('Because the Night', '10,000 Maniacs', 'MTV Unplugged'),
      track('Symphony No. 9 in D minor, Op. 125: IV. Presto', 'Ludwig van Beethoven', 'Symphony No. 9'),
    ];
    // "love": 30 tracks by an artist named Love Andersson (two fields match), and 3 songs titled Love.
    for (let i = 0; i < 30; i++) list.push(track(`Tune ${i}`, 'Love Andersson', `Love Andersson Vol. ${i}`));
    for (const who of ['Lana Del Rey', 'Kendrick Lamar', 'John Lennon']) list.push(track('Love', who, `${who} Hits`));
    list.push(track('Lovely Day', 'Bill Withers', 'Menagerie'));
    const touched = catalog.tracks.write(list.map((input) => ({ input })));
    catalog.albums.regroup(touched);
    index = openSearchIndex({ documents: queries.searchDocuments });
  });
  afterAll(() => {
    catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['the the', 'The The'], ['The The', 'The The'], ['thethe', 'The The'],
    ['the who', 'The Who'], ['thewho', 'The Who'],
    ['!!!', '!!!'],
    ['p!nk', 'P!nk'], ['pink', 'P!nk'], ['P!nk', 'P!nk'],
    ['ac/dc', 'AC/DC'], ['acdc', 'AC/DC'], ['AC DC', 'AC/DC'],
    ['will.i.am', 'will.i.am'], ['william', 'will.i.am'],
  ])('finds %s → %s (own spelling and plain letters)', (q, name) => {
    expect(artists(q)).toContain(name);
  });

  it.each(['坂本', '龍一', '本龍', '坂本龍一', '坂本龍'])('finds CJK names by any substring of two or more characters: %s', (q) => {
    expect(artists(q)).toEqual(['坂本龍一']);
  });

  it.each([
    ['lindstrom', 'Lindstrøm'], ['aether aesir', 'Æther Æsir'], ['dorde balasevic', 'Đorđe Balašević'],
    ['10000 maniacs', '10,000 Maniacs'], ['10,000 maniacs', '10,000 Maniacs'], ['10000', '10,000 Maniacs'],
  ])('transliterates and joins digit groups: %s → %s', (q, name) => {
    expect(artists(q)).toContain(name);
  });

  it('transliterates in titles and albums too (ß→ss, þ→th, ł→l, æ→ae)', () => {
    expect(titles('lodz')).toEqual(['Łódź Nights']);
    expect(titles('aegir')).toEqual(['Ægir']);
    expect(searchCatalog({ index, queries, query: 'strasse der thor', limit: 5 }).albums.map((a) => a.title)).toEqual(['Straße der Þór']);
  });

  it('finds classical works by number and opus', () => {
    expect(titles('symphony 9 op 125')).toEqual(['Symphony No. 9 in D minor, Op. 125: IV. Presto']);
    expect(titles('beethoven presto')).toEqual(['Symphony No. 9 in D minor, Op. 125: IV. Presto']);
  });

  it('puts the songs titled exactly like the query first', () => {
    expect(titles('love', 3).sort()).toEqual(['Love', 'Love', 'Love']);
    expect(titles('love', 5).slice(3)).not.toContain('Lovely Day');
  });

  it('pages through every match of one group, with totals', () => {
    const first = searchCatalog({ index, queries, query: 'love', limit: 10 });
    expect(first.totals.tracks).toBe(34);
    const seen = new Set<number>();
    for (let offset = 0; offset < first.totals.tracks; offset += 10) {
      const page = searchCatalog({ index, queries, query: 'love', limit: 10, offset, group: 'tracks' });
      expect(page.albums).toEqual([]);
      for (const t of page.tracks) seen.add(t.id);
    }
    expect(seen.size).toBe(34);
  });
});
