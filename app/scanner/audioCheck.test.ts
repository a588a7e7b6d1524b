// Audio is audio: only files whose stream really syncs become tracks, and a cut-off file's duration
// comes from its data, not its header. Real files from ffmpeg, cut and forged here.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../testing/random.ts';
import { writeTracks, type AudioFormat } from '../testing/audio.ts';
import { tempLibrary, type TempLibrary } from '../testing/temp.ts';
import { writeSmpbOriginal, writeSmpbSource } from '../testing/aacSmpb.ts';

const formats: [AudioFormat, string][] = [
  ['mp3', 'mp3'], ['flac', 'flac'], ['ogg', 'ogg'], ['opus', 'opus'], ['m4a', 'm4a'], ['wav', 'wav'], ['aiff', 'aiff'], ['wma', 'wma'],
];

describe('audio is audio', () => {
  let lib: TempLibrary;
  const random = mulberry32(99);
  const noise = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
  const row = (rel: string) => lib.catalog.db.prepare('SELECT duration_ms AS ms FROM tracks WHERE path = ?').get(path.join(lib.music, rel)) as { ms: number } | undefined;
  const reason = (rel: string) => lib.catalog.scanErrors.list().find((e) => e.path === path.join(lib.music, rel))?.reason;

  beforeAll(async () => {
    lib = tempLibrary();
    await writeTracks(lib.music, [
      ...formats.map(([format, ext]) => ({ path: `good/a.${ext}`, format, seconds: 4, tags: { title: `good ${format}` } })),
      { path: 'good/short.mp3', format: 'mp3', seconds: 0.2 },
      { path: 'good/vbr-no-xing.mp3', format: 'mp3', seconds: 4, noXing: true },
      { path: 'src/faststart.m4a', format: 'm4a', seconds: 4 },
    ]);
    const cut = (from: string, to: string, fraction: number) => {
      const b = fs.readFileSync(path.join(lib.music, from));
      fs.mkdirSync(path.dirname(path.join(lib.music, to)), { recursive: true });
      fs.writeFileSync(path.join(lib.music, to), b.subarray(0, Math.floor(b.length * fraction)));
    };
    for (const ext of ['mp3', 'wav', 'aiff', 'flac', 'wma']) cut(`good/a.${ext}`, `cut/a.${ext}`, 1 / 3);
    cut('good/vbr-no-xing.mp3', 'cut/vbr-no-xing.mp3', 1 / 3);
    fs.mkdirSync(path.join(lib.music, 'junk'));
    for (const ext of ['mp3', 'mp2', 'aac', 'm4a', 'flac', 'ogg', 'opus', 'wav', 'aiff', 'wma']) {
      fs.writeFileSync(path.join(lib.music, `junk/random.${ext}`), noise(200 * 1024));
    }
    // One real MPEG frame header, then noise: the stream does not sync.
    fs.writeFileSync(path.join(lib.music, 'junk/one-frame.mp3'), Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), noise(100 * 1024)]));
    // Real container headers followed by noise.
    const flac = fs.readFileSync(path.join(lib.music, 'good/a.flac'));
    let audioStart = flac.indexOf(Buffer.from([0xff, 0xf8]));
    while (audioStart >= 0 && (flac[audioStart + 2] ?? 0) >> 4 === 0) audioStart = flac.indexOf(Buffer.from([0xff, 0xf8]), audioStart + 1);
    fs.writeFileSync(path.join(lib.music, 'junk/flac-head.flac'), Buffer.concat([flac.subarray(0, audioStart), noise(60 * 1024)]));
    fs.rmSync(path.join(lib.music, 'src'), { recursive: true });
    await lib.scan();
  }, 120_000);
  afterAll(() => lib?.cleanup());

  it.each(formats.map(([, ext]) => ext))('keeps a real %s file as a track, with its duration', (ext) => {
    expect(row(`good/a.${ext}`)?.ms).toBeGreaterThan(3900);
    expect(row(`good/a.${ext}`)?.ms).toBeLessThan(4200);
  });

  it('keeps a 0.2 s mp3 (a handful of frames) and a VBR mp3 without a Xing header', () => {
    expect(row('good/short.mp3')?.ms).toBeGreaterThan(150);
    expect(row('good/vbr-no-xing.mp3')?.ms).toBeGreaterThan(3900);
  });

  it.each(['mp3', 'mp2', 'aac', 'm4a', 'flac', 'ogg', 'opus', 'wav', 'aiff', 'wma'])('never takes random bytes named .%s for a track', (ext) => {
    expect(row(`junk/random.${ext}`)).toBeUndefined();
    expect(reason(`junk/random.${ext}`)).toMatch(/^[a-z].{10,}[^.]$/);
  });

  it('rejects one valid MPEG header followed by noise, and a FLAC header followed by noise', () => {
    expect(reason('junk/one-frame.mp3')).toMatch(/not audio: no run of consecutive MPEG audio frames/);
    expect(reason('junk/flac-head.flac')).toMatch(/FLAC/);
  });

  it.each(['mp3', 'wav', 'aiff', 'flac', 'wma', 'vbr-no-xing.mp3'])('takes a cut-off file\'s duration from its data (%s)', (name) => {
    const rel = name.includes('.') ? `cut/${name}` : `cut/a.${name}`;
    const ms = row(rel)?.ms;
    // A third of a 4 s file (less for FLAC, whose metadata block takes part of the cut), not the header's 4 s.
    expect(ms, reason(rel) ?? 'no error').toBeGreaterThan(300);
    expect(ms).toBeLessThan(1600);
  });
});

describe('AAC with iTunes gapless info (iTunSMPB, no edit list)', () => {
  let lib: TempLibrary;
  beforeAll(async () => {
    lib = tempLibrary();
    const original = path.join(lib.dir, 'original.wav');
    await writeSmpbOriginal(original, { rate: 44100, samples: 111_279 });
    await writeSmpbSource(path.join(lib.music, 'itunes.m4a'), original, { rate: 44100, samples: 111_279, style: 'itunes' });
    await writeSmpbSource(path.join(lib.music, 'bad tag.m4a'), original, { rate: 44100, samples: 111_279, style: 'itunes', tag: 'not a tag' });
    await lib.scan();
  }, 60_000);
  afterAll(() => lib?.cleanup());

  const durationOf = (name: string) => (lib.catalog.db.prepare('SELECT duration_ms AS d FROM tracks WHERE path = ?').get(path.join(lib.music, name)) as { d: number }).d;

  it('takes the length the tag gives, not the priming and padding too', () => {
    expect(durationOf('itunes.m4a')).toBe(Math.round((111_279 / 44100) * 1000)); // 2523 ms; the sample table holds 2.6 s
  });

  it('keeps the header length when the tag is malformed', () => {
    expect(durationOf('bad tag.m4a')).toBeGreaterThan(2550);
  });
});
