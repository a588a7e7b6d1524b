import { describe, expect, it } from 'vitest';
import { AAC_LADDER, OPUS_LADDER, customLadder, ladderOf } from './ladders.ts';
import { planRenditions, playableFamily } from './plan.ts';
import { renditionFormat, encodeArgs } from './format.ts';
import type { Ladder, SourceInfo } from './types.ts';

const MP3 = 'MPEG 1 Layer 3';
function src(codec: string, container: string, lossless: boolean, kbps: number | null): SourceInfo {
  return { path: '/music/x', codec, container, lossless, bitrate: kbps === null ? null : kbps * 1000, durationMs: 200_000 };
}

/** [what, source, ladder, expected actions by rung name ('encode@96' = encode capped at 96 kb/s)] */
const CASES: Array<[string, SourceInfo, Ladder, Record<string, string>]> = [
  ['FLAC gets every rung', src('FLAC', 'FLAC', true, 900), AAC_LADDER, { high: 'encode', medium: 'encode', low: 'encode' }],
  ['WAV gets every rung', src('PCM', 'WAVE', true, 1411), AAC_LADDER, { high: 'encode', medium: 'encode', low: 'encode' }],
  ['ALAC gets every rung (lossless though in M4A)', src('ALAC', 'M4A/isom/iso2', true, 700), AAC_LADDER, { high: 'encode', medium: 'encode', low: 'encode' }],
  ['lossless at a low bitrate is still encoded', src('FLAC', 'FLAC', true, 97), AAC_LADDER, { high: 'encode', medium: 'encode', low: 'encode' }],
  ['mp3 320: above every rung, all encoded', src(MP3, 'MPEG', false, 320), AAC_LADDER, { high: 'encode', medium: 'encode', low: 'encode' }],
  ['mp3 256: high is the source', src(MP3, 'MPEG', false, 256), AAC_LADDER, { high: 'source', medium: 'encode', low: 'encode' }],
  ['mp3 270 (within 10 %): high is the source', src(MP3, 'MPEG', false, 270), AAC_LADDER, { high: 'source', medium: 'encode', low: 'encode' }],
  ['mp3 200: high is the source, not an upward re-encode', src(MP3, 'MPEG', false, 200), AAC_LADDER, { high: 'source', medium: 'encode', low: 'encode' }],
  ['mp3 128: high skipped, medium is the source, low encoded', src(MP3, 'MPEG', false, 128), AAC_LADDER, { high: 'skip', medium: 'source', low: 'encode' }],
  ['mp3 130 VBR: counts as 128', src(MP3, 'MPEG', false, 130), AAC_LADDER, { high: 'skip', medium: 'source', low: 'encode' }],
  ['mp3 96: medium is the source (best fit above)', src(MP3, 'MPEG', false, 96), AAC_LADDER, { high: 'skip', medium: 'source', low: 'encode' }],
  ['mp3 64: only low, as the source', src(MP3, 'MPEG', false, 64), AAC_LADDER, { high: 'skip', medium: 'skip', low: 'source' }],
  ['mp3 32: low is the source', src(MP3, 'MPEG', false, 32), AAC_LADDER, { high: 'skip', medium: 'skip', low: 'source' }],
  ['AAC 128 in M4A: medium is the source', src('MPEG-4/AAC', 'M4A/isom/iso2', false, 128), AAC_LADDER, { high: 'skip', medium: 'source', low: 'encode' }],
  ['AAC 256 in M4A: high is the source', src('MPEG-4/AAC', 'M4A/mp42', false, 256), AAC_LADDER, { high: 'source', medium: 'encode', low: 'encode' }],
  ['Ogg Vorbis 160: high is the source', src('Vorbis I', 'Ogg', false, 160), AAC_LADDER, { high: 'source', medium: 'encode', low: 'encode' }],
  ['Ogg Opus 96: medium is the source', src('Opus', 'Ogg', false, 96), AAC_LADDER, { high: 'skip', medium: 'source', low: 'encode' }],
  ['WMA 128 (not playable): medium encoded, high skipped', src('Windows Media Audio V8', 'ASF/audio', false, 128), AAC_LADDER, { high: 'skip', medium: 'encode', low: 'encode' }],
  ['WMA 96: medium encoded at no more than 96', src('Windows Media Audio V8', 'ASF/audio', false, 96), AAC_LADDER, { high: 'skip', medium: 'encode@96', low: 'encode' }],
  ['AAC in ADTS (not in MP4) is not used as is', src('AAC', 'ADTS', false, 128), AAC_LADDER, { high: 'skip', medium: 'encode', low: 'encode' }],
  ['mp3 of unknown bitrate: top rung is the source', src(MP3, 'MPEG', false, null), AAC_LADDER, { high: 'source', medium: 'encode', low: 'encode' }],
  ['WMA of unknown bitrate: everything encoded', src('WMA', 'ASF/audio', false, null), AAC_LADDER, { high: 'encode', medium: 'encode', low: 'encode' }],
  ['Opus ladder, FLAC: every rung, and AAC for clients without WebM', src('FLAC', 'FLAC', true, 900), OPUS_LADDER, { high: 'encode', medium: 'encode', low: 'encode', compat: 'encode' }],
  ['Opus ladder, mp3 128: high (160) is the source', src(MP3, 'MPEG', false, 128), OPUS_LADDER, { high: 'source', medium: 'encode', low: 'encode' }],
  ['Opus ladder, Opus 96: medium is the source, AAC at no more than 96', src('Opus', 'Ogg', false, 96), OPUS_LADDER, { high: 'skip', medium: 'source', low: 'encode', compat: 'encode@96' }],
  ['AAC ladder, Opus 48: low is the source (WebM), so AAC too', src('Opus', 'Ogg', false, 48), AAC_LADDER, { high: 'skip', medium: 'skip', low: 'source', compat: 'encode@48' }],
  ['AAC ladder, Vorbis 60: low is the source (WebM), so AAC too', src('Vorbis I', 'Ogg', false, 60), AAC_LADDER, { high: 'skip', medium: 'skip', low: 'source', compat: 'encode@60' }],
  ['Opus ladder, mp3 48: low is the source', src(MP3, 'MPEG', false, 48), OPUS_LADDER, { high: 'skip', medium: 'skip', low: 'source' }],
];

describe('planRenditions', () => {
  it.each(CASES)('%s', (_what, source, ladder, expected) => {
    const plans = planRenditions({ source, ladder });
    expect(plans.map((p) => p.rung.name).slice(0, ladder.rungs.length)).toEqual(ladder.rungs.map((r) => r.name));
    // Every track gets something every client plays (AAC in MP4 or MP3).
    const formats = plans.filter((p) => p.action !== 'skip').map((p) => renditionFormat(p, source).contentType);
    expect(formats.some((t) => t === 'audio/mp4' || t === 'audio/mpeg')).toBe(true);
    const got = Object.fromEntries(
      plans.map((p) => [p.rung.name, p.action === 'encode' && p.bitrate !== undefined ? `encode@${p.bitrate / 1000}` : p.action]),
    );
    expect(got).toEqual(expected);
  });

  it('never plans an encode above a lossy source\u2019s bitrate, across many bitrates and ladders', () => {
    for (const ladder of [AAC_LADDER, OPUS_LADDER]) {
      for (let kbps = 16; kbps <= 400; kbps += 8) {
        for (const s of [src(MP3, 'MPEG', false, kbps), src('WMA', 'ASF/audio', false, kbps), src('Opus', 'Ogg', false, kbps)]) {
          for (const p of planRenditions({ source: s, ladder })) {
            if (p.action !== 'encode') continue;
            const effective = p.bitrate ?? p.rung.bitrate;
            // An encode is either downward (rung well below the source) or capped at the source.
            expect(effective <= kbps * 1000 || p.rung.bitrate * 1.1 >= kbps * 1000).toBe(true);
            expect(effective).toBeLessThanOrEqual(Math.max(kbps * 1000, p.rung.bitrate));
            if (p.rung.bitrate * 1.1 >= kbps * 1000) expect(effective).toBeLessThanOrEqual(kbps * 1000);
          }
          // At most one rung is the source, and only for formats browsers play.
          const sources = planRenditions({ source: s, ladder }).filter((p) => p.action === 'source');
          expect(sources.length).toBeLessThanOrEqual(1);
          if (playableFamily(s) === null) expect(sources).toHaveLength(0);
        }
      }
    }
  });

  it('skip plans carry a reason', () => {
    const skip = planRenditions({ source: src(MP3, 'MPEG', false, 128), ladder: AAC_LADDER }).find((p) => p.action === 'skip');
    expect(skip?.action === 'skip' && skip.reason).toMatch(/only 128 kb\/s; high \(256 kb\/s\) would re-encode it upward/);
  });

  it('works on custom ladders', () => {
    const ladder = customLadder('mine', [
      { name: 'hifi', codec: 'aac', bitrate: 320_000 },
      { name: 'mobile', codec: 'opus', bitrate: 64_000 },
      { name: 'teaser', codec: 'opus', bitrate: 32_000, previewSeconds: 15 },
    ]);
    const plans = planRenditions({ source: src(MP3, 'MPEG', false, 192), ladder });
    expect(plans.map((p) => p.action)).toEqual(['source', 'encode', 'encode']);
    expect(ladder.rungs[1]).toMatchObject({ extension: 'webm', contentType: 'audio/webm' });
  });
});

describe('ladders', () => {
  it('default AAC ladder: 256/128/64, M4A (no previews: nothing plays them)', () => {
    expect(AAC_LADDER.rungs.map((r) => [r.name, r.bitrate, r.extension, r.contentType, r.previewSeconds])).toEqual([
      ['high', 256_000, 'm4a', 'audio/mp4', undefined],
      ['medium', 128_000, 'm4a', 'audio/mp4', undefined],
      ['low', 64_000, 'm4a', 'audio/mp4', undefined],
    ]);
    expect(OPUS_LADDER.rungs.map((r) => [r.name, r.bitrate / 1000, r.extension])).toEqual([
      ['high', 160, 'webm'], ['medium', 96, 'webm'], ['low', 48, 'webm'],
    ]);
    expect(ladderOf(undefined)).toBe(AAC_LADDER);
    expect(ladderOf('opus')).toBe(OPUS_LADDER);
  });

  it('rejects bad custom rungs with one sentence', () => {
    expect(() => customLadder('x', [])).toThrow(/no rungs/);
    expect(() => customLadder('x', [{ name: 'Hi Fi', codec: 'aac', bitrate: 128_000 }])).toThrow(/rung name/);
    expect(() => customLadder('x', [{ name: 'a', codec: 'aac', bitrate: 1_000_000 }])).toThrow(/between 16 and 512 kb\/s/);
    expect(() => customLadder('x', [{ name: 'a', codec: 'opus', bitrate: 64_000 }, { name: 'a', codec: 'opus', bitrate: 32_000 }])).toThrow(/two rungs/);
    expect(() => ladderOf('mp3' as 'aac')).toThrow(/unknown ladder/);
  });
});

describe('renditionFormat / encodeArgs', () => {
  it('a source copy keeps the source family; Ogg becomes WebM', () => {
    const medium = AAC_LADDER.rungs[1]!;
    expect(renditionFormat({ rung: medium, action: 'source' }, src(MP3, 'MPEG', false, 128))).toEqual({ extension: 'mp3', contentType: 'audio/mpeg', codec: 'mp3' });
    expect(renditionFormat({ rung: medium, action: 'source' }, src('MPEG-4/AAC', 'M4A/isom', false, 128))).toEqual({ extension: 'm4a', contentType: 'audio/mp4', codec: 'aac' });
    expect(renditionFormat({ rung: medium, action: 'source' }, src('Opus', 'Ogg', false, 96))).toEqual({ extension: 'webm', contentType: 'audio/webm', codec: 'opus' });
    expect(renditionFormat({ rung: medium, action: 'encode' }, src('FLAC', 'FLAC', true, 900))).toEqual({ extension: 'm4a', contentType: 'audio/mp4', codec: 'aac' });
    expect(() => renditionFormat({ rung: medium, action: 'source' }, src('FLAC', 'FLAC', true, 900))).toThrow(/must be encoded/);
  });

  it('a preview is cut from the middle; M4A outputs are faststart; tags and pictures dropped', () => {
    const preview = customLadder('p', [{ name: 'preview', codec: 'aac', bitrate: 128_000, previewSeconds: 30 }]).rungs[0]!;
    const args = encodeArgs({ rung: preview, action: 'encode', source: { ...src('FLAC', 'FLAC', true, 900), durationMs: 70_000 } });
    expect(args.inputOptions).toEqual(['-ss', '20.000', '-t', '30.000']);
    expect(args.expectedSeconds).toBe(30);
    expect(args.outputOptions.join(' ')).toMatch(/-map 0:a:0 .*-map_metadata -1 .*-c:a aac -profile:a aac_low -b:a 128000 -f ipod -movflags \+faststart/);
    const short = encodeArgs({ rung: preview, action: 'encode', source: { ...src('FLAC', 'FLAC', true, 900), durationMs: 12_000 } });
    expect(short.inputOptions.slice(0, 2)).toEqual(['-ss', '0.000']);
    expect(short.expectedSeconds).toBe(12);
  });
});
