import { describe, expect, it } from 'vitest';
import { argvSkip, classifyPaths, isAudioFile, isEmptyRequest, isInside, parseOpenRequest, planOpen, type PathKind } from './openRequest.ts';

const fsKinds: Record<string, PathKind> = {
  '/music/a.flac': 'file',
  '/music/b.MP3': 'file',
  '/music/cover.jpg': 'file',
  '/music': 'folder',
  '/home/me/new/x.ogg': 'file',
  '/home/me/Downloads': 'folder',
  '/home/me/rel/song.opus': 'file',
  '/tmp/with space/t.m4a': 'file',
};
const kindOf = (p: string): PathKind => fsKinds[p] ?? 'missing';

describe('parseOpenRequest', () => {
  it('skips the runtime arguments: [exe] packaged, [electron, app] in development', () => {
    expect(argvSkip(undefined)).toBe(1);
    expect(argvSkip(false)).toBe(1);
    expect(argvSkip(true)).toBe(2);
    const packaged = parseOpenRequest(['/opt/Tonearm/tonearm', '/music/a.flac'], { cwd: '/', skip: 1, kindOf });
    expect(packaged).toEqual({ files: ['/music/a.flac'], folders: [] });
    // In development the second argument is the app folder (a folder!), not an open request.
    const dev = parseOpenRequest(['/x/electron', '/music', '/music/a.flac'], { cwd: '/', skip: 2, kindOf });
    expect(dev).toEqual({ files: ['/music/a.flac'], folders: [] });
  });

  it('sorts audio files and folders, resolves relative paths and file:// URLs, keeps order, drops duplicates', () => {
    const r = parseOpenRequest(
      ['exe', 'rel/song.opus', '/music/b.MP3', 'file:///tmp/with%20space/t.m4a', '/home/me/Downloads', '/music/b.MP3', '../me/Downloads'],
      { cwd: '/home/me', skip: 1, kindOf },
    );
    expect(r.files).toEqual(['/home/me/rel/song.opus', '/music/b.MP3', '/tmp/with space/t.m4a']);
    expect(r.folders).toEqual(['/home/me/Downloads']);
  });

  it('ignores switches (Chromium appends some to a second instance argv), other URLs, non-audio and missing paths', () => {
    const r = parseOpenRequest(
      ['exe', '--allow-file-access-from-files', '--original-process-start-time=1', '-psn_0_123', 'tonearm://play/1', 'https://x.test/a.mp3', '/music/cover.jpg', '/nope.flac', '', 'a\0b'],
      { cwd: '/', skip: 1, kindOf },
    );
    expect(isEmptyRequest(r)).toBe(true);
  });
});

describe('classifyPaths (drag & drop)', () => {
  it('accepts only absolute paths', () => {
    expect(classifyPaths(['music/a.flac', '/music/a.flac', '/music'], kindOf)).toEqual({ files: ['/music/a.flac'], folders: ['/music'] });
  });
});

describe('isAudioFile / isInside', () => {
  it('knows audio extensions case-insensitively', () => {
    expect(isAudioFile('/a/B.FLAC')).toBe(true);
    expect(isAudioFile('/a/b.opus')).toBe(true);
    expect(isAudioFile('/a/b.txt')).toBe(false);
    expect(isAudioFile('/a/flac')).toBe(false);
  });
  it('isInside compares path segments, not prefixes', () => {
    expect(isInside('/music/x', '/music')).toBe(true);
    expect(isInside('/music', '/music')).toBe(true);
    expect(isInside('/music2/x', '/music')).toBe(false);
    expect(isInside('/', '/music')).toBe(false);
  });
});

describe('planOpen', () => {
  const ids: Record<string, number> = { '/music/a.flac': 7, '/music/b.mp3': 8 };
  it('plays catalogued files and offers the folders of the others once', () => {
    const plan = planOpen(
      { files: ['/music/b.mp3', '/dl/x.ogg', '/music/a.flac', '/dl/y.ogg', '/music/new.flac'], folders: [] },
      ['/music'],
      (f) => ids[f],
    );
    expect(plan).toEqual({ trackIds: [8, 7], folders: [], fileFolders: ['/dl'] });
  });
  it('offers opened folders unless already inside the library; files under an offered folder are covered by it', () => {
    const plan = planOpen({ files: ['/dl/sub/x.ogg'], folders: ['/music/Jazz', '/dl'] }, ['/music'], () => undefined);
    expect(plan).toEqual({ trackIds: [], folders: ['/dl'], fileFolders: [] });
  });
});
