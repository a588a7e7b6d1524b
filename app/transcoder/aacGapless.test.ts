// iTunSMPB-only AAC sources (iTunes' gapless info, no edit list) through the real transcoder: the
// rendition, copied or encoded, plays exactly the source's samples, lined up with the original PCM.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp.ts';
import { resolveFfmpeg } from './ffmpeg.ts';
import { aacGapless } from './aacGapless.ts';
import { parseITunSMPB } from '../contract/itunSmpb.ts';
import { AAC_LADDER } from './ladders.ts';
import { planRenditions } from './plan.ts';
import { probeSource, transcode } from './transcode.ts';
import { alignment, decodeMono, writeSmpbOriginal, writeSmpbSource, type SmpbSourceOptions } from '../testing/aacSmpb.ts';
import { editList, runFfmpegCli, runFfprobeCli } from './testSources.ts';
import type { Rung, SourceInfo } from './types.ts';

let dir: string;
beforeAll(() => {
  dir = tempDir('tonearm-smpb-');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const medium = AAC_LADDER.rungs.find((r) => r.name === 'medium') as Rung;
const low = AAC_LADDER.rungs.find((r) => r.name === 'low') as Rung;

async function source(name: string, o: SmpbSourceOptions) {
  const original = path.join(dir, `${name}.wav`);
  const file = path.join(dir, `${name}.m4a`);
  await writeSmpbOriginal(original, o);
  const tag = await writeSmpbSource(file, original, o);
  return { original, file, ...tag, info: await probeSource(file) };
}

/** Samples the file plays by its edit list, and where they start in its sample table. */
function plays(file: string): { samples: number; start: number } {
  const e = editList(file);
  return { samples: (e.editDuration * e.mediaTimescale) / e.movieTimescale, start: e.mediaTime };
}

/** The rendition's first and last second (by its edit list) line up with the original, sample for sample. */
async function expectAligned(rendition: string, original: string, samples: number, rate: number): Promise<void> {
  const [a, b] = await Promise.all([decodeMono(original), decodeMono(rendition)]);
  expect(a.length).toBe(samples);
  // ffmpeg 5.1 skips the priming but decodes the last frame whole: at least `samples`, never fewer.
  expect(b.length).toBeGreaterThanOrEqual(samples);
  for (const from of [0, samples - rate]) {
    const { lag, correlation } = alignment(a, b, from, rate);
    expect({ from, lag }).toEqual({ from, lag: 0 });
    expect(correlation).toBeGreaterThan(0.99);
  }
}

/** Makes a rendition of `src` and checks it plays `samples` from `start`, lined up with the original. */
async function expectRendition(src: { info: SourceInfo; original: string }, o: { rung: Rung; out: string; action?: 'source'; start: number; samples: number; rate: number }): Promise<void> {
  await transcode({ source: src.info, rung: o.rung, outFile: o.out, ...(o.action ? { action: o.action } : {}) });
  expect(plays(o.out)).toEqual({ samples: o.samples, start: o.start });
  await expectAligned(o.out, src.original, o.samples, o.rate);
}

const packetHashes = async (f: string) =>
  (await runFfprobeCli(['-ignore_editlist', '1', '-select_streams', 'a:0', '-show_entries', 'packet=data_hash', '-show_data_hash', 'md5', '-of', 'csv=p=0', f]))
    .split('\n').map((l) => l.replace(/^,/, '').trim()).filter((l) => l.startsWith('MD5:'));

describe('iTunSMPB-only AAC sources', () => {
  it.each([
    ['itunes', 44100, 111_279],
    ['ffmpeg', 48000, 121_123],
  ] as const)('copy (%s-style, %i Hz): the rendition\'s edit list is the tag — start at the priming, exactly %i samples', async (style, rate, samples) => {
    const src = await source(`copy-${style}-${rate}`, { style, rate, samples });
    // The real planner: a lossy AAC source fills one rung of the AAC ladder itself.
    const plan = planRenditions({ source: src.info, ladder: AAC_LADDER }).find((p) => p.action === 'source');
    if (!plan) throw new Error('the planner copies no rung of the source');
    const out = path.join(dir, `copy-${style}-${rate}-out.m4a`);
    await transcode({ source: src.info, rung: plan.rung, outFile: out, action: 'source' });
    expect(plays(out)).toEqual({ samples, start: src.priming });
    // The same packets, in the same bytes: only those holding nothing but padding are left out.
    const [before, after] = await Promise.all([packetHashes(src.file), packetHashes(out)]);
    expect(after.length).toBe(Math.ceil((src.priming + samples) / 1024));
    expect(after).toEqual(before.slice(0, after.length));
    await expectAligned(out, src.original, samples, rate);
  }, 60_000);

  it('encode (itunes-style): a transcoded rendition starts at the first real sample and plays exactly the source\'s', async () => {
    const samples = 97_333;
    const src = await source('encode', { style: 'itunes', rate: 44100, samples });
    expect(planRenditions({ source: src.info, ladder: AAC_LADDER }).find((p) => p.rung === low)?.action).toBe('encode');
    await expectRendition(src, { rung: low, out: path.join(dir, 'encode-out.m4a'), start: 1024, samples, rate: 44100 });
  }, 60_000);

  it('a priming ffmpeg does not skip itself (20 000 samples, over its 16 384 limit): copy and encode still start at the first real sample', async () => {
    const samples = 70_001;
    const src = await source('long-priming', { style: 'itunes', rate: 44100, samples, priming: 20_000 });
    expect(await aacGapless(resolveFfmpeg().ffprobe, src.file)).toMatchObject({ from: 'iTunSMPB', skip: 20_000, samples });
    await expectRendition(src, { rung: medium, out: path.join(dir, 'long-priming-copy.m4a'), action: 'source', start: 20_000, samples, rate: 44100 });
    await expectRendition(src, { rung: low, out: path.join(dir, 'long-priming-low.m4a'), start: 1024, samples, rate: 44100 });
  }, 60_000);

  it('encode from an M4A with an edit list (ffmpeg\'s, in milliseconds): exactly the samples its sample table holds, not its decoded padding', async () => {
    const samples = 88_201;
    const original = path.join(dir, 'edited.wav');
    const file = path.join(dir, 'edited.m4a');
    await writeSmpbOriginal(original, { rate: 44100, samples });
    await runFfmpegCli(['-i', original, '-c:a', 'aac', '-b:a', '128k', file]);
    expect((await aacGapless(resolveFfmpeg().ffprobe, file)).from).toBe('rounded-edit-list');
    const out = path.join(dir, 'edited-out.m4a');
    await transcode({ source: await probeSource(file), rung: low, outFile: out });
    expect(plays(out)).toEqual({ samples, start: 1024 });
    await expectAligned(out, original, samples, 44100);
  }, 60_000);

  // A tag that is not hex, one longer than the sample table, one that leaves seconds of it unaccounted for.
  it.each([
    ['not hex', ' 00000000 zz000840 00000511 000000000001B2AF'],
    ['too few fields', ' 00000000 00000840'],
    ['longer than the sample table', ' 00000000 00000840 00000000 00000000000F0000'],
    ['far shorter than the sample table', ' 00000000 00000840 00000000 0000000000001000'],
  ])('a tag that is %s is ignored: the copy is today\'s plain one, byte for byte', async (_what, tag) => {
    const name = `bad-${tag.replace(/\W+/g, '')}`;
    const src = await source(name, { style: 'itunes', rate: 44100, samples: 60_000, tag });
    expect((await aacGapless(resolveFfmpeg().ffprobe, src.file)).from).toBe('none');
    const out = path.join(dir, `${name}-out.m4a`);
    const result = await transcode({ source: src.info, rung: medium, outFile: out, action: 'source' });
    expect(result.durationMs).toBeGreaterThan(1000);
    const plain = path.join(dir, `${name}-plain.m4a`);
    await runFfmpegCli(['-i', src.file, '-map', '0:a:0', '-vn', '-sn', '-dn', '-map_metadata', '-1', '-map_chapters', '-1', '-c:a', 'copy',
      '-f', 'ipod', '-movflags', '+faststart', '-movie_timescale', '7056000', '-fflags', '+bitexact', plain]);
    expect(readFileSync(out).equals(readFileSync(plain))).toBe(true);
  }, 60_000);

  it('parses the tag strictly', () => {
    expect(parseITunSMPB(' 00000000 00000840 000001CA 00000000003F31F6 00000000 00000000')).toEqual({ priming: 0x840, padding: 0x1ca, length: 0x3f31f6 });
    expect(parseITunSMPB('00000000 00000840 000001CA 00000000003F31F6')).toEqual({ priming: 0x840, padding: 0x1ca, length: 0x3f31f6 });
    for (const bad of ['', ' 00000000 00000840 000001CA', ' 00000000 00000840 000001CA 0000000000000000', ' 0 840 1CA 3F31F6x', ' 0 -840 1CA 3F31F6']) {
      expect(parseITunSMPB(bad)).toBeNull();
    }
  });
});
