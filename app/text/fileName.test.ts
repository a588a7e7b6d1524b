import { describe, expect, it } from 'vitest';
import { albumFromFolders, discFromFolder, fromFileName } from './fileName.ts';

describe('untagged file names', () => {
  it('strips track-number prefixes and keeps what they said', () => {
    expect(fromFileName('1-01 Opening Theme')).toEqual({ title: 'Opening Theme', trackNo: 1, discNo: 1 });
    expect(fromFileName('2-13 Last One')).toEqual({ title: 'Last One', trackNo: 13, discNo: 2 });
    expect(fromFileName('01 - Polar Dawn')).toEqual({ title: 'Polar Dawn', trackNo: 1, discNo: null });
    expect(fromFileName('07. Smoke Rings')).toEqual({ title: 'Smoke Rings', trackNo: 7, discNo: null });
    expect(fromFileName('03_late_train')).toEqual({ title: 'late train', trackNo: 3, discNo: null });
    expect(fromFileName('A3 Side Story')).toEqual({ title: 'Side Story', trackNo: 3, discNo: null });
    expect(fromFileName('12) Twelve')).toEqual({ title: 'Twelve', trackNo: 12, discNo: null });
  });

  it('leaves names that are not numbered alone', () => {
    expect(fromFileName('Polar Dawn')).toEqual({ title: 'Polar Dawn', trackNo: null, discNo: null });
    expect(fromFileName('1999 Remix')).toEqual({ title: '1999 Remix', trackNo: null, discNo: null });
    expect(fromFileName('01')).toEqual({ title: '01', trackNo: null, discNo: null });
    expect(fromFileName('99 Luftballons')).toMatchObject({ title: 'Luftballons', trackNo: 99 });
    expect(fromFileName('Été 2-3 jours')).toEqual({ title: 'Été 2-3 jours', trackNo: null, discNo: null });
  });

  it('takes the album from the folder without release noise, skipping disc folders', () => {
    expect(albumFromFolders('/music/Unsorted/Lost Tapes (2019) [MP3 320]')).toBe('Lost Tapes');
    expect(albumFromFolders('/music/Band - Live at Home [FLAC] {WEB}')).toBe('Band - Live at Home');
    expect(albumFromFolders('/music/Big Box/CD2')).toBe('Big Box');
    expect(albumFromFolders('C:\\Music\\Big_Box\\Disc 1')).toBe('Big Box');
    expect(albumFromFolders('/music/Live (Remastered)')).toBe('Live');
    expect(albumFromFolders('/music/Songs (For Lovers)')).toBe('Songs (For Lovers)');
    expect(albumFromFolders('/')).toBeNull();
    expect(discFromFolder('/music/Big Box/CD2')).toBe(2);
    expect(discFromFolder('/music/Big Box')).toBeNull();
  });
});
