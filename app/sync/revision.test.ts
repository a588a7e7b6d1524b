import { describe, expect, it } from 'vitest';
import { AAC_LADDER } from '../transcoder/index.ts';
import type { LocalTrack } from './localTracks.ts';
import { transcoderMaker } from './maker.ts';
import { planTrack, withSizes } from './manifest.ts';
import { canonicalJson, revisionOf } from './revision.ts';
import { chunked, lyricsBudget, lyricsCharsCap, wireLyrics } from './lyrics.ts';
import { mirrorTrackMeta, syncLyricsLimits, type Lyrics } from '../contract/index.ts';

const track = (over: Partial<LocalTrack> = {}): LocalTrack => ({
  sourceId: 7,
  fingerprint: '0123456789abcdef0123456789abcdef',
  copy: 0,
  size: 1000,
  source: { path: '/music/a.flac', codec: 'FLAC', container: 'FLAC', lossless: true, bitrate: 900_000, durationMs: 180_000 },
  meta: {
    title: 'T', artist: 'A', artists: ['A'], album: 'Al', albumArtist: 'A', albumArtists: ['A'], compilation: false, composers: [],
    genres: ['Jazz'], trackNo: 1, trackTotal: 10, discNo: 1, discTotal: 1, year: 2001, date: '2001', durationMs: 180_000,
    codec: 'FLAC', container: 'FLAC', lossless: true, bitrate: 900_000, sampleRate: 44100, bitDepth: 16, channels: 2,
    gain: { trackGainDb: -3.77, trackPeak: 0.89, albumGainDb: -4.1, albumPeak: 0.95, source: 'measured' },
    mbTrackId: null, mbRecordingId: null, mbAlbumId: null, addedAt: 1,
  },
  cover: { hash: 'ab'.repeat(16), mime: 'image/jpeg', bytes: 5000 },
  lyricsDigest: 'd1'.repeat(16),
  lyricsChars: 120,
  needsLoudness: false,
  ...over,
});

const verse: Lyrics = { synced: true, lang: 'eng', offsetMs: 0, lines: [{ startMs: 0, text: 'la' }, { startMs: 1500, text: 'da' }], source: 'sidecar' };
const plan = (t: LocalTrack, known = new Map(), lyrics: Lyrics[] = [verse]) => planTrack({
  track: t, plan: transcoderMaker.plan(t.source, AAC_LADDER), maker: transcoderMaker, renditionCache: '/cache', lyrics, known, coverDir: '/covers',
});

describe('canonicalJson', () => {
  it('sorts keys at every level and is independent of insertion order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
    expect(canonicalJson({ a: undefined, b: Number.NaN })).toBe('{"b":null}');
  });
});

describe('planTrack → ManifestTrack', () => {
  it('plans content-addressed renditions and the cover, with a deterministic revision', () => {
    const a = plan(track());
    expect(a.manifest.renditions.map((r) => r.key)).toEqual([
      'renditions/0123456789abcdef0123456789abcdef/high.m4a', 'renditions/0123456789abcdef0123456789abcdef/medium.m4a',
      'renditions/0123456789abcdef0123456789abcdef/low.m4a',
    ]);
    expect(a.manifest.cover).toEqual({ key: `covers/${'ab'.repeat(16)}.jpg`, bytes: 5000, contentType: 'image/jpeg' });
    expect(a.objects.map((o) => o.source.kind)).toEqual(['render', 'render', 'render', 'file']);
    expect(a.objects[0]?.source).toMatchObject({ file: '/cache/01/0123456789abcdef0123456789abcdef/high.m4a' });
    expect(a.manifest.meta.gain).toEqual(track().meta.gain);
    expect(a.manifest.meta.lyrics).toEqual([verse]);
    expect(a.manifest.revision).toMatch(/^[0-9a-f]{32}$/);
    expect(plan(track()).manifest.revision).toBe(a.manifest.revision);
  });

  it('a lossy mp3 at 128 kb/s uses its own audio for the medium rung and skips high', () => {
    const t = track({ source: { path: '/music/a.mp3', codec: 'MPEG 1 Layer 3', container: 'MPEG', lossless: false, bitrate: 128_000, durationMs: 1000 } });
    const p = plan(t);
    expect(p.manifest.renditions.map((r) => `${r.rung}.${r.key.split('.').at(-1)} ${r.codec} ${r.bitrate}`)).toEqual([
      'medium.mp3 mp3 128000', 'low.m4a aac 64000',
    ]);
  });

  it('a low-rate Opus source copied as WebM also gets an AAC rendition (every Subsonic client plays it)', () => {
    const t = track({ source: { path: '/music/a.opus', codec: 'Opus', container: 'Ogg', lossless: false, bitrate: 48_000, durationMs: 1000 } });
    expect(plan(t).manifest.renditions.map((r) => `${r.rung}.${r.key.split('.').at(-1)} ${r.codec} ${r.bitrate}`)).toEqual([
      'low.webm opus 48000', 'compat.m4a aac 48000',
    ]);
  });

  it('sizes do not change the revision; metadata, gain, lyrics, cover and ladder do', () => {
    const base = plan(track());
    const sized = withSizes(base.manifest, new Map(base.manifest.renditions.map((r) => [r.key, 1234])));
    expect(sized.renditions.every((r) => r.bytes === 1234)).toBe(true);
    expect(revisionOf({ ...sized, lyricsDigest: track().lyricsDigest })).toBe(base.manifest.revision);
    const known = new Map(base.manifest.renditions.map((r) => [r.key, { key: r.key, bytes: 99, contentType: r.contentType }]));
    expect(plan(track(), known).manifest.revision).toBe(base.manifest.revision);
    expect(plan(track(), known).manifest.renditions[0]?.bytes).toBe(99);
    const changed = [
      plan(track({ meta: { ...track().meta, title: 'T2' } })),
      plan(track({ meta: { ...track().meta, gain: { ...track().meta.gain!, albumGainDb: -4.2 } } })),
      plan(track({ meta: { ...track().meta, gain: null } })),
      plan(track({ lyricsDigest: 'd2'.repeat(16) })),
      plan(track({ lyricsDigest: null })),
      plan(track({ cover: null })),
      planTrack({ track: track(), plan: transcoderMaker.plan(track().source, { name: 'x', rungs: AAC_LADDER.rungs.slice(0, 1) }), maker: transcoderMaker, renditionCache: '/c', lyrics: [verse], known: new Map(), coverDir: '/c' }),
    ];
    for (const c of changed) expect(c.manifest.revision).not.toBe(base.manifest.revision);
  });

  it('the lyrics sent do not change the revision: their digest stands for them', () => {
    expect(plan(track(), new Map(), []).manifest.revision).toBe(plan(track()).manifest.revision);
  });

  it('the revision hashes exactly the canonical JSON of meta (without lyrics), the lyrics digest, renditions (without sizes), cover and folder', async () => {
    const { createHash } = await import('node:crypto');
    const p = plan(track());
    const m = p.manifest;
    const { lyrics: _l, ...meta } = m.meta;
    const text = canonicalJson({
      v: 2, meta, lyricsDigest: track().lyricsDigest, folder: m.folder,
      renditions: m.renditions.map(({ bytes: _b, ...r }) => r).sort((a, b) => (a.key < b.key ? -1 : 1)),
      cover: m.cover ? { key: m.cover.key, contentType: m.cover.contentType } : null,
    });
    expect(m.revision).toBe(createHash('sha256').update(text).digest('hex').slice(0, 32));
  });

});

describe('lyrics on the wire', () => {
  it('real lyrics pass unchanged', () => expect(wireLyrics([verse, { ...verse, synced: false, source: 'embedded' }])).toEqual([verse, { ...verse, synced: false, source: 'embedded' }]));

  it('are trimmed to the protocol bounds, so one odd file never fails a request', () => {
    const huge: Lyrics = {
      synced: false, lang: 'x'.repeat(40), offsetMs: 1e12, source: 'embedded',
      lines: Array.from({ length: 9000 }, (_, i) => ({ startMs: null, text: `${i} ${'w'.repeat(2000)}` })),
    };
    const out = wireLyrics(Array.from({ length: 12 }, () => huge));
    expect(out).toHaveLength(1);
    expect(out[0]?.lang).toBeNull();
    expect(out[0]?.offsetMs).toBe(10_000_000);
    expect(out[0]?.lines.every((l) => l.text.length <= syncLyricsLimits.lineChars)).toBe(true);
    expect(out[0]?.lines.reduce((n, l) => n + l.text.length, 0)).toBeLessThanOrEqual(syncLyricsLimits.chars);
    expect(mirrorTrackMeta.safeParse({ ...plan(track()).manifest.meta, lyrics: out }).success).toBe(true);
  });

  it('requests are sized by tracks and by the lyrics they carry', () => {
    const items = (chars: number[]) => chars.map((lyricsChars) => ({ lyricsChars }));
    expect(chunked(items([1, 1, 1, 1, 1]), 2).map((c) => c.length)).toEqual([2, 2, 1]);
    const tenth = lyricsBudget / 10;
    expect(chunked(items(Array.from({ length: 11 }, () => tenth)), 200).map((c) => c.length)).toEqual([10, 1]);
    // A track counts for at most lyricsCharsCap (its lyrics are trimmed far below it on the wire).
    const perRequest = Math.floor(lyricsBudget / lyricsCharsCap);
    expect(chunked(items(Array.from({ length: 20 }, () => 10 ** 9)), 200).map((c) => c.length)).toEqual([perRequest, perRequest, 20 - 2 * perRequest]);
  });

  it('a cover of a type no cover may have (say SVG) is left out, never uploaded', () => {
    const svg = plan(track({ cover: { hash: 'cd'.repeat(16), mime: 'image/svg+xml', bytes: 300 } }));
    expect(svg.manifest.cover).toBeNull();
    expect(svg.objects.some((o) => o.ref.key.startsWith('covers/'))).toBe(false);
    expect(plan(track()).manifest.cover).toMatchObject({ contentType: 'image/jpeg' });
  });

  it('a second copy of the same audio names its copy; the first does not', () => {
    expect(plan(track()).manifest.copy).toBeUndefined();
    expect(plan(track({ copy: 2 })).manifest.copy).toBe(2);
  });
});
