import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { retag, writeImage, writeTracks, type AudioFormat, type ToneSpec } from '../testing/audio.ts';
import { scannedLibrary, tempLibrary, type TempLibrary } from '../testing/temp.ts';
import { coverFile } from '../covers/files.ts';

const formats: AudioFormat[] = ['mp3', 'flac', 'ogg', 'opus', 'm4a', 'alac', 'wav', 'aiff', 'wma'];
const ext: Record<AudioFormat, string> = { mp3: 'mp3', flac: 'flac', ogg: 'ogg', opus: 'opus', m4a: 'm4a', alac: 'm4a', wav: 'wav', aiff: 'aiff', wma: 'wma' };
const lossless = new Set<AudioFormat>(['flac', 'alac', 'wav', 'aiff']);

interface Row {
  id: number; title: string; artist_display: string; track_no: number | null; track_total: number | null;
  disc_no: number | null; year: number | null; duration_ms: number; lossless: number; codec: string | null;
  container: string | null; album: string; album_artist: string; genres: string | null; artists: string | null;
  cover_id: number | null; fingerprint: string; path: string; is_compilation: number; duration_estimated: number;
  rg_track_gain: number | null; mb_album_id: string | null; composers: string | null;
}

function rows(lib: TempLibrary): Map<string, Row> {
  const list = lib.catalog.db.prepare(`SELECT t.*, al.title AS album, ar.name AS album_artist, al.is_compilation,
      (SELECT group_concat(g.name, '|') FROM track_genres tg JOIN genres g ON g.id = tg.genre_id WHERE tg.track_id = t.id) AS genres,
      (SELECT group_concat(a.name, '|') FROM (SELECT * FROM track_artists WHERE track_id = t.id AND role = 'artist' ORDER BY position) ta JOIN artists a ON a.id = ta.artist_id) AS artists,
      (SELECT group_concat(a.name, '|') FROM track_artists ta JOIN artists a ON a.id = ta.artist_id WHERE ta.track_id = t.id AND ta.role = 'composer') AS composers
    FROM tracks t JOIN albums al ON al.id = t.album_id JOIN artists ar ON ar.id = al.album_artist_id`).all() as Row[];
  return new Map(list.map((r) => [path.relative(lib.music, r.path), r]));
}

describe('scan: tags, grouping and art on real files', () => {
  let lib: TempLibrary;
  let byPath: Map<string, Row>;
  const specs: ToneSpec[] = [
    ...formats.map((format, i): ToneSpec => ({
      path: `Formats/${format}.${ext[format]}`, format, seconds: 2,
      // RIFF INFO (wav) carries only title, artist, album, genre and date.
      tags: format === 'wav'
        ? { title: `Song in ${format}`, artist: 'Format Tester', album: 'Every Format', date: '2021', genre: 'Test Genre' }
        : {
          title: `Song in ${format}`, artist: 'Format Tester', album: 'Every Format', album_artist: 'Format Tester',
          track: `${i + 1}/${formats.length}`, disc: '1/1', date: '2021', genre: 'Test Genre', composer: 'Comp Oser',
        },
    })),
    { path: 'Multi/split.mp3', format: 'mp3', tags: { title: 'Split', artist: 'Alice feat. Bob', album: 'Multi' } },
    { path: 'Multi/exception.mp3', format: 'mp3', tags: { title: 'Exception', artist: 'Simon & Garfunkel', album: 'Multi' } },
    { path: 'Multi/real.flac', format: 'flac', tags: { title: 'Real', artist: 'Carol & Dave', album: 'Multi' }, multiTags: { ARTISTS: ['Carol & Dave', 'Eve'] } },
    { path: 'Comp/1.mp3', format: 'mp3', tags: { title: 'C1', artist: 'One', album: 'Hits', compilation: '1' } },
    { path: 'Comp/2.mp3', format: 'mp3', tags: { title: 'C2', artist: 'Two', album: 'Hits', compilation: '1' } },
    { path: 'Mixtape/1.ogg', format: 'ogg', tags: { title: 'M1', artist: 'Ann', album: 'Mixtape' } },
    { path: 'Mixtape/2.ogg', format: 'ogg', tags: { title: 'M2', artist: 'Ben', album: 'Mixtape' } },
    { path: 'Mixtape/3.ogg', format: 'ogg', tags: { title: 'M3', artist: 'Cid', album: 'Mixtape' } },
    { path: 'Loose Folder/untagged track.flac', format: 'flac' },
    { path: 'Embedded/1.mp3', format: 'mp3', cover: 'red', tags: { title: 'E1', artist: 'Art', album: 'Embedded' } },
    { path: 'Embedded/2.flac', format: 'flac', cover: 'red', tags: { title: 'E2', artist: 'Art', album: 'Embedded' } },
    { path: 'FolderWins/1.mp3', format: 'mp3', cover: 'red', tags: { title: 'F1', artist: 'Art', album: 'Folder Wins' } },
    { path: 'Vbr/noxing.mp3', format: 'mp3', seconds: 6, noXing: true, tags: { title: 'No Xing', artist: 'V', album: 'V' } },
    { path: 'Gain/rg.flac', format: 'flac', tags: { title: 'RG', artist: 'G', album: 'G', REPLAYGAIN_TRACK_GAIN: '-6.50 dB', MUSICBRAINZ_ALBUMID: '9e2f3b4c-1111-2222-3333-444455556666' } },
  ];

  beforeAll(async () => {
    lib = tempLibrary();
    await writeTracks(lib.music, specs);
    await writeImage(path.join(lib.music, 'FolderWins', 'cover.jpg'), { color: 'blue', size: 400 });
    const result = await lib.scan();
    expect(lib.catalog.scanErrors.list()).toEqual([]);
    expect(result.errors).toBe(0);
    expect(result.added).toBe(specs.length);
    byPath = rows(lib);
  }, 120_000);
  afterAll(() => lib?.cleanup());

  it.each(formats)('round-trips tags and technical info for %s', (format) => {
    const r = byPath.get(`Formats/${format}.${ext[format]}`);
    expect(r).toBeDefined();
    if (!r) return;
    expect(r.title).toBe(`Song in ${format}`);
    expect(r.artists).toBe('Format Tester');
    expect(r.album).toBe('Every Format');
    expect(r.album_artist).toBe('Format Tester');
    if (format !== 'wav') {
      expect(r.track_no).toBe(formats.indexOf(format) + 1);
      expect(r.track_total).toBe(formats.length);
      expect(r.composers).toBe('Comp Oser');
    }
    expect(r.year).toBe(2021);
    expect(r.genres).toBe('Test Genre');
    expect(r.duration_ms).toBeGreaterThan(1800);
    expect(r.duration_ms).toBeLessThan(2300);
    expect(r.lossless).toBe(lossless.has(format) ? 1 : 0);
    expect(r.codec).toBeTruthy();
    expect(r.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('puts every format on one album', () => {
    const ids = new Set(formats.map((f) => byPath.get(`Formats/${f}.${ext[f]}`)?.album));
    expect(ids).toEqual(new Set(['Every Format']));
    const count = lib.catalog.db.prepare("SELECT track_count FROM albums WHERE title = 'Every Format'").get() as { track_count: number };
    expect(count.track_count).toBe(formats.length);
  });

  it('splits artist credits, keeps exceptions whole, honours real multi-value tags', () => {
    expect(byPath.get('Multi/split.mp3')?.artists).toBe('Alice|Bob');
    expect(byPath.get('Multi/exception.mp3')?.artists).toBe('Simon & Garfunkel');
    expect(byPath.get('Multi/real.flac')?.artists).toBe('Carol & Dave|Eve');
  });

  it('groups flagged and inferred compilations under Various Artists', () => {
    for (const p of ['Comp/1.mp3', 'Comp/2.mp3', 'Mixtape/1.ogg', 'Mixtape/2.ogg', 'Mixtape/3.ogg']) {
      expect(byPath.get(p)?.album_artist, p).toBe('Various Artists');
      expect(byPath.get(p)?.is_compilation, p).toBe(1);
    }
    expect(byPath.get('Comp/1.mp3')?.artists).toBe('One');
  });

  it('names untagged files from the file and folder', () => {
    const r = byPath.get('Loose Folder/untagged track.flac');
    expect(r?.title).toBe('untagged track');
    expect(r?.album).toBe('Loose Folder');
    expect(r?.album_artist).toBe('Unknown Artist');
  });

  it('extracts embedded art once, and lets a folder image win', () => {
    const e1 = byPath.get('Embedded/1.mp3');
    const e2 = byPath.get('Embedded/2.flac');
    const f1 = byPath.get('FolderWins/1.mp3');
    expect(e1?.cover_id).toBeTruthy();
    expect(e1?.cover_id).toBe(e2?.cover_id);
    const cover = (id: number | null | undefined) => lib.catalog.db.prepare('SELECT hash, source, width, mime FROM covers WHERE id = ?').get(id) as { hash: string; source: string; width: number; mime: string };
    expect(cover(e1?.cover_id).source).toBe('embedded');
    const folder = cover(f1?.cover_id);
    expect(folder.source).toBe('folder');
    expect(folder.width).toBe(400);
    expect(fs.existsSync(coverFile(lib.coverDir, folder.hash, 'full', folder.mime))).toBe(true);
    // Thumbnails are made on first request (app/server/covers.ts), not by the scan.
    expect(fs.existsSync(coverFile(lib.coverDir, folder.hash, 'thumb'))).toBe(false);
    const album = lib.catalog.db.prepare("SELECT cover_id FROM albums WHERE title = 'Folder Wins'").get() as { cover_id: number };
    expect(album.cover_id).toBe(f1?.cover_id);
  });

  it('gives a VBR mp3 without a Xing header a duration', () => {
    const r = byPath.get('Vbr/noxing.mp3');
    expect(r?.duration_ms).toBeGreaterThan(5000);
    expect(r?.duration_ms).toBeLessThan(7000);
  });

  it('reads ReplayGain and MusicBrainz ids', () => {
    const r = byPath.get('Gain/rg.flac');
    expect(r?.rg_track_gain).toBeCloseTo(-6.5, 1);
    expect(r?.mb_album_id).toBe('9e2f3b4c-1111-2222-3333-444455556666');
  });
});

describe('scan: incremental', () => {
  const library = scannedLibrary([
    { path: 'A/Album/1.mp3', format: 'mp3', frequency: 300, tags: { title: 'One', artist: 'A', album: 'Album' } },
    { path: 'A/Album/2.flac', format: 'flac', frequency: 350, tags: { title: 'Two', artist: 'A', album: 'Album' } },
    { path: 'A/Album/3.ogg', format: 'ogg', frequency: 400, tags: { title: 'Three', artist: 'A', album: 'Album' } },
    { path: 'A/Album/4.m4a', format: 'm4a', frequency: 450, tags: { title: 'Four', artist: 'A', album: 'Album' } },
    { path: 'B/5.opus', format: 'opus', frequency: 500, tags: { title: 'Five', artist: 'B', album: 'Bee' } },
  ]);
  let lib: TempLibrary;
  beforeEach(() => {
    lib = library();
  });

  const idOf = (rel: string): number | undefined =>
    (lib.catalog.db.prepare('SELECT id FROM tracks WHERE path = ?').get(path.join(lib.music, rel)) as { id: number } | undefined)?.id;

  it('does not reread unchanged files', async () => {
    const r = await lib.scan();
    expect(r).toMatchObject({ added: 0, updated: 0, removed: 0, moved: 0, unchanged: 5, tracks: 5 });
  });

  it('keeps the id through a tag edit', async () => {
    const before = idOf('A/Album/2.flac');
    await retag(path.join(lib.music, 'A/Album/2.flac'), { title: 'Two (Remastered)', artist: 'A', album: 'Album' });
    const r = await lib.scan();
    expect(r).toMatchObject({ updated: 1, added: 0, removed: 0 });
    expect(idOf('A/Album/2.flac')).toBe(before);
    const title = lib.catalog.db.prepare('SELECT title FROM tracks WHERE id = ?').get(before) as { title: string };
    expect(title.title).toBe('Two (Remastered)');
  });

  it.each(['A/Album/1.mp3', 'A/Album/3.ogg', 'A/Album/4.m4a', 'B/5.opus'])('keeps the fingerprint of %s through a tag edit', async (rel) => {
    const fp = () => (lib.catalog.db.prepare('SELECT fingerprint FROM tracks WHERE path = ?').get(path.join(lib.music, rel)) as { fingerprint: string }).fingerprint;
    const before = fp();
    await retag(path.join(lib.music, rel), { title: 'Retagged with a much longer title to move the audio', artist: 'Someone Else', album: 'Album' });
    await lib.scan();
    expect(fp()).toBe(before);
  });

  it('keeps the id through a move and rename', async () => {
    const before = idOf('A/Album/3.ogg');
    fs.mkdirSync(path.join(lib.music, 'C'), { recursive: true });
    fs.renameSync(path.join(lib.music, 'A/Album/3.ogg'), path.join(lib.music, 'C/renamed.ogg'));
    const r = await lib.scan();
    expect(r).toMatchObject({ moved: 1, added: 0, removed: 0 });
    expect(idOf('C/renamed.ogg')).toBe(before);
    expect(r.changedTrackIds).toContain(before);
  });

  it('removes deleted files and prunes what they leave behind', async () => {
    const id = idOf('B/5.opus');
    fs.rmSync(path.join(lib.music, 'B'), { recursive: true });
    const r = await lib.scan();
    expect(r).toMatchObject({ removed: 1, tracks: 4 });
    expect(r.removedTrackIds).toEqual([id]);
    const albums = lib.catalog.db.prepare("SELECT count(*) AS n FROM albums WHERE title = 'Bee'").get() as { n: number };
    expect(albums.n).toBe(0);
    const artist = lib.catalog.db.prepare("SELECT count(*) AS n FROM artists WHERE name = 'B'").get() as { n: number };
    expect(artist.n).toBe(0);
  });

  it('picks up a folder image added later without rereading the tracks', async () => {
    await writeImage(path.join(lib.music, 'A/Album/folder.png'), { color: 'green' });
    const r = await lib.scan();
    expect(r.updated).toBe(0);
    const row = lib.catalog.db.prepare(`SELECT c.source FROM albums a JOIN covers c ON c.id = a.cover_id WHERE a.title = 'Album'`).get() as { source: string };
    expect(row.source).toBe('folder');
  });
});

describe('scan: an album across folders', () => {
  let lib: TempLibrary;
  const tags = (title: string) => ({ title, artist: 'Dee', album: 'Two Discs' });
  beforeAll(async () => {
    lib = tempLibrary();
    await writeTracks(lib.music, [
      { path: 'Dee/Two Discs/CD1/1.mp3', format: 'mp3', frequency: 300, tags: tags('One') },
      { path: 'Dee/Two Discs/CD1/2.flac', format: 'flac', frequency: 350, tags: tags('Two') },
      { path: 'Dee/Two Discs/CD2/3.ogg', format: 'ogg', frequency: 400, tags: tags('Three') },
      { path: 'Dee/Two Discs/CD2/4.opus', format: 'opus', frequency: 450, tags: tags('Four') },
    ]);
    await lib.scan();
  }, 60_000);
  afterAll(() => lib?.cleanup());

  const album = () => lib.catalog.db.prepare(`SELECT a.track_count AS count, a.duration_ms AS duration,
    (SELECT count(*) FROM tracks t WHERE t.album_id = a.id) AS tracks,
    (SELECT sum(duration_ms) FROM tracks t WHERE t.album_id = a.id) AS sum
    FROM albums a WHERE a.title = 'Two Discs'`).all() as Array<{ count: number; duration: number; tracks: number; sum: number }>;

  it('counts the tracks of both folders', () => {
    expect(album()).toEqual([{ count: 4, duration: expect.any(Number), tracks: 4, sum: expect.any(Number) }]);
    const [a] = album();
    expect(a?.duration).toBe(a?.sum);
  });

  it('keeps its count and length true when one folder is deleted', async () => {
    fs.rmSync(path.join(lib.music, 'Dee/Two Discs/CD2'), { recursive: true });
    const r = await lib.scan();
    expect(r).toMatchObject({ removed: 2, tracks: 2 });
    const [a] = album();
    expect(a).toMatchObject({ count: 2, tracks: 2 });
    expect(a?.duration).toBe(a?.sum);
  });

  it('keeps its count true when a file of one folder is deleted', async () => {
    fs.rmSync(path.join(lib.music, 'Dee/Two Discs/CD1/2.flac'));
    await lib.scan();
    const [a] = album();
    expect(a).toMatchObject({ count: 1, tracks: 1 });
    expect(a?.duration).toBe(a?.sum);
  });
});
