import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalog, type Catalog, type TrackInput } from '../catalog/index.ts';
import { createQueries, type Queries } from '../catalog/queries/index.ts';
import { tempDir } from '../testing/temp.ts';
import { indexFileFor, openSearchIndex, type SearchIndex } from './index.ts';
import { searchCatalog } from './results.ts';

function input(p: string, tags: { title: string; artist: string; album: string; albumArtist?: string; genre?: string }): TrackInput {
  return {
    path: p, folderPath: path.dirname(p), size: 1000, mtimeMs: 1, fingerprint: `fp:${p}`, container: 'FLAC', codec: 'FLAC',
    lossless: true, bitrate: 900000, sampleRate: 44100, bitDepth: 16, channels: 2, durationMs: 180000, durationEstimated: false,
    title: tags.title, trackNo: 1, trackTotal: null, discNo: 1, discTotal: null, year: 1969, date: null, rgTrackGain: null,
    rgTrackPeak: null, rgAlbumGain: null, rgAlbumPeak: null, mbTrackId: null, mbRecordingId: null, mbAlbumId: null,
    mbArtistId: null, mbAlbumArtistId: null, album: tags.album, albumArtist: tags.albumArtist ?? null, compilation: false,
    artistDisplay: tags.artist, artists: [tags.artist], albumArtists: tags.albumArtist ? [tags.albumArtist] : [], composers: [],
    genres: tags.genre ? [tags.genre] : [], coverHash: null,
  };
}

function add(catalog: Catalog, tracks: TrackInput[]): number[] {
  catalog.entities.rootId('/m');
  const touched = catalog.tracks.write(tracks.map((t) => ({ input: t })));
  catalog.albums.regroup(touched);
  const ids = catalog.db.prepare<[string], { id: number }>('SELECT id FROM tracks WHERE path = ?');
  return tracks.map((t) => ids.get(t.path)?.id ?? 0);
}

function remove(catalog: Catalog, paths: string[]): void {
  catalog.albums.regroup(catalog.tracks.remove(paths));
  catalog.albums.prune();
}

describe('search index', () => {
  let dir: string;
  let catalog: Catalog;
  let queries: Queries;
  let index: SearchIndex;
  const find = (q: string) => searchCatalog({ index, queries, query: q, limit: 20 });

  beforeEach(() => {
    dir = tempDir();
    catalog = openCatalog({ file: path.join(dir, 'library.db') });
    queries = createQueries(catalog);
    add(catalog, [
      input('/m/beatles/abbey/01.flac', { title: 'Come Together', artist: 'The Beatles', album: 'Abbey Road', genre: 'Rock' }),
      input('/m/beatles/abbey/02.flac', { title: 'Something', artist: 'The Beatles', album: 'Abbey Road', genre: 'Rock' }),
      input('/m/beatles/help/01.flac', { title: 'Yesterday', artist: 'The Beatles', album: 'Help!', genre: 'Pop' }),
      input('/m/cafe/01.flac', { title: 'Café del Mar', artist: 'Energy 52', album: 'Café del Mar Volumen Uno', genre: 'Électronique' }),
      input('/m/sigur/01.flac', { title: 'Svefn-g-englar', artist: 'Sigur Rós', album: 'Ágætis byrjun', genre: 'Post-Rock' }),
      input('/m/bowie/01.flac', { title: 'Heroes', artist: 'David Bowie', album: '"Heroes"', genre: 'Rock' }),
    ]);
    index = openSearchIndex({ documents: queries.searchDocuments, file: indexFileFor(path.join(dir, 'library.db')) });
  });
  afterEach(() => {
    catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('tolerates typos', () => {
    const r = find('beatlse');
    expect(r.artists.map((a) => a.name)).toContain('The Beatles');
    expect(r.tracks.map((t) => t.title).sort()).toEqual(['Come Together', 'Something', 'Yesterday']);
    expect(find('yesterdya').tracks.map((t) => t.title)).toEqual(['Yesterday']);
  });

  it('matches prefixes of the word being typed, all words required', () => {
    expect(find('abb').albums.map((a) => a.title)).toEqual(['Abbey Road']);
    expect(find('beatles some').tracks.map((t) => t.title)).toEqual(['Something']);
    expect(find('beatles heroes').tracks).toEqual([]);
  });

  it('ignores case and diacritics both ways', () => {
    expect(find('cafe').tracks.map((t) => t.title)).toEqual(['Café del Mar']);
    expect(find('CAFÉ DEL').albums.map((a) => a.title)).toEqual(['Café del Mar Volumen Uno']);
    expect(find('sigur ros').artists.map((a) => a.name)).toEqual(['Sigur Rós']);
    // æ is a letter of its own (no NFKD decomposition); typo tolerance still bridges a+e.
    expect(find('agaetis').albums.map((a) => a.title)).toEqual(['Ágætis byrjun']);
    expect(find('ágætis').albums.map((a) => a.title)).toEqual(['Ágætis byrjun']);
    expect(find('electronique').tracks.map((t) => t.artist)).toEqual(['Energy 52']);
  });

  it('groups results into tracks, albums and artists with contract shapes and timing', () => {
    const r = find('heroes');
    expect(r.tracks[0]).toMatchObject({ title: 'Heroes', artist: 'David Bowie', album: '"Heroes"', genres: ['Rock'] });
    expect(r.tracks[0]?.artists).toEqual([{ id: expect.any(Number), name: 'David Bowie' }]);
    expect(r.albums.map((a) => a.title)).toEqual(['"Heroes"']);
    expect(r.artists).toEqual([]);
    expect(r.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(find('   ')).toMatchObject({ tracks: [], albums: [], artists: [] });
  });

  it('ranks title matches above genre matches and respects the limit', () => {
    const r = searchCatalog({ index, queries, query: 'rock', limit: 2 });
    expect(r.tracks).toHaveLength(2);
  });

  it('updates incrementally after tracks are added and removed', () => {
    expect(find('radiohead').tracks).toEqual([]);
    const [id] = add(catalog, [input('/m/radiohead/01.flac', { title: 'Airbag', artist: 'Radiohead', album: 'OK Computer' })]);
    index.update({ changedTrackIds: [id ?? 0], removedTrackIds: [] });
    expect(find('radiohed').tracks.map((t) => t.title)).toEqual(['Airbag']);
    expect(find('ok comp').albums.map((a) => a.title)).toEqual(['OK Computer']);
    expect(find('radiohead').artists.map((a) => a.name)).toEqual(['Radiohead']);

    remove(catalog, ['/m/radiohead/01.flac']);
    index.update({ changedTrackIds: [], removedTrackIds: [id ?? 0] });
    expect(find('radiohead')).toMatchObject({ tracks: [], albums: [], artists: [] });
    expect(find('ok computer').albums).toEqual([]);
  });

  it('re-indexes a changed track', () => {
    const [id] = add(catalog, [input('/m/beatles/abbey/01.flac', { title: 'Come Together (Remastered)', artist: 'The Beatles', album: 'Abbey Road' })]);
    index.update({ changedTrackIds: [id ?? 0], removedTrackIds: [] });
    expect(find('remastered').tracks.map((t) => t.id)).toEqual([id]);

    // A change that brings no new word (and drops none) keeps the dictionary: typos and prefixes still work.
    const [again] = add(catalog, [input('/m/beatles/abbey/01.flac', { title: 'Remastered, Come Together', artist: 'The Beatles', album: 'Abbey Road' })]);
    index.update({ changedTrackIds: [again ?? 0], removedTrackIds: [] });
    expect(find('remastred').tracks.map((t) => t.title)).toEqual(['Remastered, Come Together']);
    expect(find('remas').tracks.map((t) => t.title)).toEqual(['Remastered, Come Together']);
    expect(find('something').tracks.map((t) => t.title)).toEqual(['Something']);
  });

  it('reloads the persisted index while the catalog is unchanged, rebuilds when it changed', () => {
    const file = indexFileFor(path.join(dir, 'library.db'));
    expect(index.origin).toBe('built');
    expect(fs.existsSync(file)).toBe(true);
    const again = openSearchIndex({ documents: queries.searchDocuments, file });
    expect(again.origin).toBe('loaded');
    expect(again.search('beatlse', 10)).toEqual(index.search('beatlse', 10));
    expect(again.search('cafe', 10).tracks).toHaveLength(1);

    add(catalog, [input('/m/new/01.flac', { title: 'New Song', artist: 'Newcomer', album: 'Debut' })]);
    const stale = openSearchIndex({ documents: queries.searchDocuments, file });
    expect(stale.origin).toBe('built');
    expect(stale.search('newcomer', 10).tracks).toHaveLength(1);

    fs.writeFileSync(file, '{ not json');
    expect(openSearchIndex({ documents: queries.searchDocuments, file }).origin).toBe('built');

    // A damaged file of the right kind (truncated arrays) is rebuilt too.
    const whole = fs.readFileSync(file);
    fs.writeFileSync(file, whole.subarray(0, whole.length - 16));
    expect(openSearchIndex({ documents: queries.searchDocuments, file }).origin).toBe('built');

    // The JSON index earlier versions kept beside the catalog goes when an index is written.
    const legacy = path.join(dir, 'library.db.search.json');
    fs.writeFileSync(legacy, '{}');
    fs.rmSync(file);
    openSearchIndex({ documents: queries.searchDocuments, file });
    expect(fs.existsSync(legacy)).toBe(false);
  });

  it('passes the play-count boost hook to ranking', () => {
    const somethingId = find('something').tracks[0]?.id ?? 0;
    const boosted = openSearchIndex({ documents: queries.searchDocuments, boost: (id) => (id === somethingId ? 100 : 1) });
    expect(boosted.search('beatles', 10).tracks[0]).toBe(somethingId);
  });
});
