import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueries } from '../catalog/queries/index.ts';
import type { Track } from '../contract/index.ts';
import { writeTracks } from '../testing/audio.ts';
import { writeNativeTags } from '../testing/nativeTags.ts';
import { tempLibrary, type TempLibrary } from '../testing/temp.ts';
import { parseLyrics } from './lrc.ts';
import { decodeText } from './read.ts';

describe('LRC', () => {
  it('reads times, several per line, offset, language and metadata tags', () => {
    const l = parseLyrics('[ar:Someone]\n[ti:Song]\n[la:eng]\n[offset:+250]\n[00:12.50]first\n[00:05.00][01:00.123]chorus\n[00:20:30]colon form\n[00:30]no fraction\n', 'sidecar');
    expect(l).toEqual({
      synced: true, lang: 'eng', offsetMs: 250, source: 'sidecar',
      lines: [
        { startMs: 5000, text: 'chorus' }, { startMs: 12500, text: 'first' }, { startMs: 20300, text: 'colon form' },
        { startMs: 30000, text: 'no fraction' }, { startMs: 60123, text: 'chorus' },
      ],
    });
  });
  it('drops enhanced word times, keeps empty timed lines, ignores untimed lines in synced text', () => {
    const l = parseLyrics('header text\n[00:01.00]<00:01.00>Hel <00:01.40>lo\n[00:02.00]\n', 'embedded');
    expect(l?.lines).toEqual([{ startMs: 1000, text: 'Hel lo' }, { startMs: 2000, text: '' }]);
  });
  it('plain text is unsynced; blank runs fold to one; nothing is null', () => {
    expect(parseLyrics('\n\nOne\r\nTwo\n\n\n\nThree\n\n', 'sidecar')).toEqual({
      synced: false, lang: null, offsetMs: 0, source: 'sidecar',
      lines: [{ startMs: null, text: 'One' }, { startMs: null, text: 'Two' }, { startMs: null, text: '' }, { startMs: null, text: 'Three' }],
    });
    expect(parseLyrics('  \n\n', 'sidecar')).toBeNull();
    expect(parseLyrics('[ar:Only tags]\n[ti:x]', 'sidecar')).toBeNull();
  });
  it('bounds huge input', () => {
    const l = parseLyrics(Array.from({ length: 20_000 }, (_, i) => `[00:${String(i % 60).padStart(2, '0')}.00]${'x'.repeat(2000)}`).join('\n'), 'sidecar');
    expect(l?.lines.length).toBe(5000);
    expect(l?.lines[0]?.text.length).toBe(500);
  });
  it('decodes UTF-8 with and without BOM, UTF-16 both ways, and CP-1252', () => {
    const text = '[00:01.00]Café – naïve';
    expect(decodeText(Buffer.from(text, 'utf8'))).toBe(text);
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toBe(text);
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toBe(text);
    expect(decodeText(Buffer.from(text, 'utf16le'))).toBe(text);
    const be = Buffer.from(text, 'utf16le').swap16();
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe(text);
    expect(decodeText(Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x96, 0x20, 0x80]))).toBe('Café – €');
    expect(() => decodeText(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]))).toThrow(/not a text file/);
  });
});

describe('scan: sidecar and embedded lyrics', () => {
  let lib: TempLibrary;
  const byTitle = (): Map<string, Track> =>
    new Map(createQueries(lib.catalog).tracks.page({ offset: 0, limit: 100, sort: 'title', order: 'asc' }).items.map((t) => [t.title, t]));
  const lyricsOf = (title: string) => createQueries(lib.catalog).tracks.lyrics(byTitle().get(title)!.id);
  const f = (p: string) => path.join(lib.music, p);

  beforeAll(async () => {
    lib = tempLibrary();
    await writeTracks(lib.music, [
      { path: 'L/side.flac', format: 'flac', tags: { title: 'side' } },
      { path: 'L/uslt.mp3', format: 'mp3', tags: { title: 'uslt' } },
      { path: 'L/lrc-in-uslt.mp3', format: 'mp3', tags: { title: 'lrc-in-uslt' } },
      { path: 'L/sylt.mp3', format: 'mp3', tags: { title: 'sylt' } },
      { path: 'L/vorbis.ogg', format: 'ogg', tags: { title: 'vorbis' } },
      { path: 'L/unsynced.flac', format: 'flac', tags: { title: 'unsynced' } },
      { path: 'L/mp4.m4a', format: 'm4a', tags: { title: 'mp4' } },
      { path: 'L/binary.opus', format: 'opus', tags: { title: 'binary' } },
      { path: 'L/none.opus', format: 'opus', tags: { title: 'none' } },
    ]);
    fs.writeFileSync(f('L/side.LRC'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[ti:x]\n[00:01.00]Sidecar line\n', 'utf16le')]));
    fs.writeFileSync(f('L/binary.lrc'), Buffer.from([0, 1, 2, 3, 0xff, 0, 9]));
    await writeNativeTags([
      { file: f('L/uslt.mp3'), id3: [{ frame: 'USLT', lang: 'eng', text: 'Plain one\nPlain two' }] },
      { file: f('L/lrc-in-uslt.mp3'), id3: [{ frame: 'USLT', lang: 'XXX', text: '[00:03.00]Third\n[00:01.00]First' }] },
      { file: f('L/sylt.mp3'), id3: [{ frame: 'SYLT', lang: 'deu', entries: [['Eins', 500], ['Zwei', 1500]] }] },
      { file: f('L/vorbis.ogg'), vorbis: { LYRICS: '[00:00.50]ogg line' } },
      { file: f('L/unsynced.flac'), vorbis: { UNSYNCEDLYRICS: 'flac text' } },
      { file: f('L/mp4.m4a'), mp4: { '©lyr': '[00:02.00]mp4 line' } },
    ]);
    await lib.scan();
  }, 120_000);
  afterAll(() => lib?.cleanup());

  it('reads every embedded flavour and the sidecar, and says which tracks have lyrics', () => {
    expect(lyricsOf('side')).toEqual([{ synced: true, lang: null, offsetMs: 0, source: 'sidecar', lines: [{ startMs: 1000, text: 'Sidecar line' }] }]);
    expect(lyricsOf('uslt')).toEqual([{ synced: false, lang: 'eng', offsetMs: 0, source: 'embedded', lines: [{ startMs: null, text: 'Plain one' }, { startMs: null, text: 'Plain two' }] }]);
    expect(lyricsOf('lrc-in-uslt')?.[0]).toMatchObject({ synced: true, lang: null, lines: [{ startMs: 1000, text: 'First' }, { startMs: 3000, text: 'Third' }] });
    expect(lyricsOf('sylt')?.[0]).toMatchObject({ synced: true, lang: 'deu', lines: [{ startMs: 500, text: 'Eins' }, { startMs: 1500, text: 'Zwei' }] });
    expect(lyricsOf('vorbis')?.[0]).toMatchObject({ synced: true, lines: [{ startMs: 500, text: 'ogg line' }] });
    expect(lyricsOf('unsynced')?.[0]).toMatchObject({ synced: false, lines: [{ startMs: null, text: 'flac text' }] });
    expect(lyricsOf('mp4')?.[0]).toMatchObject({ synced: true, lines: [{ startMs: 2000, text: 'mp4 line' }] });
    expect(lyricsOf('none')).toEqual([]);
    const t = byTitle();
    expect(t.get('side')?.hasLyrics).toBe(true);
    expect(t.get('none')?.hasLyrics).toBe(false);
    expect(createQueries(lib.catalog).tracks.lyrics(999_999)).toBeUndefined();
  });

  it('a garbled sidecar is a scan error with one sentence, and the scan goes on', () => {
    expect(lyricsOf('binary')).toEqual([]);
    const e = lib.catalog.scanErrors.list().find((x) => x.path.endsWith('binary.lrc'));
    expect(e?.reason).toBe('lyrics file not used: not a text file (it holds NUL bytes)');
  });

  it('follows a sidecar that appears, changes and disappears', async () => {
    fs.writeFileSync(f('L/none.lrc'), 'Now there are words\n');
    await lib.scan();
    expect(lyricsOf('none')?.[0]?.lines).toEqual([{ startMs: null, text: 'Now there are words' }]);
    fs.writeFileSync(f('L/none.lrc'), '[00:01.00]Synced now, longer\n');
    fs.utimesSync(f('L/none.lrc'), new Date(), new Date(Date.now() + 5000));
    await lib.scan();
    expect(lyricsOf('none')?.[0]?.lines).toEqual([{ startMs: 1000, text: 'Synced now, longer' }]);
    fs.rmSync(f('L/none.lrc'));
    fs.rmSync(f('L/binary.lrc'));
    await lib.scan();
    expect(lyricsOf('none')).toEqual([]);
    expect(byTitle().get('none')?.hasLyrics).toBe(false);
    expect(lib.catalog.scanErrors.list().find((x) => x.path.endsWith('binary.lrc'))).toBeUndefined();
  });
});
