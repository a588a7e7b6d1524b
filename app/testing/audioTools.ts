// Test scaffolding for audio fixtures: the tools (ffmpeg, python3-mutagen with mutagen_tags.py), a small
// task pool, and the encoder/muxer arguments per format.
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type AudioFormat = 'mp3' | 'flac' | 'ogg' | 'opus' | 'm4a' | 'alac' | 'wav' | 'aiff' | 'wma';

export interface ToneSpec {
  /** Relative to the library dir, e.g. 'Artist/Album/01 Song.mp3'; the extension must match `format`. */
  path: string;
  format: AudioFormat;
  /** Default 2. */
  seconds?: number;
  /** Sine frequency in Hz; distinct frequencies give distinct audio data. Default: derived from a hash of `path`. */
  frequency?: number;
  /**
   * ffmpeg `-metadata` keys: title, artist, album, album_artist, genre, track ('3/12'), disc ('1/2'), date,
   * composer, compilation ('1'), comment, and free-form keys in Vorbis-comment style such as
   * MUSICBRAINZ_ALBUMID or REPLAYGAIN_TRACK_GAIN (translated to the TXXX / ---- / WM name each container uses).
   */
  tags?: Record<string, string>;
  /** Real multi-value tags, e.g. { ARTISTS: ['A', 'B'] }. Not supported for wav (throws). */
  multiTags?: Record<string, string[]>;
  /** Embed a generated square cover image of this colour (e.g. 'red'). Not supported for wav (throws). */
  cover?: string;
  /** mp3 only: VBR without a Xing/Info header. */
  noXing?: boolean;
}

const mutagenScript = fileURLToPath(new URL('./mutagen_tags.py', import.meta.url));

export const EXTENSIONS: Record<AudioFormat, string> = {
  mp3: '.mp3',
  flac: '.flac',
  ogg: '.ogg',
  opus: '.opus',
  m4a: '.m4a',
  alac: '.m4a',
  wav: '.wav',
  aiff: '.aiff',
  wma: '.wma',
};

/** Encoder + muxer options per format (output options, before -metadata). */
export const ENCODE: Record<AudioFormat, readonly string[]> = {
  mp3: ['-c:a', 'libmp3lame', '-q:a', '5', '-id3v2_version', '4'],
  flac: ['-c:a', 'flac'],
  ogg: ['-c:a', 'libvorbis', '-q:a', '2'],
  opus: ['-c:a', 'libopus', '-b:a', '64k'],
  m4a: ['-c:a', 'aac', '-b:a', '96k'],
  alac: ['-c:a', 'alac'],
  wav: ['-c:a', 'pcm_s16le'],
  aiff: ['-c:a', 'pcm_s16be', '-write_id3v2', '1', '-id3v2_version', '4'],
  wma: ['-c:a', 'wmav2', '-b:a', '96k'],
};

/** Muxer options needed again when stream-copying (retag, generatedLibrary). */
export const MUX: Record<AudioFormat, readonly string[]> = {
  mp3: ['-id3v2_version', '4'],
  flac: [],
  ogg: [],
  opus: [],
  m4a: [],
  alac: [],
  wav: [],
  aiff: ['-write_id3v2', '1', '-id3v2_version', '4'],
  wma: [],
};


export interface MutagenOp {
  file: string;
  family: 'id3' | 'vorbis' | 'mp4' | 'asf';
  set: [string, string[]][];
  /** mp4 only: copy the free-form (----) atoms of this file first (retag keeps them). */
  copyFreeformFrom?: string;
  /** asf only: embed this JPEG as WM/Picture (ffmpeg's ASF muxer cannot). */
  picture?: string;
}

// ---------------------------------------------------------------------------------------------
// Process helpers

export async function run(command: string, args: readonly string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      const hint =
        error.code === 'ENOENT'
          ? ` (is ${command} installed? Debian: apt-get install ${command === 'python3' ? 'python3-mutagen' : command})`
          : '';
      reject(new Error(`could not run ${command}${hint}: ${error.message}`));
    });
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else {
        const shown = args.length > 40 ? [...args.slice(0, 40), `… (${args.length} args)`] : args;
        reject(new Error(`${command} exited with ${code}: ${stderr.trim().slice(-2000)}\n  ${command} ${shown.join(' ')}`));
      }
    });
    if (input !== undefined && child.stdin) child.stdin.end(input);
  });
}

export function ffmpeg(args: readonly string[]): Promise<string> {
  return run('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args]);
}

let mutagenPython: Promise<string> | undefined;

/** The first Python that can import mutagen: $TONEARM_PYTHON, python3 on PATH, then the system one. */
export function findMutagenPython(): Promise<string> {
  mutagenPython ??= (async () => {
    const candidates = [process.env.TONEARM_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
    for (const candidate of new Set(candidates)) {
      try {
        await run(candidate, ['-c', 'import mutagen']);
        return candidate;
      } catch {
        // try the next one
      }
    }
    throw new Error(
      'multi-value tags, free-form MP4 tags and the MusicBrainz UFID need Python 3 with mutagen ' +
        '(Debian: apt-get install python3-mutagen; or set TONEARM_PYTHON)',
    );
  })();
  return mutagenPython;
}

/** Runs a Python script with mutagen importable (for tag layouts no generator writes), JSON on stdin. */
export async function runMutagenScript(script: string, input: unknown): Promise<string> {
  return run(await findMutagenPython(), ['-c', script], JSON.stringify(input));
}

/** Applies tag operations no generator can write (mutagen_tags.py beside this file). */
export async function mutagen(ops: readonly MutagenOp[]): Promise<void> {
  if (ops.length === 0) return;
  await run(await findMutagenPython(), [mutagenScript], JSON.stringify(ops));
}

/** Runs `tasks` with at most `limit` in flight; rejects with the first error (after in-flight ones settle). */
export async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Writes a square single-colour image; format from the extension (.jpg/.jpeg, .png, .webp). */
export async function writeImage(file: string, options: { color?: string; size?: number } = {}): Promise<void> {
  const color = options.color ?? 'steelblue';
  const size = options.size ?? 300;
  const ext = path.extname(file).toLowerCase();
  const codec: Record<string, string[]> = {
    '.jpg': ['-c:v', 'mjpeg', '-pix_fmt', 'yuvj420p', '-q:v', '3'],
    '.jpeg': ['-c:v', 'mjpeg', '-pix_fmt', 'yuvj420p', '-q:v', '3'],
    '.png': ['-c:v', 'png'],
    '.webp': ['-c:v', 'libwebp'],
  };
  const args = codec[ext];
  if (!args) throw new Error(`writeImage: unsupported image extension "${ext}" (use .jpg, .png or .webp)`);
  await mkdir(path.dirname(file), { recursive: true });
  // A diagonal gradient over the colour so the image is not a single flat block (more like a real cover).
  await ffmpeg([
    '-f', 'lavfi', '-i', `color=c=${color}:s=${size}x${size},geq=lum='lum(X,Y)*(0.75+0.25*(X+Y)/(2*W))':cb='cb(X,Y)':cr='cr(X,Y)'`,
    '-frames:v', '1', ...args, '-f', 'image2', '-update', '1', file,
  ]);
}
