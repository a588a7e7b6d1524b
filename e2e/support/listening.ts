// The listening tests' albums. Each is made the way a listener's album is: one continuous
// performance cut into tracks at sample positions that fall inside codec frames, each track encoded
// on its own (mp3 with a LAME header, AAC in M4A with an edit list, FLAC, Ogg Vorbis, Opus, WAV),
// at 44.1 or 48 kHz. The performance is two steady tones at an irrational ratio (440 Hz and
// 440·√2 Hz): any dropped or repeated sample shifts its phase, and no shift below ~10 ms looks like
// another. Loudness albums record some tracks quieter and say so in their ReplayGain / R128 tags;
// the crossfade album holds two different tones on tracks that do not follow each other.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { writeNativeTags, type NativeTagOp } from '../../app/testing/nativeTags.ts';
import { repoRoot } from './library.ts';

export const SIGNAL = { a1: 0.25, f1: 440, a2: 0.2, f2: 440 * Math.SQRT2 };
export const SIGNAL_RMS = Math.sqrt((SIGNAL.a1 ** 2 + SIGNAL.a2 ** 2) / 2);
/** Cuts at multiples of 147 samples (44.1 kHz) = 160 samples (48 kHz): the same instant in both. */
export const UNIT = 147;
const RATE = 44100;

/** The performance at 44.1 kHz sample n. */
export function twoTone(n: number): number {
  const t = n / RATE;
  return SIGNAL.a1 * Math.sin(2 * Math.PI * SIGNAL.f1 * t) + SIGNAL.a2 * Math.sin(2 * Math.PI * SIGNAL.f2 * t);
}

/** `webm` is Opus in WebM (the sync server's renditions); `opus` is Ogg Opus. */
export type Format = 'mp3' | 'm4a' | 'flac' | 'ogg' | 'opus' | 'webm' | 'wav';
export const FORMATS: Format[] = ['mp3', 'm4a', 'flac', 'ogg', 'opus', 'webm', 'wav'];
const codec: Record<Format, string[]> = {
  mp3: ['-c:a', 'libmp3lame', '-b:a', '256k', '-id3v2_version', '3'],
  m4a: ['-c:a', 'aac', '-b:a', '256k'],
  flac: ['-c:a', 'flac'],
  ogg: ['-c:a', 'libvorbis', '-q:a', '8'],
  opus: ['-c:a', 'libopus', '-b:a', '192k'],
  webm: ['-c:a', 'libopus', '-b:a', '160k'],
  wav: ['-c:a', 'pcm_s16le'],
};

/** ReplayGain 2 values written as the container's own tags (R128 Q7.8 for Opus, which has no peaks). */
export interface GainTags {
  trackDb: number;
  trackPeak: number;
  albumDb: number;
  albumPeak: number;
}

export interface ListeningTrack {
  format: Format;
  /** The source's sample rate: a cut at 44.1 kHz sample n (a multiple of UNIT) is at n·rate/44100. */
  rate: 44100 | 48000 | 96000;
  /** Level of this track's audio relative to the performance (dB). */
  levelDb: number;
  gain?: GainTags;
  /** Track number (default: its place in the album). */
  trackNo?: number;
  /** Plays this tone (Hz, amplitude 0.3) instead of the performance. */
  tone?: number;
  /** AAC as iTunes writes it: no edit list, the priming and length in an iTunSMPB tag instead. */
  smpb?: boolean;
}

export interface ListeningAlbum {
  title: string;
  tracks: ListeningTrack[];
  /** Track boundaries in 44.1 kHz samples: [0, b1, …, end]. */
  cuts: number[];
}

const cutsOf = (units: number[]) => units.map((k) => k * UNIT);
const THREE = cutsOf([0, 757, 1531, 2273]);
const plain = (format: Format, rate: 44100 | 48000 = format === 'opus' || format === 'webm' ? 48000 : 44100): ListeningTrack => ({ format, rate, levelDb: 0 });

export const gaplessAlbums: ListeningAlbum[] = FORMATS.map((f) => ({ title: `Gapless ${f}`, tracks: [plain(f), plain(f), plain(f)], cuts: THREE }));

/** AAC without an edit list: only the iTunSMPB tag says where each track starts and ends. */
export const itunesAlbum: ListeningAlbum = {
  title: 'Gapless m4a iTunSMPB',
  tracks: [0, 1, 2].map(() => ({ ...plain('m4a'), smpb: true })),
  cuts: THREE,
};

/**
 * Every format after every other kind, changing sample rate at most boundaries. (Opus in WebM has
 * its own album: the scanner does not read Matroska tags yet, so such a track would not join this
 * album — it takes its album from the folder's name, which "Gapless webm" matches.)
 */
export const mixedAlbum: ListeningAlbum = {
  title: 'Gapless mixed',
  tracks: [plain('flac', 48000), plain('mp3'), plain('opus'), plain('m4a'), plain('ogg', 48000), plain('wav', 48000), plain('flac')],
  cuts: cutsOf([0, 757, 1531, 2273, 3041, 3797, 4561, 5303]),
};

/**
 * Two tracks, the second recorded 12 dB quieter; their tags say so (track gains 12 dB apart, one
 * album gain). Track normalization must play one continuous performance at −3 dB; album
 * normalization keeps the 12 dB step (both at the album's −3.5 dB).
 */
export const loudnessAlbums: ListeningAlbum[] = (['mp3', 'm4a', 'flac', 'opus'] as Format[]).map((f) => ({
  title: `Loudness ${f}`,
  tracks: [
    { ...plain(f), gain: { trackDb: -3, trackPeak: 0.45, albumDb: -3.5, albumPeak: 0.45 } },
    { ...plain(f), levelDb: -12, gain: { trackDb: 9, trackPeak: 0.113, albumDb: -3.5, albumPeak: 0.45 } },
  ],
  cuts: cutsOf([0, 757, 1531]),
}));

/** Two tones on tracks 1 and 3 of one album: not consecutive, so they crossfade. */
export const crossfadeAlbum: ListeningAlbum = {
  title: 'Crossfade',
  tracks: [
    { format: 'flac', rate: 44100, levelDb: 0, tone: 440 },
    { format: 'flac', rate: 44100, levelDb: 0, tone: 660, trackNo: 3 },
  ],
  cuts: [0, 4 * RATE, 8 * RATE],
};

/** Two 10 s tracks of the performance: room to pause, seek and skip while it plays. */
export const fadesAlbum: ListeningAlbum = { title: 'Fades', tracks: [plain('flac'), plain('flac')], cuts: cutsOf([0, 3001, 6007]) };

export const listeningAlbums: ListeningAlbum[] = [...gaplessAlbums, itunesAlbum, mixedAlbum, ...loudnessAlbums, crossfadeAlbum, fadesAlbum];

/** The track that performance sample n belongs to. */
function trackAt(album: ListeningAlbum, n: number): number {
  let i = 0;
  while (i + 1 < album.tracks.length && n >= (album.cuts[i + 1] ?? Infinity)) i++;
  return i;
}

/** The performance as the listener should hear it, with each track at `heardDb[i]` (dB). */
export function performance(album: ListeningAlbum, heardDb: number[] = []): (n: number) => number {
  const scale = album.tracks.map((_, i) => 10 ** ((heardDb[i] ?? 0) / 20));
  return (n) => (scale[trackAt(album, n)] ?? 1) * twoTone(n);
}

export const listeningDir = path.join(repoRoot, '.cache/e2e/listening-v9');

function signalWav(file: string, rate: number, samples: number, tone?: number): void {
  const expr = tone ? `0.3*sin(2*PI*${tone}*t)` : `${SIGNAL.a1}*sin(2*PI*${SIGNAL.f1}*t)+${SIGNAL.a2}*sin(2*PI*${SIGNAL.f2}*t)`;
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `aevalsrc='${expr}':s=${rate}:d=${samples / rate + 1}`,
    '-af', `atrim=end_sample=${samples}`, '-c:a', 'pcm_f32le', file]);
}

const fmtDb = (db: number) => `${db >= 0 ? '+' : ''}${db.toFixed(2)} dB`;

function gainTagOp(file: string, format: Format, g: GainTags): NativeTagOp {
  if (format === 'opus') {
    // R128 gains are Q7.8 relative to −23 LUFS (ReplayGain 2 is −18 LUFS: 5 dB louder).
    const q = (db: number) => String(Math.round((db - 5) * 256));
    return { file, vorbis: { R128_TRACK_GAIN: q(g.trackDb), R128_ALBUM_GAIN: q(g.albumDb) } };
  }
  const tags = {
    REPLAYGAIN_TRACK_GAIN: fmtDb(g.trackDb), REPLAYGAIN_TRACK_PEAK: g.trackPeak.toFixed(6),
    REPLAYGAIN_ALBUM_GAIN: fmtDb(g.albumDb), REPLAYGAIN_ALBUM_PEAK: g.albumPeak.toFixed(6),
  };
  if (format === 'mp3') return { file, id3: Object.entries(tags).map(([desc, text]) => ({ frame: 'TXXX', desc, text })) };
  if (format === 'm4a') return { file, mp4: Object.fromEntries(Object.entries(tags).map(([k, v]) => [`----:com.apple.iTunes:${k.toLowerCase()}`, v])) };
  return { file, vorbis: tags };
}

/** The album's tracks decoded by ffmpeg at 44.1 kHz (mono): a second decoder, for reference. */
export function decodeWithFfmpeg(album: ListeningAlbum): Float32Array[] {
  return album.tracks.map((t, i) => {
    const file = path.join(listeningDir, 'Listening', album.title, `${String(t.trackNo ?? i + 1).padStart(2, '0')} part.${t.format}`);
    const b = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'f32le', '-ac', '1', '-ar', String(RATE), '-'], { maxBuffer: 256 * 2 ** 20 });
    return new Float32Array(b.buffer, b.byteOffset, b.length / 4);
  });
}

/** The album's tracks decoded by ffmpeg (decodeWithFfmpeg), each at `heardDb[i]` (dB re the performance). */
export function decodedParts(album: ListeningAlbum, heardDb: number[] = []): Float32Array[] {
  return decodeWithFfmpeg(album).map((p, i) => {
    const g = 10 ** (((heardDb[i] ?? 0) - (album.tracks[i]?.levelDb ?? 0)) / 20);
    return p.map((v) => v * g);
  });
}

/**
 * The performance as another decoder (ffmpeg) reproduces the album's files, each track at
 * `heardDb[i]`: what the engine's output must equal sample for sample once its decoder has
 * converged (the codecs' own error included, unlike `performance`).
 */
export function decodedPerformance(album: ListeningAlbum, heardDb: number[] = []): (n: number) => number {
  return partsPerformance(album, decodedParts(album, heardDb));
}

/** The performance as `parts` play it: one array per track at 44.1 kHz from its own first sample (decodedParts). */
export function partsPerformance(album: ListeningAlbum, parts: Float32Array[]): (n: number) => number {
  return (n) => {
    const i = trackAt(album, n);
    return parts[i]?.[n - (album.cuts[i] ?? 0)] ?? 0;
  };
}

/** Writes every listening album once (cached under .cache/e2e). */
export async function ensureListeningLibrary(): Promise<string> {
  const done = `${listeningDir}.complete`;
  if (fs.existsSync(done)) return listeningDir;
  fs.rmSync(listeningDir, { recursive: true, force: true });
  fs.mkdirSync(listeningDir, { recursive: true });
  const longest = Math.max(...listeningAlbums.map((a) => a.cuts[a.cuts.length - 1] ?? 0));
  const sources = new Map<string, string>();
  const source = (rate: number, tone?: number): string => {
    const key = `${rate}-${tone ?? 'perf'}`;
    let file = sources.get(key);
    if (!file) {
      file = path.join(listeningDir, `src-${key}.wav`);
      signalWav(file, rate, Math.ceil((longest * rate) / RATE) + rate, tone);
      sources.set(key, file);
    }
    return file;
  };
  const tagOps: NativeTagOp[] = [];
  for (const album of listeningAlbums) {
    const dir = path.join(listeningDir, 'Listening', album.title);
    fs.mkdirSync(dir, { recursive: true });
    album.tracks.forEach((t, i) => {
      const no = t.trackNo ?? i + 1;
      const toRate = (n: number) => (n * t.rate) / RATE;
      const [a, b] = [toRate(album.cuts[i] ?? 0), toRate(album.cuts[i + 1] ?? 0)];
      const file = path.join(dir, `${String(no).padStart(2, '0')} part.${t.format}`);
      execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', source(t.rate, t.tone),
        '-af', `atrim=start_sample=${a}:end_sample=${b},asetpts=PTS-STARTPTS,volume=${t.levelDb}dB`, ...codec[t.format], ...(t.smpb ? ['-use_editlist', '0'] : []),
        '-metadata', `title=${album.title} ${no}`, '-metadata', 'artist=Listening Test', '-metadata', 'album_artist=Listening Test',
        '-metadata', `album=${album.title}`, '-metadata', `track=${no}/${album.tracks.length}`, '-metadata', 'date=2024', file]);
      if (t.gain) tagOps.push(gainTagOp(file, t.format, t.gain));
      if (t.smpb) {
        // ffmpeg's AAC encoder primes with 1024 samples; the last frame is padded to 1024.
        const length = b - a;
        const padding = Math.ceil((length + 1024) / 1024) * 1024 - 1024 - length;
        const hex = (n: number, w: number) => n.toString(16).toUpperCase().padStart(w, '0');
        const smpb = ` 00000000 ${hex(1024, 8)} ${hex(padding, 8)} ${hex(length, 16)}${' 00000000'.repeat(8)}`;
        tagOps.push({ file, mp4: { '----:com.apple.iTunes:iTunSMPB': smpb } });
      }
    });
  }
  await writeNativeTags(tagOps);
  for (const file of sources.values()) fs.rmSync(file);
  fs.writeFileSync(done, new Date().toISOString());
  return listeningDir;
}
