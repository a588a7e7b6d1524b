import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueries } from '../catalog/queries/index.ts';
import type { Track } from '../contract/index.ts';
import { writeTracks, type ToneSpec } from '../testing/audio.ts';
import { setOpusOutputGain, writeNativeTags } from '../testing/nativeTags.ts';
import { tempLibrary, type TempLibrary } from '../testing/temp.ts';
import { measureLoudness } from '../transcoder/index.ts';
import { parseGainDb, parsePeak, parseR128, readGainTags } from './gain.ts';

const native = (groups: Record<string, Array<[string, unknown]>>) => ({
  native: Object.fromEntries(Object.entries(groups).map(([k, tags]) => [k, tags.map(([id, value]) => ({ id, value }))])),
});

describe('gain tag values', () => {
  it('parses gains the way taggers write them', () => {
    expect(parseGainDb('-6.50 dB')).toBe(-6.5);
    expect(parseGainDb('+1.20 dB')).toBe(1.2);
    expect(parseGainDb('  -3,25 db ')).toBe(-3.25);
    expect(parseGainDb('\u22124.5 dB')).toBe(-4.5);
    expect(parseGainDb('2')).toBe(2);
    expect(parseGainDb('')).toBeNull();
    expect(parseGainDb('loud')).toBeNull();
    expect(parseGainDb('-999 dB')).toBeNull();
    expect(parseGainDb('NaN dB')).toBeNull();
  });
  it('parses peaks and rejects nonsense', () => {
    expect(parsePeak('0.988547')).toBeCloseTo(0.988547, 6);
    expect(parsePeak('1,000000')).toBe(1);
    expect(parsePeak('-0.5')).toBeNull();
    expect(parsePeak('abc')).toBeNull();
  });
  it('converts R128 Q7.8 values to the ReplayGain 2.0 reference (+5 dB)', () => {
    expect(parseR128('-1280')).toBe(0);
    expect(parseR128('256')).toBe(6);
    expect(parseR128('+0')).toBe(5);
    expect(parseR128('-32768')).toBe(-123);
    expect(parseR128('40000')).toBeNull();
    expect(parseR128('1.5')).toBeNull();
  });
  it('prefers ReplayGain over R128 and ID3v2 over APEv2', () => {
    const g = readGainTags(native({
      APEv2: [['REPLAYGAIN_TRACK_GAIN', '-9.00 dB'], ['REPLAYGAIN_ALBUM_GAIN', '-4.00 dB']],
      'ID3v2.4': [['TXXX:replaygain_track_gain', '-3.00 dB'], ['TXXX:R128_TRACK_GAIN', '0']],
    }));
    expect(g).toEqual({ trackGainDb: -3, trackPeak: null, albumGainDb: -4, albumPeak: null });
  });
  it('takes an Opus header gain without R128_ALBUM_GAIN as album normalisation', () => {
    expect(readGainTags(native({ vorbis: [['R128_TRACK_GAIN', '512']] }), -6).albumGainDb).toBe(5);
    expect(readGainTags(native({ vorbis: [['R128_TRACK_GAIN', '512']] }), 0).albumGainDb).toBeNull();
    expect(readGainTags(native({ vorbis: [['R128_TRACK_GAIN', '512'], ['R128_ALBUM_GAIN', '0']] }), -6).albumGainDb).toBe(5);
    expect(readGainTags(native({ vorbis: [] }), -6).albumGainDb).toBeNull();
  });
});

describe('scan: loudness tags of every container → Track.gain', () => {
  let lib: TempLibrary;
  let byPath: Map<string, Track>;
  const specs: ToneSpec[] = [
    { path: 'G/id3.mp3', format: 'mp3', tags: { title: 'id3', album: 'G' } },
    { path: 'G/ape.mp3', format: 'mp3', tags: { title: 'ape', album: 'G' } },
    { path: 'G/vorbis.flac', format: 'flac', tags: { title: 'flac', album: 'G' } },
    { path: 'G/both.ogg', format: 'ogg', tags: { title: 'both', album: 'G' } },
    { path: 'G/r128.opus', format: 'opus', frequency: 440, tags: { title: 'r128', album: 'G' } },
    { path: 'G/header.opus', format: 'opus', frequency: 440, tags: { title: 'header', album: 'G' } },
    { path: 'G/free.m4a', format: 'm4a', tags: { title: 'm4a', album: 'G' } },
    { path: 'G/asf.wma', format: 'wma', tags: { title: 'wma', album: 'G' } },
    { path: 'G/aiff.aiff', format: 'aiff', tags: { title: 'aiff', album: 'G' } },
    { path: 'G/none.flac', format: 'flac', tags: { title: 'none', album: 'G' } },
  ];

  beforeAll(async () => {
    lib = tempLibrary();
    await writeTracks(lib.music, specs);
    const f = (p: string) => path.join(lib.music, p);
    await writeNativeTags([
      { file: f('G/id3.mp3'), id3: [{ frame: 'TXXX', desc: 'replaygain_track_gain', text: '-3.50 dB' }, { frame: 'TXXX', desc: 'REPLAYGAIN_TRACK_PEAK', text: '0.5' }, { frame: 'TXXX', desc: 'Replaygain_Album_Gain', text: '-4.25 dB' }] },
      { file: f('G/ape.mp3'), ape: { REPLAYGAIN_TRACK_GAIN: '+1.50 dB', replaygain_album_gain: '-2.00 dB', REPLAYGAIN_ALBUM_PEAK: '0.9' } },
      { file: f('G/vorbis.flac'), vorbis: { replaygain_track_gain: '-7.10 dB', REPLAYGAIN_TRACK_PEAK: '0.99', REPLAYGAIN_ALBUM_GAIN: '-6.00 dB', REPLAYGAIN_ALBUM_PEAK: '1.01' } },
      { file: f('G/both.ogg'), vorbis: { REPLAYGAIN_TRACK_GAIN: '-1.00 dB', R128_TRACK_GAIN: '-2560' } },
      { file: f('G/r128.opus'), vorbis: { R128_TRACK_GAIN: '-1280', R128_ALBUM_GAIN: '256' } },
      { file: f('G/header.opus'), vorbis: { R128_TRACK_GAIN: '512' } },
      { file: f('G/free.m4a'), mp4: { '----:com.apple.iTunes:REPLAYGAIN_TRACK_GAIN': '-2.00 dB', '----:com.apple.iTunes:replaygain_album_gain': '-3.00 dB', '----:com.apple.iTunes:replaygain_track_peak': '0.75' } },
      { file: f('G/asf.wma'), asf: { REPLAYGAIN_TRACK_GAIN: '-5.50 dB' } },
      { file: f('G/aiff.aiff'), id3: [{ frame: 'TXXX', desc: 'REPLAYGAIN_TRACK_GAIN', text: '-0.50 dB' }] },
    ]);
    setOpusOutputGain(f('G/header.opus'), -6);
    const result = await lib.scan();
    expect(lib.catalog.scanErrors.list()).toEqual([]);
    expect(result.errors).toBe(0);
    const q = createQueries(lib.catalog);
    byPath = new Map(q.tracks.page({ offset: 0, limit: 100, sort: 'title', order: 'asc' }).items.map((t) => [t.title, t]));
  }, 120_000);
  afterAll(() => lib?.cleanup());

  const tags = (trackGainDb: number | null, trackPeak: number | null, albumGainDb: number | null, albumPeak: number | null) =>
    ({ trackGainDb, trackPeak, albumGainDb, albumPeak, source: 'tags' });

  it('ID3v2 TXXX in any case', () => expect(byPath.get('id3')?.gain).toEqual(tags(-3.5, 0.5, -4.25, null)));
  it('APEv2 on mp3, album gain included', () => expect(byPath.get('ape')?.gain).toEqual(tags(1.5, null, -2, 0.9)));
  it('Vorbis comments in FLAC', () => expect(byPath.get('flac')?.gain).toEqual(tags(-7.1, 0.99, -6, 1.01)));
  it('ReplayGain wins over R128 in the same file', () => expect(byPath.get('both')?.gain).toEqual(tags(-1, null, null, null)));
  it('R128 in Opus, converted to -18 LUFS', () => expect(byPath.get('r128')?.gain).toEqual(tags(0, null, 6, null)));
  it('Opus header gain: album-normalised in the header', () => {
    expect(byPath.get('header')?.gain).toEqual(tags(7, null, 5, null));
    const row = lib.catalog.db.prepare("SELECT output_gain_db FROM tracks WHERE title = 'header'").get() as { output_gain_db: number };
    expect(row.output_gain_db).toBe(-6);
  });
  it('MP4 free-form atoms in any case', () => expect(byPath.get('m4a')?.gain).toEqual(tags(-2, 0.75, -3, null)));
  it('ASF attributes', () => expect(byPath.get('wma')?.gain).toEqual(tags(-5.5, null, null, null)));
  it('ID3 in AIFF', () => expect(byPath.get('aiff')?.gain).toEqual(tags(-0.5, null, null, null)));
  it('no tags, nothing measured: null', () => expect(byPath.get('none')?.gain).toBeNull());

  it('decoders apply the Opus header gain (what R128 tags are relative to)', async () => {
    const plain = await measureLoudness({ file: path.join(lib.music, 'G/r128.opus') });
    const lowered = await measureLoudness({ file: path.join(lib.music, 'G/header.opus') });
    expect(lowered.integratedLufs - plain.integratedLufs).toBeCloseTo(-6, 0);
  });
});
