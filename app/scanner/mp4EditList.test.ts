// The catalog's duration of an AAC M4A with an edit list is what the edit list presents: not the
// encoder's priming, not ffmpeg's millisecond rounding. Real files from ffmpeg 5.1 scanned by the
// real scanner; edit lists rewritten into them for the cases ffmpeg does not write (mp4Edit.ts).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../testing/audio.ts';
import { mulberry32 } from '../testing/random.ts';
import { tempLibrary, type TempLibrary } from '../testing/temp.ts';
import { mp4EditedLength } from './mp4EditList.ts';
import { openSync } from './syncFile.ts';
import { rewriteEditList, writeFfmpegM4a, type EditListRewrite, type FfmpegM4aOptions } from './testing/mp4Edit.ts';

/** ffmpeg's AAC encoder primes with this many samples; its edit list skips them. */
const PRIMING = 1024;
const ms = (samples: number, rate: number) => Math.round((samples / rate) * 1000);

const made: Record<string, FfmpegM4aOptions> = {
  '44100-mono.m4a': { rate: 44100, channels: 1, samples: 111_279 },
  '48000-stereo.m4a': { rate: 48000, channels: 2, samples: 121_123 },
  '44100-stereo.m4a': { rate: 44100, channels: 2, samples: 100_001 },
  '48000-mono.m4a': { rate: 48000, channels: 1, samples: 96_001 },
  'faststart.m4a': { rate: 44100, channels: 2, samples: 70_001, faststart: true },
};

// Rewritten copies of 44100-mono.m4a (111 279 samples after 1024 of priming; movie timescale 1000).
const base = made['44100-mono.m4a']!;
const presented: Record<string, [EditListRewrite, number]> = {
  'empty leading edit.m4a': [{ edits: [{ duration: 500, mediaTime: -1 }, { duration: 2523, mediaTime: PRIMING }] }, ms(base.samples, 44100)],
  'cut.m4a': [{ edits: [{ duration: 1500, mediaTime: PRIMING + 44100 }] }, 1500],
  // 1.5 s in a 48 kHz movie timescale over 44.1 kHz media: 72 000 movie ticks, 66 150 samples.
  'v1 movie 48k.m4a': [{ version: 1, movieTimescale: 48000, edits: [{ duration: 72_000, mediaTime: PRIMING + 22050 }] }, 1500],
};
const header = ms(base.samples + PRIMING, 44100);
const fallback: Record<string, EditListRewrite> = {
  'two edits.m4a': { edits: [{ duration: 1000, mediaTime: PRIMING }, { duration: 1000, mediaTime: PRIMING + 66150 }] },
  'dwell.m4a': { edits: [{ duration: 2523, mediaTime: PRIMING, rate: 0 }] },
  'count past the box.m4a': { edits: [{ duration: 2523, mediaTime: PRIMING }], count: 1000 },
  'media time past the end.m4a': { edits: [{ duration: 1000, mediaTime: 200_000 }] },
  'movie timescale 0.m4a': { movieTimescale: 0, edits: [{ duration: 2523, mediaTime: PRIMING }] },
};

describe('AAC in MP4 with an edit list: the duration it presents', () => {
  let lib: TempLibrary;
  const at = (name: string) => path.join(lib.music, name);
  const row = (name: string) => lib.catalog.db.prepare('SELECT duration_ms AS ms FROM tracks WHERE path = ?').get(at(name)) as { ms: number } | undefined;
  const reason = (name: string) => lib.catalog.scanErrors.list().find((e) => e.path === at(name))?.reason ?? 'no scan error';
  /** Samples of the file's sample table (ffprobe, edit list ignored). */
  const sampleTable = async (name: string) => Number((await run('ffprobe', ['-v', 'error', '-ignore_editlist', '1', '-select_streams', 'a:0', '-show_entries', 'stream=duration_ts', '-of', 'csv=p=0', at(name)])).trim());

  beforeAll(async () => {
    lib = tempLibrary();
    await Promise.all([...Object.entries(made).map(([name, o]) => writeFfmpegM4a(at(name), o)), writeFfmpegM4a(at('no edit list.m4a'), { ...base, editList: false })]);
    for (const [name, [rewrite]] of Object.entries(presented)) {
      fs.copyFileSync(at('44100-mono.m4a'), at(name));
      rewriteEditList(at(name), rewrite);
    }
    for (const [name, rewrite] of Object.entries(fallback)) {
      fs.copyFileSync(at('44100-mono.m4a'), at(name));
      rewriteEditList(at(name), rewrite);
    }
    await lib.scan();
  }, 120_000);
  afterAll(() => lib?.cleanup());

  it.each(Object.entries(made))('%s: the true length, not the priming too (%o)', async (name, o) => {
    // ffmpeg's sample table holds the priming and then exactly the samples encoded.
    expect(await sampleTable(name)).toBe(o.samples + PRIMING);
    expect(row(name)?.ms, reason(name)).toBe(ms(o.samples, o.rate));
  });

  it.each(Object.entries(presented))('%s: what the edit list presents', (name, [, expected]) => {
    expect(row(name)?.ms, reason(name)).toBe(expected);
  });

  it.each(Object.keys(fallback))('%s: an edit list it cannot interpret leaves the header length (still a track)', (name) => {
    expect(row(name)?.ms, reason(name)).toBe(header);
  });

  it('a file without an edit list keeps the header length (the sample table\'s, priming included)', async () => {
    expect(await sampleTable('no edit list.m4a')).toBe(base.samples + PRIMING);
    expect(row('no edit list.m4a')?.ms, reason('no edit list.m4a')).toBe(header);
  });
});

describe('mp4EditedLength on damaged boxes', () => {
  let lib: TempLibrary;
  beforeAll(async () => {
    lib = tempLibrary();
    await writeFfmpegM4a(path.join(lib.dir, 'a.m4a'), base);
  }, 60_000);
  afterAll(() => lib?.cleanup());

  it('never throws: any bytes of moov changed at random give a length or null', () => {
    const good = fs.readFileSync(path.join(lib.dir, 'a.m4a'));
    const moov = good.lastIndexOf(Buffer.from('moov')) - 4;
    const random = mulberry32(7);
    const file = path.join(lib.dir, 'damaged.m4a');
    const seen = { null: 0, length: 0 };
    for (let i = 0; i < 500; i++) {
      const b = Buffer.from(good);
      // A few bytes of the box headers and tables (the first 400 bytes of moov hold mvhd, tkhd, edts, mdhd, hdlr).
      for (let n = 1 + Math.floor(random() * 4); n > 0; n--) b[moov + Math.floor(random() * 400)] = Math.floor(random() * 256);
      fs.writeFileSync(file, b);
      const f = openSync(file);
      try {
        const r = mp4EditedLength(f);
        if (r === null) seen.null++;
        else {
          expect(r.seconds).toBeGreaterThan(0);
          expect(Number.isFinite(r.seconds)).toBe(true);
          seen.length++;
        }
      } finally {
        f.close();
      }
    }
    // Most damage misses the few fields read; some breaks the chain of boxes.
    expect(seen.null).toBeGreaterThan(0);
    expect(seen.length).toBeGreaterThan(0);
  });
});
