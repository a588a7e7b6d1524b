// Test/bench helpers for app/transcoder: real source files made with ffmpeg (music-like signals,
// which encoders cannot squeeze the way they squeeze a pure sine), MP4 box reading, and a check
// for leftover ffmpeg processes. Not imported by the module itself.
import { execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';

export function runFfmpegCli(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-nostdin', '-hide_banner', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stderr) : reject(new Error(`ffmpeg ${args.join(' ')} failed: ${stderr.slice(-500)}`))));
  });
}

export function runFfprobeCli(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('ffprobe', ['-v', 'error', ...args], { maxBuffer: 64 * 2 ** 20 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

export type SignalKind =
  /** Pink noise under a chord: dense enough that AAC/Opus use their bitrate. */
  | 'music'
  /** A mono 1 kHz sine at -20 dBFS peak (EBU R128: -23 LUFS). */
  | 'sine-20'
  /** Silence, except a tone from 20 s to 50 s (to see where a preview was cut). */
  | 'middle-tone';

const SIGNAL: Record<SignalKind, (seconds: number) => string[]> = {
  music: (s) => [
    '-f', 'lavfi', '-i', `anoisesrc=d=${s}:c=pink:a=0.15:r=44100:seed=7`,
    '-f', 'lavfi', '-i', `aevalsrc=0.2*sin(2*PI*220*t)+0.15*sin(2*PI*277*t)+0.1*sin(2*PI*330*t*(1+0.01*sin(t))):s=44100:d=${s}`,
    '-filter_complex', '[0][1]amix=inputs=2:normalize=0,aformat=channel_layouts=stereo',
  ],
  'sine-20': (s) => ['-f', 'lavfi', '-i', `aevalsrc=0.1*sin(2*PI*1000*t):s=48000:d=${s}`],
  'middle-tone': (s) => ['-f', 'lavfi', '-i', `aevalsrc=if(between(t\\,20\\,50)\\,0.3*sin(2*PI*440*t)\\,0)|if(between(t\\,20\\,50)\\,0.3*sin(2*PI*440*t)\\,0):s=44100:d=${s}`],
};

/** Encoder args per source format. */
export const SOURCE_CODEC = {
  flac: ['-c:a', 'flac'],
  wav: ['-c:a', 'pcm_s16le'],
  mp3_128: ['-c:a', 'libmp3lame', '-b:a', '128k'],
  mp3_320: ['-c:a', 'libmp3lame', '-b:a', '320k'],
  m4a_128: ['-c:a', 'aac', '-b:a', '128k'],
  opus_96: ['-c:a', 'libopus', '-b:a', '96k'],
} as const;

/** Writes `file` with `seconds` of `kind` audio, encoded as `codec`. */
export async function writeSource(file: string, kind: SignalKind, seconds: number, codec: keyof typeof SOURCE_CODEC = 'flac'): Promise<void> {
  await runFfmpegCli([...SIGNAL[kind](seconds), ...SOURCE_CODEC[codec], file]);
}

/** Top-level box types of an MP4 file, in file order. */
export async function topLevelBoxes(file: string): Promise<string[]> {
  const fh = await open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    const out: string[] = [];
    let pos = 0;
    const head = Buffer.alloc(16);
    while (pos + 8 <= size) {
      await fh.read(head, 0, 16, pos);
      let boxSize = head.readUInt32BE(0);
      const type = head.toString('latin1', 4, 8);
      if (boxSize === 1) boxSize = Number(head.readBigUInt64BE(8));
      else if (boxSize === 0) boxSize = size - pos;
      if (boxSize < 8) throw new Error(`bad box ${type} at ${pos}`);
      out.push(type);
      pos += boxSize;
    }
    return out;
  } finally {
    await fh.close();
  }
}

/** Pids of running ffmpeg processes whose command line mentions `needle`. */
export function ffmpegProcessesMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      const exe = cmd[0] ?? '';
      if (/(^|\/)ffmpeg$/.test(exe) && cmd.some((a) => a.includes(needle))) {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        if (!/\) Z /.test(stat)) pids.push(Number(name));
      }
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** The MP4's movie timescale and its first track's edit (media time and duration, in their timescales) and media length. */
export function editList(file: string): { movieTimescale: number; mediaTime: number; editDuration: number; mediaTimescale: number; mediaDuration: number } {
  const b = readFileSync(file);
  const at = (type: string) => b.indexOf(Buffer.from(type, 'latin1'));
  const mvhd = at('mvhd');
  const mvhdV1 = b[mvhd + 4] === 1;
  const movieTimescale = b.readUInt32BE(mvhd + (mvhdV1 ? 24 : 16));
  const elst = at('elst');
  const elstV1 = b[elst + 4] === 1;
  const entry = elst + 12;
  const editDuration = elstV1 ? Number(b.readBigUInt64BE(entry)) : b.readUInt32BE(entry);
  const mediaTime = elstV1 ? Number(b.readBigInt64BE(entry + 8)) : b.readInt32BE(entry + 4);
  const mdhd = at('mdhd');
  const mdhdV1 = b[mdhd + 4] === 1;
  const mediaTimescale = b.readUInt32BE(mdhd + (mdhdV1 ? 24 : 16));
  const mediaDuration = mdhdV1 ? Number(b.readBigUInt64BE(mdhd + 28)) : b.readUInt32BE(mdhd + 20);
  return { movieTimescale, mediaTime, editDuration, mediaTimescale, mediaDuration };
}
