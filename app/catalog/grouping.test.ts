import { describe, expect, it } from 'vitest';
import { groupFolder, type GroupingInput, UNKNOWN_ARTIST, VARIOUS_ARTISTS } from './grouping.ts';

const t = (id: number, over: Partial<GroupingInput>): GroupingInput => ({
  trackId: id, folderPath: '/m/Folder', album: 'Album', albumArtist: null, compilation: false, primaryArtist: 'A', mbAlbumId: null, ...over,
});

describe('groupFolder', () => {
  it('groups by album artist + title', () => {
    const out = groupFolder([t(1, { albumArtist: 'X' }), t(2, { albumArtist: 'x', primaryArtist: 'B' })]);
    expect(new Set(out.map((a) => a.groupKey)).size).toBe(1);
    expect(out[0]?.albumArtist).toBe('X');
  });

  it('keeps albums with the same title by different album artists apart', () => {
    const out = groupFolder([t(1, { albumArtist: 'X' }), t(2, { albumArtist: 'Y' })]);
    expect(new Set(out.map((a) => a.groupKey)).size).toBe(2);
  });

  it('separates releases by MusicBrainz album id', () => {
    const out = groupFolder([t(1, { mbAlbumId: 'm1' }), t(2, { mbAlbumId: 'm2' })]);
    expect(new Set(out.map((a) => a.groupKey)).size).toBe(2);
  });

  it('treats the compilation flag as Various Artists', () => {
    const out = groupFolder([t(1, { compilation: true }), t(2, { compilation: true, primaryArtist: 'B' })]);
    expect(out.every((a) => a.albumArtist === VARIOUS_ARTISTS && a.isCompilation)).toBe(true);
  });

  it('infers a compilation from many track artists under one album title and folder', () => {
    const out = groupFolder([t(1, { primaryArtist: 'A' }), t(2, { primaryArtist: 'B' }), t(3, { primaryArtist: 'C' }), t(4, { primaryArtist: 'A' })]);
    expect(out.every((a) => a.albumArtist === VARIOUS_ARTISTS && a.isCompilation)).toBe(true);
  });

  it('does not call one artist with a guest a compilation', () => {
    const out = groupFolder([t(1, {}), t(2, {}), t(3, {}), t(4, { primaryArtist: 'Guest' })]);
    expect(out.every((a) => a.albumArtist === 'A' && !a.isCompilation)).toBe(true);
  });

  it('names untagged files after their folder and Unknown Artist, per folder', () => {
    const out = groupFolder([
      t(1, { album: null, primaryArtist: null, folderPath: '/m/One/Unsorted' }),
      t(2, { album: null, primaryArtist: null, folderPath: '/m/Two/Unsorted' }),
    ]);
    expect(out[0]?.title).toBe('Unsorted');
    expect(out[0]?.albumArtist).toBe(UNKNOWN_ARTIST);
    expect(out[0]?.groupKey).not.toBe(out[1]?.groupKey);
  });

  it('puts a track without an album artist into the album its folder-mates name', () => {
    const out = groupFolder([
      t(1, { compilation: true, albumArtist: 'Various Artists', primaryArtist: 'X' }),
      t(2, { compilation: true, albumArtist: 'Various Artists', primaryArtist: 'Y' }),
      t(3, { primaryArtist: 'Someone' }),
    ]);
    expect(new Set(out.map((a) => a.groupKey)).size).toBe(1);
    expect(out[2]).toMatchObject({ albumArtist: VARIOUS_ARTISTS, isCompilation: true });
  });
});
