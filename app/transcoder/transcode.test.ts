// Real ffmpeg on real generated files: every default rung, the preview cut, Opus, loudness.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseFile } from 'music-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, tempLibrary } from '../testing/temp.ts';
import { retag } from '../testing/audio.ts';
import { AAC_LADDER, OPUS_LADDER, customLadder } from './ladders.ts';
import { filterOptionValue, measureLoudness, parseEbur128, probeSource, transcode } from './transcode.ts';
import { histogramOf, integratedLoudness } from '../model/loudnessBlocks.ts';
import { editList, runFfmpegCli, runFfprobeCli, topLevelBoxes, writeSource } from './testSources.ts';
import type { SourceInfo } from './types.ts';

let dir: string;
let music: SourceInfo;
let middle: SourceInfo;

beforeAll(async () => {
  dir = tempDir('tonearm-transcode-');
  await Promise.all([
    writeSource(path.join(dir, 'music.flac'), 'music', 70),
    writeSource(path.join(dir, 'middle.flac'), 'middle-tone', 70),
  ]);
  music = await probeSource(path.join(dir, 'music.flac'));
  middle = await probeSource(path.join(dir, 'middle.flac'));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('transcode: the default AAC ladder', () => {
  it.each(AAC_LADDER.rungs.filter((r) => r.previewSeconds === undefined).map((r) => [r.name, r] as const))(
    '%s is a faststart AAC-LC M4A at about its bitrate, as long as the source',
    async (_name, rung) => {
      const outFile = path.join(dir, `music-${rung.name}.m4a`);
      const result = await transcode({ source: music, rung, outFile });
      expect(result).toMatchObject({ rung: rung.name, file: outFile, codec: 'aac', contentType: 'audio/mp4' });
      expect(Math.abs(result.durationMs - 70_000)).toBeLessThan(200);
      const meta = await parseFile(outFile);
      expect(meta.format.codec).toBe('MPEG-4/AAC');
      expect(meta.format.container).toMatch(/^M4A/);
      expect(meta.format.duration).toBeCloseTo(70, 0);
      expect(meta.format.bitrate).toBeGreaterThan(rung.bitrate * 0.75);
      expect(meta.format.bitrate).toBeLessThan(rung.bitrate * 1.25);
      expect(result.bitrate).toBeGreaterThan(rung.bitrate * 0.75);
      expect(result.bitrate).toBeLessThan(rung.bitrate * 1.25);
      // Faststart: the index (moov) comes before the audio (mdat), so playback starts after one range request.
      const boxes = await topLevelBoxes(outFile);
      expect(boxes[0]).toBe('ftyp');
      expect(boxes.indexOf('moov')).toBeGreaterThan(-1);
      expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
      // Only the final file is left: no temp file beside it.
      expect(readdirSync(dir).filter((n) => n.endsWith('.part'))).toEqual([]);
    },
    30_000,
  );

  it.each([[44100, 111_279], [48000, 121_123]])('gapless: at %i Hz the edit list skips the priming and plays exactly the source\'s %i samples', async (rate, samples) => {
    const src = path.join(dir, `exact-${rate}.flac`);
    await runFfmpegCli(['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=${rate}`, '-af', `atrim=end_sample=${samples}`, '-ac', '2', '-c:a', 'flac', src]);
    const source = await probeSource(src);
    const rung = AAC_LADDER.rungs.find((r) => r.name === 'medium');
    if (!rung) throw new Error('no medium rung');
    const outFile = path.join(dir, `exact-${rate}.m4a`);
    await transcode({ source, rung, outFile });
    const e = editList(outFile);
    expect(e.mediaTimescale).toBe(rate);
    expect(e.mediaTime).toBe(1024); // AAC priming, skipped
    expect(e.mediaDuration).toBe(samples + 1024); // every encoded sample is in the file
    // The edit's duration, in the movie's timescale, is the source's length to the sample.
    expect((e.editDuration * rate) / e.movieTimescale).toBe(samples);
    // And a stream copy keeps it (the "source" plan of an AAC library file).
    const copy = path.join(dir, `exact-${rate}-copy.m4a`);
    await transcode({ source: await probeSource(outFile), rung, outFile: copy, action: 'source' });
    expect((editList(copy).editDuration * rate) / editList(copy).movieTimescale).toBe(samples);
  }, 30_000);

  it.each([[44100, 111_279], [48000, 118_720]])('gapless: a %i Hz M4A that ffmpeg made (edit list in ms) is copied with all its %i samples', async (rate, samples) => {
    // ffmpeg's own M4A: its edit list says the length rounded down to a millisecond, its sample table the truth.
    const src = path.join(dir, `ms-${rate}.m4a`);
    await runFfmpegCli(['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=${rate}`, '-af', `atrim=end_sample=${samples}`, '-ac', '2', '-c:a', 'aac', '-b:a', '96k', src]);
    const own = editList(src);
    expect(own.movieTimescale).toBe(1000);
    expect(Math.round((own.editDuration * rate) / 1000)).toBeLessThan(samples); // rounded away
    const rung = AAC_LADDER.rungs.find((r) => r.name === 'high');
    if (!rung) throw new Error('no high rung');
    const copy = path.join(dir, `ms-${rate}-copy.m4a`);
    await transcode({ source: await probeSource(src), rung, outFile: copy, action: 'source' });
    const e = editList(copy);
    expect(e.mediaTime).toBe(1024);
    expect(e.mediaDuration).toBe(samples + 1024);
    expect((e.editDuration * rate) / e.movieTimescale).toBe(samples);
    // The same audio packets, none added or dropped.
    const packets = async (f: string) => (await runFfprobeCli(['-ignore_editlist', '1', '-show_entries', 'packet=size', '-of', 'csv=p=0', f])).trim();
    expect(await packets(copy)).toBe(await packets(src));
  }, 30_000);

  it('preview: 30 s cut from the middle of a 70 s track', async () => {
    // A custom rung: the built-in ladders make no previews.
    const rung = customLadder('p', [{ name: 'preview', codec: 'aac', bitrate: 128_000, previewSeconds: 30 }]).rungs[0]!;
    const outFile = path.join(dir, 'middle-preview.m4a');
    const result = await transcode({ source: middle, rung, outFile });
    expect(Math.abs(result.durationMs - 30_000)).toBeLessThan(150);
    const meta = await parseFile(outFile);
    expect(meta.format.codec).toBe('MPEG-4/AAC');
    expect(meta.format.duration).toBeCloseTo(30, 0);
    expect((await topLevelBoxes(outFile)).indexOf('moov')).toBeLessThan((await topLevelBoxes(outFile)).indexOf('mdat'));
    // The source is silent except from 20 s to 50 s: a cut from the middle (20-50 s) holds no silence
    // longer than its fades; a cut from the start would hold 20 s of it.
    const silence = async (file: string): Promise<number> => {
      const log = await runFfmpegCli(['-i', file, '-af', 'silencedetect=n=-50dB:d=0.5', '-f', 'null', '-']);
      return [...log.matchAll(/silence_duration: ([\d.]+)/g)].reduce((s, m) => s + Number(m[1]), 0);
    };
    expect(await silence(outFile)).toBeLessThan(1);
    expect(await silence(middle.path)).toBeGreaterThan(35);
  }, 30_000);

  it('a lossy source used as is: audio stream-copied, no tags, tag edits do not change the bytes', async () => {
    const mp3 = path.join(dir, 'tagged.mp3');
    await writeSource(mp3, 'music', 8, 'mp3_128');
    await retag(mp3, { title: 'One', artist: 'Someone' });
    const source = await probeSource(mp3);
    const medium = AAC_LADDER.rungs[1]!;
    const a = await transcode({ source, rung: medium, outFile: path.join(dir, 'copy-a.mp3'), action: 'source' });
    await retag(mp3, { title: 'A much longer title than before, to move the audio', comment: 'x'.repeat(500) });
    const b = await transcode({ source: await probeSource(mp3), rung: medium, outFile: path.join(dir, 'copy-b.mp3'), action: 'source' });
    expect(a).toMatchObject({ codec: 'mp3', contentType: 'audio/mpeg' });
    expect(b.bytes).toBe(a.bytes);
    const meta = await parseFile(a.file);
    expect(meta.common.title).toBeUndefined();
    expect(meta.format.codec).toBe('MPEG 1 Layer 3');
    expect(meta.format.bitrate).toBeCloseTo(128_000, -3);
  }, 30_000);
});

describe('transcode: Opus', () => {
  it.each(OPUS_LADDER.rungs.map((r) => [r.name, r] as const))('%s is an Opus WebM that parses and plays through', async (_name, rung) => {
    const outFile = path.join(dir, `music-${rung.name}.webm`);
    const result = await transcode({ source: music, rung, outFile });
    expect(result).toMatchObject({ codec: 'opus', contentType: 'audio/webm' });
    const meta = await parseFile(outFile);
    expect(meta.format.container).toBe('EBML/webm');
    expect(meta.format.codec).toBe('OPUS');
    const expected = rung.previewSeconds ?? 70;
    expect(meta.format.duration).toBeCloseTo(expected, 0);
    // VBR on noise: below target, but in the rung's league.
    expect(result.bitrate).toBeLessThan(rung.bitrate * 1.25);
    expect(result.bitrate).toBeGreaterThan(rung.bitrate * 0.5);
    // Decodes end to end without an error.
    await runFfmpegCli(['-v', 'error', '-xerror', '-i', outFile, '-f', 'null', '-']);
  }, 30_000);
});

describe('measureLoudness', () => {
  it('a -20 dBFS 1 kHz sine measures about -23 LUFS, as ffmpeg itself says, and is stored once per audio', async () => {
    const lib = tempLibrary();
    try {
      const file = path.join(lib.music, 'sine.flac');
      await writeSource(file, 'sine-20', 20);
      const loud = await measureLoudness({ file });
      expect(loud.integratedLufs).toBeGreaterThan(-24.5);
      expect(loud.integratedLufs).toBeLessThan(-21.5);
      expect(loud.truePeakDb).toBeCloseTo(-20, 0);
      expect(loud.rangeLu).toBeLessThan(1);
      // ffmpeg's own reading of the same file, parsed independently.
      const log = await runFfmpegCli(['-i', file, '-af', 'ebur128=peak=true', '-f', 'null', '-']);
      const summary = log.slice(log.lastIndexOf('Summary:'));
      expect(loud.integratedLufs).toBe(Number(/I:\s+(-?[\d.]+) LUFS/.exec(summary)?.[1]));
      expect(loud.rangeLu).toBe(Number(/LRA:\s+(-?[\d.]+) LU/.exec(summary)?.[1]));
      expect(loud.truePeakDb).toBe(Number(/Peak:\s+(-?[\d.]+) dBFS/.exec(summary)?.[1]));

      await lib.scan();
      const track = lib.catalog.db.prepare<[], { id: number; fingerprint: string }>('SELECT id, fingerprint FROM tracks').get()!;
      expect(lib.catalog.loudness.get(track.id)).toBeNull();
      expect(lib.catalog.loudness.missing().map((m) => m.trackId)).toEqual([track.id]);
      lib.catalog.loudness.put(track.id, track.fingerprint, loud);
      expect(lib.catalog.loudness.get(track.id)).toEqual(loud);
      expect(lib.catalog.loudness.missing()).toEqual([]);
      // A tag edit keeps the fingerprint: the measurement still holds, nothing to re-measure.
      await retag(file, { title: 'Renamed' });
      await lib.scan();
      const after = lib.catalog.db.prepare<[], { id: number; fingerprint: string; title: string }>('SELECT id, fingerprint, title FROM tracks').get()!;
      expect(after).toMatchObject({ id: track.id, fingerprint: track.fingerprint, title: 'Renamed' });
      expect(lib.catalog.loudness.get(track.id)).toEqual(loud);
      // Reopened from disk.
      lib.catalog.close();
      const { openCatalog } = await import('../catalog/index.ts');
      const again = openCatalog({ file: lib.dbFile });
      try {
        expect(again.loudness.get(track.id)).toEqual(loud);
        expect(again.loudness.byFingerprint(track.fingerprint)).toEqual(loud);
        // New audio under the same row: the old measurement is stale.
        again.db.prepare('UPDATE tracks SET fingerprint = ? WHERE id = ?').run('f'.repeat(64), track.id);
        expect(again.loudness.get(track.id)).toBeNull();
        expect(again.loudness.missing()).toHaveLength(1);
        // Digital silence (-inf) round-trips.
        const silent = { integratedLufs: -70, truePeakDb: -Infinity, rangeLu: 0 };
        again.loudness.put(track.id, 'f'.repeat(64), silent);
        expect(again.loudness.get(track.id)).toEqual(silent);
      } finally {
        again.close();
      }
    } finally {
      lib.cleanup();
    }
  }, 60_000);

  it('keeps every gating block that ffmpeg\'s own frame log shows: 44.1 and 48 kHz, stereo and mono, a partial last block', async () => {
    const dir = tempDir('tonearm-blocks-');
    try {
      const files = [path.join(dir, 'music.flac'), path.join(dir, 'sine.flac')];
      await writeSource(files[0] as string, 'music', 7.05);
      await writeSource(files[1] as string, 'sine-20', 3.33);
      for (const file of files) {
        const loud = await measureLoudness({ file });
        // The reference: the M of every 100 ms line of ffmpeg's frame log, read independently.
        const log = await runFfmpegCli(['-i', file, '-af', 'ebur128=framelog=info', '-f', 'null', '-']);
        const reference = [...log.matchAll(/\bt:\s*[\d.]+\s+TARGET:\S+\s+LUFS\s+M:\s*(-?[\d.]+|-?inf)/g)].map((m) => Number(m[1]));
        expect(reference.length).toBeGreaterThan(30);
        const ref = histogramOf(reference);
        const blocks = loud.blocks ?? { min: 0, counts: [] };
        expect(blocks.counts.reduce((a, b) => a + b, 0), file).toBe(ref.counts.reduce((a, b) => a + b, 0));
        expect(Math.abs(integratedLoudness(blocks) - integratedLoudness(ref)), file).toBeLessThan(0.05);
        expect(Math.abs(integratedLoudness(blocks) - loud.integratedLufs), file).toBeLessThan(0.1);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('writes its blocks to a temporary folder whatever its name holds (filtergraph escaping), and leaves nothing behind', async () => {
    const odd = tempDir("tonearm-odd-:,;[]'\\ name-");
    const saved = process.env.TMPDIR;
    try {
      const file = path.join(odd, 'music.flac');
      await writeSource(file, 'music', 2);
      process.env.TMPDIR = odd;
      const loud = await measureLoudness({ file });
      expect(loud.blocks?.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
      expect(readdirSync(odd)).toEqual(['music.flac']);
      expect(filterOptionValue("C:\\a,b'[c]")).toBe("C\\\\:\\\\\\\\a\\,b\\\\\\'\\[c\\]");
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      rmSync(odd, { recursive: true, force: true });
    }
  }, 60_000);

  it('parses digital silence (-inf)', () => {
    const summary = `[Parsed_ebur128_0 @ 0x1] Summary:\n\n  Integrated loudness:\n    I:         -70.0 LUFS\n    Threshold:   0.0 LUFS\n\n  Loudness range:\n    LRA:         0.0 LU\n    Threshold:   0.0 LUFS\n\n  True peak:\n    Peak:       -inf dBFS\n`;
    expect(parseEbur128(summary)).toEqual({ integratedLufs: -70, rangeLu: 0, truePeakDb: -Infinity });
    expect(() => parseEbur128('nothing here')).toThrow(/no loudness summary/);
  });
});
