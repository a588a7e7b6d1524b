// What file a plan produces: extension, content type, and the ffmpeg output options to make it.
import { playableFamily, type SourceFamily } from './plan.ts';
import type { Rung, RungPlan, SourceInfo } from './types.ts';

export interface RenditionFormat {
  extension: string;
  contentType: string;
  /** Codec of the audio in the file: 'aac' | 'opus' | 'mp3' | 'vorbis'. */
  codec: string;
}

/**
 * Muxer + options per output kind. `-fflags +bitexact`: no encoder/version strings, same bytes each
 * time. M4A: the movie timescale is a multiple of 44.1 and 48 kHz (7 056 000 = lcm), so the edit
 * list (encoder priming skipped, the exact number of samples played) is sample-exact — with
 * ffmpeg's default (1000) it is rounded down to a millisecond: players that honour it cut up to
 * 47 samples from every track's end, and a stream copy of such a file loses them for good.
 */
export const M4A_MOVIE_TIMESCALE = 7_056_000;
const MUX = {
  m4a: ['-f', 'ipod', '-movflags', '+faststart', '-movie_timescale', String(M4A_MOVIE_TIMESCALE), '-fflags', '+bitexact'],
  webm: ['-f', 'webm', '-cues_to_front', '1', '-fflags', '+bitexact'],
  mp3: ['-f', 'mp3', '-id3v2_version', '0', '-write_id3v1', '0', '-fflags', '+bitexact'],
} as const;

const SOURCE_FORMAT: Record<SourceFamily, RenditionFormat & { mux: keyof typeof MUX }> = {
  mp3: { extension: 'mp3', contentType: 'audio/mpeg', codec: 'mp3', mux: 'mp3' },
  aac: { extension: 'm4a', contentType: 'audio/mp4', codec: 'aac', mux: 'm4a' },
  // Ogg is remuxed into WebM: Safari plays Opus/Vorbis in WebM, not in Ogg.
  opus: { extension: 'webm', contentType: 'audio/webm', codec: 'opus', mux: 'webm' },
  vorbis: { extension: 'webm', contentType: 'audio/webm', codec: 'vorbis', mux: 'webm' },
};

function sourceFamily(source: Pick<SourceInfo, 'codec' | 'container' | 'lossless'>): SourceFamily {
  const family = playableFamily(source);
  if (family === null) throw new Error(`the source (${source.codec ?? 'unknown codec'}) is not a format browsers play; it must be encoded`);
  return family;
}

/** The file a plan makes: the rung's format for 'encode', the source's own family for 'source'. */
export function renditionFormat(plan: Pick<RungPlan, 'rung' | 'action'>, source: Pick<SourceInfo, 'codec' | 'container' | 'lossless'>): RenditionFormat {
  if (plan.action === 'source') {
    const { extension, contentType, codec } = SOURCE_FORMAT[sourceFamily(source)];
    return { extension, contentType, codec };
  }
  return { extension: plan.rung.extension, contentType: plan.rung.contentType, codec: plan.rung.codec };
}

export interface EncodeArgs {
  inputOptions: string[];
  outputOptions: string[];
  /** Seconds of audio the output will hold (for progress and realtime figures). */
  expectedSeconds: number;
}

const fmt = (n: number): string => n.toFixed(3);

/** ffmpeg arguments for one rung of one source (durationMs is needed for previews). */
export function encodeArgs(options: {
  rung: Rung;
  action: 'encode' | 'source';
  source: Pick<SourceInfo, 'codec' | 'container' | 'lossless' | 'durationMs'>;
  bitrate?: number | undefined;
  /**
   * Samples the source plays after its priming (an AAC source's edit list or iTunSMPB, aacGapless.ts):
   * a full-track encode keeps exactly these — ffmpeg 5.1 decodes an AAC stream's end padding too.
   */
  samples?: number | null | undefined;
  /** Samples of priming ffmpeg does not skip itself, before those `samples`. */
  skip?: number | undefined;
}): EncodeArgs {
  const { rung, source } = options;
  const durationS = Math.max(0, source.durationMs / 1000);
  // Audio only: no cover pictures, no tags, no chapters (tags live in the catalog, not the object).
  const common = ['-map', '0:a:0', '-vn', '-sn', '-dn', '-map_metadata', '-1', '-map_chapters', '-1'];
  if (options.action === 'source') {
    const family = SOURCE_FORMAT[sourceFamily(source)];
    return { inputOptions: [], outputOptions: [...common, '-c:a', 'copy', ...MUX[family.mux]], expectedSeconds: durationS };
  }
  const bitrate = Math.round(Math.min(options.bitrate ?? rung.bitrate, rung.bitrate));
  const input: string[] = [];
  const filters: string[] = [];
  let expected = durationS;
  // In source samples, so before any resampling.
  if (rung.previewSeconds === undefined && options.samples != null && options.samples > 0) {
    const skip = options.skip ?? 0;
    filters.push(skip > 0 ? `atrim=start_sample=${skip}:end_sample=${skip + options.samples},asetpts=PTS-STARTPTS` : `atrim=end_sample=${options.samples}`);
  }
  if (rung.previewSeconds !== undefined) {
    const length = rung.previewSeconds;
    const start = Math.max(0, durationS / 2 - length / 2);
    expected = Math.min(length, durationS > 0 ? durationS : length);
    input.push('-ss', fmt(start), '-t', fmt(length));
    // Short fades so a preview does not start or stop with a click.
    const fade = Math.min(1, expected / 10);
    filters.push(`afade=t=in:d=${fmt(fade)}`, `afade=t=out:st=${fmt(Math.max(0, expected - fade))}:d=${fmt(fade)}`);
  }
  // At most stereo (mono stays mono); sample rates the encoders and every browser handle.
  const rates = rung.codec === 'opus' ? '48000' : '44100|48000';
  filters.push(`aformat=channel_layouts=mono|stereo:sample_rates=${rates}`);
  const codecArgs =
    rung.codec === 'aac'
      ? ['-c:a', 'aac', '-profile:a', 'aac_low', '-b:a', String(bitrate)]
      : ['-c:a', 'libopus', '-b:a', String(bitrate), '-vbr', 'on', '-application', 'audio'];
  const mux = rung.codec === 'aac' ? MUX.m4a : MUX.webm;
  return { inputOptions: input, outputOptions: [...common, '-af', filters.join(','), ...codecArgs, ...mux], expectedSeconds: expected };
}
