// One rendition, one loudness measurement, one probe: real ffmpeg through ./ffmpeg.ts.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { probe, resolveFfmpeg, runFfmpeg, type FfmpegOptions, type FfmpegPaths } from './ffmpeg.ts';
import { aacGapless } from './aacGapless.ts';
import { encodeArgs, renditionFormat } from './format.ts';
import { playableFamily } from './plan.ts';
import type { Loudness, RenditionResult, Rung, SourceInfo } from './types.ts';
import { histogramOf } from '../model/loudnessBlocks.ts';
import { withInputFile } from './input.ts';

export interface TranscodeOptions extends FfmpegOptions {
  /** The source track (durationMs places a preview; codec/container pick a 'source' copy's format). */
  source: SourceInfo;
  rung: Rung;
  /** Final file name. Written as `<outFile>.<pid>.<random>.part` first, renamed when complete. */
  outFile: string;
  signal?: AbortSignal | undefined;
  /** 'encode' (default) or 'source': the source's audio stream-copied, without tags or pictures. */
  action?: 'encode' | 'source';
  /** Encode at this bitrate when lower than the rung's (RungPlan.bitrate). */
  bitrate?: number | undefined;
  /** Seconds of output audio written so far. */
  onProgress?: ((seconds: number) => void) | undefined;
  /** Already resolved binaries (the pool resolves once); else resolved from the options. */
  paths?: FfmpegPaths | undefined;
}

/** Suffix of in-progress files: `<final>.<pid>.<hex>.part`. Never under the final name. */
export const PART_SUFFIX = '.part';

export function partFileFor(outFile: string): string {
  return `${outFile}.${process.pid}.${randomBytes(4).toString('hex')}${PART_SUFFIX}`;
}

/**
 * Makes one rendition with ffmpeg. The output appears under `outFile` only when complete (temp file
 * + rename in the same folder), so a crash or an abort never leaves a half file under the final name.
 */
export function transcode(options: TranscodeOptions): Promise<RenditionResult> {
  return withInputFile(options.source.path, (input) => transcodeFrom(input, options));
}

async function transcodeFrom(input: string, options: TranscodeOptions): Promise<RenditionResult> {
  const paths = options.paths ?? resolveFfmpeg(options);
  const action = options.action ?? 'encode';
  const format = renditionFormat({ rung: options.rung, action }, options.source);
  const part = partFileFor(options.outFile);
  try {
    // An AAC-in-MP4 source's rendition keeps exactly the samples it plays: its edit list, the
    // samples a millisecond edit list rounds away, or what its iTunSMPB tag says (aacGapless.ts).
    const aac = playableFamily(options.source) === 'aac' && (action === 'source' || options.rung.previewSeconds === undefined);
    const gapless = aac ? await aacGapless(paths.ffprobe, input) : null;
    const args = encodeArgs({ rung: options.rung, action, source: options.source, bitrate: options.bitrate, samples: gapless?.samples, skip: gapless?.skip });
    const copy = action === 'source' && gapless !== null;
    await runFfmpeg({
      paths,
      input,
      inputOptions: [...(copy ? gapless.copyInput : []), ...args.inputOptions],
      outputOptions: [...(copy ? gapless.copyOutput : []), ...args.outputOptions],
      output: part,
      signal: options.signal,
      onProgress: options.onProgress,
    });
    const info = await probe(paths, part);
    const { size } = await stat(part);
    if (size === 0 || info.durationMs <= 0) throw new Error(`ffmpeg wrote no audio for ${path.basename(options.source.path)}`);
    options.signal?.throwIfAborted();
    await rename(part, options.outFile);
    return {
      rung: options.rung.name,
      file: options.outFile,
      bytes: size,
      // Bits stored per second of audio (container included): what the bucket and the network pay.
      bitrate: Math.round((size * 8) / (info.durationMs / 1000)),
      codec: format.codec,
      contentType: format.contentType,
      durationMs: info.durationMs,
    };
  } catch (err) {
    await rm(part, { force: true });
    throw err;
  }
}

/** SourceInfo of a file from ffprobe, for callers without a catalog row. */
export async function probeSource(file: string, options: FfmpegOptions & { paths?: FfmpegPaths } = {}): Promise<SourceInfo> {
  const paths = options.paths ?? resolveFfmpeg(options);
  const info = await withInputFile(file, (input) => probe(paths, input));
  const codec = info.codec;
  const lossless = codec !== null && /^(flac|alac|pcm_|wavpack|ape|tta|mlp|truehd|wmalossless)/.test(codec);
  const container = info.formatName === null ? null : /mp4|m4a|mov/.test(info.formatName) ? 'M4A' : info.formatName;
  return { path: file, codec: codec === 'mp3' ? 'MPEG 1 Layer 3' : codec, container, lossless, bitrate: info.bitrate, durationMs: info.durationMs };
}

export interface MeasureLoudnessOptions extends FfmpegOptions {
  file: string;
  signal?: AbortSignal | undefined;
  paths?: FfmpegPaths | undefined;
  /** Scheduling niceness of ffmpeg (10 for background measurement). */
  niceness?: number | undefined;
}

/** One gating block's loudness as ametadata prints it (`lavfi.r128.M=-23.046`). */
const momentary = /^lavfi\.r128\.M=(-?inf|-?\d+(?:\.\d+)?)$/gm;

/** A value as one filter option inside an `-af` filtergraph: ffmpeg's two escaping levels. */
export function filterOptionValue(value: string): string {
  return value.replace(/[\\':]/g, '\\$&').replace(/[\\'[\],;]/g, '\\$&');
}

/**
 * EBU R128 loudness of a whole file: ffmpeg's `ebur128=peak=true`, its summary parsed from stderr,
 * and every gating block's loudness (the momentary "M", a 400 ms block every 100 ms) kept as a
 * histogram. The blocks come as frame metadata, which ebur128 sets on the frame in which a block
 * ends — frames of 400 samples (at most one block ends in each, at any rate from 4 kHz up) — written
 * by `ametadata` to a temporary file. ffmpeg buffers that file, whereas the frame log on stderr
 * (`framelog=info`) costs a pipe write and a wake-up of this process per block: ~16% more CPU in
 * all (app/loudness/README.md). Same values, same summary.
 */
export async function measureLoudness(options: MeasureLoudnessOptions): Promise<Loudness> {
  const paths = options.paths ?? resolveFfmpeg(options);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tonearm-r128-'));
  const blocksFile = path.join(dir, 'blocks.txt');
  try {
    const filter = `asetnsamples=n=400:p=0,ebur128=peak=true:metadata=1,ametadata=mode=print:key=lavfi.r128.M:file=${filterOptionValue(blocksFile)}`;
    const { stderr } = await withInputFile(options.file, (input) => runFfmpeg({
      paths,
      input,
      inputOptions: ['-nostats'],
      outputOptions: ['-map', '0:a:0', '-vn', '-sn', '-dn', '-af', filter, '-f', 'null'],
      output: '-',
      signal: options.signal,
      niceness: options.niceness,
    }));
    const summary = parseEbur128(stderr);
    const text = await readFile(blocksFile, 'utf8').catch(() => '');
    const blocks: number[] = [];
    for (const m of text.matchAll(momentary)) if (m[1] !== undefined && !m[1].endsWith('inf')) blocks.push(Number(m[1]));
    return { ...summary, blocks: histogramOf(blocks) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function value(block: string, label: string, unit: string): number | null {
  const m = new RegExp(`${label}:\\s*(-?inf|[-+]?\\d+(?:\\.\\d+)?)\\s*${unit}`).exec(block);
  if (!m || m[1] === undefined) return null;
  return m[1] === '-inf' ? -Infinity : m[1] === 'inf' ? Infinity : Number(m[1]);
}

/** Parses the summary ffmpeg's ebur128 filter prints when it closes. Throws when it is missing. */
export function parseEbur128(stderr: string): Loudness {
  const at = stderr.lastIndexOf('Summary:');
  if (at < 0) throw new Error('ffmpeg printed no loudness summary (no audio decoded?)');
  const summary = stderr.slice(at);
  const integrated = value(summary, 'I', 'LUFS');
  const range = value(summary, 'LRA', 'LU');
  const peakBlock = summary.slice(Math.max(0, summary.indexOf('True peak:')));
  const peak = value(peakBlock, 'Peak', 'dBFS');
  if (integrated === null || range === null || peak === null) throw new Error('the loudness summary from ffmpeg could not be read');
  return { integratedLufs: integrated, truePeakDb: peak, rangeLu: range };
}
