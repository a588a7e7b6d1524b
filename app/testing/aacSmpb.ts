// Test helper: AAC sources whose gapless info is only iTunes' iTunSMPB tag (no edit list), the PCM
// they were made from, and the two checks a gapless rendition needs: decoded samples, and how a
// stretch of one signal lines up with another (lag and correlation).
import { spawn } from 'node:child_process';
import { ffmpeg } from './audioTools.ts';
import { writeNativeTags } from './nativeTags.ts';

export interface SmpbSourceOptions {
  rate: 44100 | 48000;
  /** Samples of audio (the tag's length). */
  samples: number;
  /**
   * 'itunes': 2112 samples of priming, whole frames in the sample table, the padding in the last
   * two (as iTunes writes it); 'ffmpeg': ffmpeg's 1024 of priming, its last frame shortened
   * (the e2e listening albums' "m4a (iTunSMPB only)").
   */
  style: 'itunes' | 'ffmpeg';
  /** The tag's text instead of the true one (malformed or disagreeing tags). */
  tag?: string;
  /** 'itunes' style: this priming instead of 2112 (at least 1024). */
  priming?: number;
}

const twoTone = (rate: number, samples: number) => ['-f', 'lavfi', '-i', `aevalsrc=0.25*sin(2*PI*440*t)+0.2*sin(2*PI*440*sqrt(2)*t):s=${rate}:d=${Math.ceil(samples / rate) + 1}`];

/** The original PCM (WAV) of an iTunSMPB-only source: two tones at an irrational ratio, `samples` long. */
export async function writeSmpbOriginal(file: string, o: Pick<SmpbSourceOptions, 'rate' | 'samples'>): Promise<void> {
  await ffmpeg([...twoTone(o.rate, o.samples), '-af', `atrim=end_sample=${o.samples}`, '-c:a', 'pcm_f32le', file]);
}

/** The MP4 free-form key of the tag (mutagen's name, for writeNativeTags). */
export const SMPB_KEY = '----:com.apple.iTunes:iTunSMPB';

/**
 * How a `samples`-long track becomes an iTunSMPB-only AAC source in `style`: the filter to put after
 * its audio (before ffmpeg's AAC encoder, with `-use_editlist 0`), and the true tag.
 */
export function smpbLayout(samples: number, style: SmpbSourceOptions['style'], itunesPriming = 2112): { priming: number; padding: number; filter: string; tag: string } {
  const itunes = style === 'itunes';
  const priming = itunes ? itunesPriming : 1024;
  // iTunes-style: whole frames, the last one holding nothing but padding.
  const frames = Math.ceil((priming + samples) / 1024) + (itunes ? 1 : 0);
  const padding = frames * 1024 - priming - samples;
  // ffmpeg's encoder primes with 1024 samples: 1088 zeros in front make iTunes' 2112.
  const filter = itunes ? `adelay=${priming - 1024}S:all=1,apad=pad_len=${padding}` : 'anull';
  const hex = (n: number, w: number) => n.toString(16).toUpperCase().padStart(w, '0');
  const tag = ` 00000000 ${hex(priming, 8)} ${hex(padding, 8)} ${hex(samples, 16)}${' 00000000'.repeat(8)}`;
  return { priming, padding, filter, tag };
}

/**
 * An AAC M4A without an edit list whose priming and length only its `----:com.apple.iTunes:iTunSMPB`
 * tag says, made from `original` (writeSmpbOriginal). Returns the tag's priming and padding.
 */
export async function writeSmpbSource(file: string, original: string, o: SmpbSourceOptions): Promise<{ priming: number; padding: number }> {
  const { priming, padding, filter, tag } = smpbLayout(o.samples, o.style, o.priming);
  await ffmpeg(['-i', original, '-af', filter, '-c:a', 'aac', '-b:a', '128k', '-use_editlist', '0', file]);
  await writeNativeTags([{ file, mp4: { [SMPB_KEY]: o.tag ?? tag } }]);
  return { priming, padding };
}

/** Decoded mono samples of `file` (ffmpeg: edit lists and iTunSMPB priming honoured at the start). */
export async function decodeMono(file: string): Promise<Float32Array> {
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    const child = spawn('ffmpeg', ['-nostdin', '-v', 'error', '-i', file, '-ac', '1', '-f', 'f32le', '-'], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg could not decode ${file}`))));
  });
  const all = Buffer.concat(chunks);
  return new Float32Array(all.buffer.slice(all.byteOffset, all.byteOffset + all.length));
}

/**
 * The shift of `b` against `a` over `a[from, from + length)` (within ±maxLag samples) that
 * correlates best, and that correlation (1 = the same waveform).
 */
export function alignment(a: Float32Array, b: Float32Array, from: number, length: number, maxLag = 2500): { lag: number; correlation: number } {
  let best = { lag: 0, correlation: -Infinity };
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let i = from; i < from + length; i++) {
      const x = a[i] ?? 0;
      const y = b[i + lag] ?? 0;
      ab += x * y;
      aa += x * x;
      bb += y * y;
    }
    const correlation = ab / Math.sqrt(aa * bb || 1);
    if (correlation > best.correlation) best = { lag, correlation };
  }
  return best;
}
