// Real audio files for tests and benchmarks, generated with ffmpeg (and python3-mutagen for the few
// tags ffmpeg cannot write: multi-value tags, MP4 free-form atoms, the ID3 MusicBrainz UFID frame).
//
// Speed matters: `writeTracks` encodes many outputs per ffmpeg process (one process per chunk of
// specs, one `sine` input per distinct frequency/length, one encoder per output), and
// `generatedLibrary` encodes a few base sources per format once and then stream-copies them into
// ~150 outputs per ffmpeg process with different `-metadata`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, open, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from './random.ts';

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

const EXTENSIONS: Record<AudioFormat, string> = {
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
const ENCODE: Record<AudioFormat, readonly string[]> = {
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
const MUX: Record<AudioFormat, readonly string[]> = {
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

type TagFamily = 'id3' | 'vorbis' | 'mp4' | 'asf' | 'riff';
const FAMILY: Record<AudioFormat, TagFamily> = {
  mp3: 'id3',
  aiff: 'id3',
  flac: 'vorbis',
  ogg: 'vorbis',
  opus: 'vorbis',
  m4a: 'mp4',
  alac: 'mp4',
  wma: 'asf',
  wav: 'riff',
};

/** Keys ffmpeg maps to each container's native fields itself. */
const STANDARD_KEYS = new Set([
  'title',
  'artist',
  'album',
  'album_artist',
  'genre',
  'track',
  'disc',
  'date',
  'composer',
  'compilation',
  'comment',
]);
/** ffmpeg's ASF muxer writes these keys verbatim; give them their WM/ names. */
const ASF_RENAME: Record<string, string> = { date: 'WM/Year', disc: 'WM/PartOfSet', composer: 'WM/Composer' };
/** What ffmpeg 5.1 can write into a WAV LIST/INFO chunk (that music-metadata reads back). */
const RIFF_KEYS = new Set(['title', 'artist', 'album', 'genre', 'date', 'comment']);

/** Native names for free-form keys (Picard's mapping), where they differ from the Vorbis name. */
const FREEFORM: Record<string, { id3?: string; mp4?: string; asf?: string }> = {
  MUSICBRAINZ_ALBUMID: { id3: 'MusicBrainz Album Id', mp4: 'MusicBrainz Album Id', asf: 'MusicBrainz/Album Id' },
  MUSICBRAINZ_ARTISTID: { id3: 'MusicBrainz Artist Id', mp4: 'MusicBrainz Artist Id', asf: 'MusicBrainz/Artist Id' },
  MUSICBRAINZ_ALBUMARTISTID: {
    id3: 'MusicBrainz Album Artist Id',
    mp4: 'MusicBrainz Album Artist Id',
    asf: 'MusicBrainz/Album Artist Id',
  },
  MUSICBRAINZ_RELEASEGROUPID: {
    id3: 'MusicBrainz Release Group Id',
    mp4: 'MusicBrainz Release Group Id',
    asf: 'MusicBrainz/Release Group Id',
  },
  MUSICBRAINZ_RELEASETRACKID: {
    id3: 'MusicBrainz Release Track Id',
    mp4: 'MusicBrainz Release Track Id',
    asf: 'MusicBrainz/Release Track Id',
  },
  // The recording id: an ID3 UFID frame (written by the mutagen pass), not a TXXX.
  MUSICBRAINZ_TRACKID: { id3: 'UFID:http://musicbrainz.org', mp4: 'MusicBrainz Track Id', asf: 'MusicBrainz/Track Id' },
  MUSICBRAINZ_WORKID: { id3: 'MusicBrainz Work Id', mp4: 'MusicBrainz Work Id', asf: 'MusicBrainz/Work Id' },
  RELEASETYPE: { id3: 'MusicBrainz Album Type', mp4: 'MusicBrainz Album Type', asf: 'MusicBrainz/Album Type' },
  RELEASESTATUS: { id3: 'MusicBrainz Album Status', mp4: 'MusicBrainz Album Status', asf: 'MusicBrainz/Album Status' },
  ARTISTS: { id3: 'Artists', mp4: 'ARTISTS', asf: 'WM/ARTISTS' },
  REPLAYGAIN_TRACK_GAIN: { mp4: 'replaygain_track_gain' },
  REPLAYGAIN_TRACK_PEAK: { mp4: 'replaygain_track_peak' },
  REPLAYGAIN_ALBUM_GAIN: { mp4: 'replaygain_album_gain' },
  REPLAYGAIN_ALBUM_PEAK: { mp4: 'replaygain_album_peak' },
};

/** Native names of the standard keys, for multi-value tags written by mutagen. */
const MULTI_STANDARD: Record<string, { id3: string; vorbis: string; mp4: string; asf: string }> = {
  title: { id3: 'TIT2', vorbis: 'TITLE', mp4: '\u00a9nam', asf: 'Title' },
  artist: { id3: 'TPE1', vorbis: 'ARTIST', mp4: '\u00a9ART', asf: 'Author' },
  album: { id3: 'TALB', vorbis: 'ALBUM', mp4: '\u00a9alb', asf: 'WM/AlbumTitle' },
  album_artist: { id3: 'TPE2', vorbis: 'ALBUMARTIST', mp4: 'aART', asf: 'WM/AlbumArtist' },
  genre: { id3: 'TCON', vorbis: 'GENRE', mp4: '\u00a9gen', asf: 'WM/Genre' },
  composer: { id3: 'TCOM', vorbis: 'COMPOSER', mp4: '\u00a9wrt', asf: 'WM/Composer' },
};

/** One instruction for the mutagen pass: set `key` (container-native name) to `values`. */
interface MutagenOp {
  file: string;
  family: 'id3' | 'vorbis' | 'mp4' | 'asf';
  set: [string, string[]][];
  /** mp4 only: copy the free-form (----) atoms of this file first (retag keeps them). */
  copyFreeformFrom?: string;
  /** asf only: embed this JPEG as WM/Picture (ffmpeg's ASF muxer cannot). */
  picture?: string;
}

const MUTAGEN_SCRIPT = String.raw`
import sys, json
ops = json.load(sys.stdin)
for op in ops:
    fam = op['family']
    if fam == 'id3':
        from mutagen.id3 import ID3, TXXX, UFID, Frames
        if op['file'].lower().endswith(('.aif', '.aiff')):
            from mutagen.aiff import AIFF
            holder = AIFF(op['file'])
            if holder.tags is None:
                holder.add_tags()
            tags = holder.tags
        else:
            holder = None
            try:
                tags = ID3(op['file'])
            except Exception:
                tags = ID3()
        for key, values in op['set']:
            if key.startswith('UFID:'):
                owner = key[5:]
                tags.delall('UFID:' + owner)
                tags.add(UFID(owner=owner, data=values[0].encode('utf-8')))
            elif key.startswith('TXXX:'):
                desc = key[5:]
                tags.delall('TXXX:' + desc)
                tags.add(TXXX(encoding=3, desc=desc, text=values))
            else:
                tags.delall(key)
                tags.add(Frames[key](encoding=3, text=values))
        if holder is not None:
            holder.save(v2_version=4)
        else:
            tags.save(op['file'], v2_version=4)
    elif fam == 'mp4':
        from mutagen.mp4 import MP4, MP4FreeForm
        f = MP4(op['file'])
        if f.tags is None:
            f.add_tags()
        src = op.get('copyFreeformFrom')
        if src:
            old = MP4(src)
            for k, v in (old.tags or {}).items():
                if k.startswith('----:'):
                    f.tags[k] = v
        for key, values in op['set']:
            if key.startswith('----:'):
                f.tags[key] = [MP4FreeForm(v.encode('utf-8')) for v in values]
            else:
                f.tags[key] = values
        f.save()
    elif fam == 'vorbis':
        import mutagen
        f = mutagen.File(op['file'])
        for key, values in op['set']:
            f[key] = values
        f.save()
    elif fam == 'asf':
        import struct
        from mutagen.asf import ASF, ASFBoolAttribute, ASFByteArrayAttribute
        f = ASF(op['file'])
        for key, values in op['set']:
            if key.startswith('bool:'):
                f[key[5:]] = [ASFBoolAttribute(v not in ('', '0', 'false')) for v in values]
            else:
                f[key] = values
        pic = op.get('picture')
        if pic:
            data = open(pic, 'rb').read()
            blob = struct.pack('<BI', 3, len(data)) + 'image/jpeg'.encode('utf-16-le') + b'\0\0' + b'\0\0' + data
            f['WM/Picture'] = [ASFByteArrayAttribute(blob)]
        f.save()
`;

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

function ffmpeg(args: readonly string[]): Promise<string> {
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

async function mutagen(ops: readonly MutagenOp[]): Promise<void> {
  if (ops.length === 0) return;
  await run(await findMutagenPython(), ['-c', MUTAGEN_SCRIPT], JSON.stringify(ops));
}

/** Runs `tasks` with at most `limit` in flight; rejects with the first error (after in-flight ones settle). */
async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
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

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Tags

/** Splits a spec's tags into ffmpeg `-metadata` arguments and mutagen instructions. */
function planTags(spec: Pick<ToneSpec, 'format' | 'tags' | 'multiTags' | 'path'>): {
  metadata: string[];
  set: [string, string[]][];
} {
  const family = FAMILY[spec.format];
  const metadata: string[] = [];
  const set: [string, string[]][] = [];
  for (const [rawKey, value] of Object.entries(spec.tags ?? {})) {
    const key = STANDARD_KEYS.has(rawKey.toLowerCase()) ? rawKey.toLowerCase() : rawKey;
    if (STANDARD_KEYS.has(key)) {
      if (family === 'riff' && !RIFF_KEYS.has(key)) {
        throw new Error(`${spec.path}: wav can only carry ${[...RIFF_KEYS].join(', ')} (LIST/INFO), not "${key}"`);
      }
      if (family === 'id3' && key === 'compilation') set.push(['TCMP', [value]]); // ffmpeg writes TXXX:compilation
      else if (family === 'asf' && key === 'compilation') set.push(['bool:WM/IsCompilation', [value]]);
      else metadata.push('-metadata', `${family === 'asf' ? (ASF_RENAME[key] ?? key) : key}=${value}`);
      continue;
    }
    const upper = key.toUpperCase();
    const native = FREEFORM[upper];
    switch (family) {
      case 'riff':
        throw new Error(`${spec.path}: wav cannot carry the free-form tag "${key}"`);
      case 'vorbis':
        metadata.push('-metadata', `${key}=${value}`);
        break;
      case 'id3': {
        const name = native?.id3 ?? key;
        if (name.startsWith('UFID:')) {
          set.push([name, [value]]);
        } else metadata.push('-metadata', `${name}=${value}`); // ffmpeg writes unknown keys as TXXX
        break;
      }
      case 'asf':
        metadata.push('-metadata', `${native?.asf ?? key}=${value}`);
        break;
      case 'mp4':
        set.push([`----:com.apple.iTunes:${native?.mp4 ?? key}`, [value]]);
        break;
    }
  }
  for (const [rawKey, values] of Object.entries(spec.multiTags ?? {})) {
    if (family === 'riff') {
      throw new Error(`${spec.path}: multi-value tags are not supported for wav (use mp3, flac, ogg, opus, m4a, alac, aiff or wma)`);
    }
    if (values.length === 0) throw new Error(`${spec.path}: multiTags.${rawKey} is empty`);
    const standard = MULTI_STANDARD[rawKey.toLowerCase()];
    const native = FREEFORM[rawKey.toUpperCase()];
    let name: string;
    switch (family) {
      case 'id3': {
        if (standard) name = standard.id3;
        else {
          const n = native?.id3 ?? rawKey;
          if (n.startsWith('UFID:')) throw new Error(`${spec.path}: ${rawKey} cannot have several values in ID3`);
          name = `TXXX:${n}`;
        }
        break;
      }
      case 'vorbis':
        name = standard ? standard.vorbis : rawKey;
        break;
      case 'mp4':
        name = standard ? standard.mp4 : `----:com.apple.iTunes:${native?.mp4 ?? rawKey}`;
        break;
      case 'asf':
        name = standard ? standard.asf : (native?.asf ?? rawKey);
        break;
    }
    set.push([name, values]);
  }
  return { metadata, set };
}

// ---------------------------------------------------------------------------------------------
// Images

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

/** A FLAC METADATA_BLOCK_PICTURE (base64), the way Vorbis/Opus files embed covers. */
function vorbisPictureBlock(jpeg: Buffer, size: number): string {
  const mime = Buffer.from('image/jpeg');
  const desc = Buffer.from('');
  const header = Buffer.alloc(32 + mime.length + desc.length);
  let o = 0;
  o = header.writeUInt32BE(3, o); // front cover
  o = header.writeUInt32BE(mime.length, o);
  o += mime.copy(header, o);
  o = header.writeUInt32BE(desc.length, o);
  o += desc.copy(header, o);
  o = header.writeUInt32BE(size, o);
  o = header.writeUInt32BE(size, o);
  o = header.writeUInt32BE(24, o);
  o = header.writeUInt32BE(0, o);
  header.writeUInt32BE(jpeg.length, o);
  return Buffer.concat([header, jpeg]).toString('base64');
}

// ---------------------------------------------------------------------------------------------
// writeTracks

const COVER_SIZE = 300;
const OUTPUTS_PER_PROCESS = 48;

function validate(spec: ToneSpec): void {
  const ext = path.extname(spec.path).toLowerCase();
  if (!(spec.format in EXTENSIONS)) throw new Error(`${spec.path}: unknown format "${spec.format}"`);
  if (ext !== EXTENSIONS[spec.format]) {
    throw new Error(`${spec.path}: format ${spec.format} needs the extension ${EXTENSIONS[spec.format]}`);
  }
  if (path.isAbsolute(spec.path) || spec.path.split(/[\\/]/).includes('..')) {
    throw new Error(`${spec.path}: path must be relative to the library dir`);
  }
  if (spec.noXing && spec.format !== 'mp3') throw new Error(`${spec.path}: noXing is for mp3 only`);
  if (spec.cover !== undefined && spec.format === 'wav') throw new Error(`${spec.path}: cannot embed a cover in wav`);
  if (spec.seconds !== undefined && !(spec.seconds > 0)) throw new Error(`${spec.path}: seconds must be > 0`);
}

/**
 * Writes the tracks under `dir` (folders are created), many outputs per ffmpeg process.
 * Overwrites existing files.
 */
export async function writeTracks(dir: string, specs: readonly ToneSpec[]): Promise<void> {
  for (const spec of specs) validate(spec);
  const plans = specs.map((spec) => ({ spec, ...planTags(spec) }));
  const work = await mkdtemp(path.join(tmpdir(), 'tonearm-audio-'));
  try {
    // Covers: one image per colour.
    const colors = [...new Set(specs.flatMap((s) => (s.cover === undefined ? [] : [s.cover])))];
    const coverFiles = new Map<string, string>();
    await pool(colors, availableParallelism(), async (color) => {
      const file = path.join(work, `cover-${coverFiles.size}-${hash(color)}.jpg`);
      coverFiles.set(color, file);
      await writeImage(file, { color, size: COVER_SIZE });
    });
    const pictureBlocks = new Map<string, string>();
    for (const [color, file] of coverFiles) pictureBlocks.set(color, vorbisPictureBlock(await readFile(file), COVER_SIZE));

    await Promise.all(
      [...new Set(specs.map((s) => path.dirname(path.join(dir, s.path))))].map((d) => mkdir(d, { recursive: true })),
    );

    await pool(chunk(plans, OUTPUTS_PER_PROCESS), availableParallelism(), async (group) => {
      const inputs: string[] = [];
      const sineIndex = new Map<string, number>();
      const coverIndex = new Map<string, number>();
      let inputCount = 0;
      const outputs: string[] = [];
      for (const { spec, metadata } of group) {
        const seconds = spec.seconds ?? 2;
        const frequency = spec.frequency ?? 110 + (hash(spec.path) % 1700);
        const sineKey = `${frequency}:${seconds}`;
        let a = sineIndex.get(sineKey);
        if (a === undefined) {
          a = inputCount++;
          sineIndex.set(sineKey, a);
          inputs.push('-f', 'lavfi', '-i', `sine=frequency=${frequency}:sample_rate=44100:duration=${seconds}`);
        }
        outputs.push('-map', `${a}:a`, ...ENCODE[spec.format], '-ac', '2');
        if (spec.noXing) outputs.push('-write_xing', '0');
        if (spec.cover !== undefined) {
          if (spec.format === 'wma') {
            // embedded by the mutagen pass below
          } else if (spec.format === 'ogg' || spec.format === 'opus') {
            outputs.push('-metadata', `METADATA_BLOCK_PICTURE=${pictureBlocks.get(spec.cover) ?? ''}`);
          } else {
            let v = coverIndex.get(spec.cover);
            if (v === undefined) {
              v = inputCount++;
              coverIndex.set(spec.cover, v);
              inputs.push('-i', coverFiles.get(spec.cover) ?? '');
            }
            outputs.push('-map', `${v}:v`, '-c:v', 'copy', '-disposition:v:0', 'attached_pic');
            if (FAMILY[spec.format] === 'id3') outputs.push('-metadata:s:v:0', 'comment=Cover (front)');
          }
        }
        outputs.push('-map_metadata', '-1', ...metadata, path.join(dir, spec.path));
      }
      await ffmpeg([...inputs, ...outputs]);
    });

    await mutagen(
      plans.flatMap(({ spec, set }): MutagenOp[] => {
        const family = FAMILY[spec.format];
        const picture = spec.format === 'wma' && spec.cover !== undefined ? coverFiles.get(spec.cover) : undefined;
        if ((set.length === 0 && picture === undefined) || family === 'riff') return [];
        return [{ file: path.join(dir, spec.path), family, set, ...(picture ? { picture } : {}) }];
      }),
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// retag

function formatOf(file: string): AudioFormat {
  const ext = path.extname(file).toLowerCase();
  const found = (Object.keys(EXTENSIONS) as AudioFormat[]).find((f) => EXTENSIONS[f] === ext);
  if (!found) throw new Error(`retag: unsupported file type "${ext}"`);
  return found;
}

/** True when the first MPEG frame after the ID3v2 tag carries a Xing/Info (or VBRI) header. */
async function mp3HasXing(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(10);
    await handle.read(head, 0, 10, 0);
    let start = 0;
    if (head.toString('latin1', 0, 3) === 'ID3') {
      const size = ((head[6] ?? 0) << 21) | ((head[7] ?? 0) << 14) | ((head[8] ?? 0) << 7) | (head[9] ?? 0);
      start = 10 + size + ((head[5] ?? 0) & 0x10 ? 10 : 0);
    }
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buf, 0, buf.length, start);
    let sync = 0;
    while (sync + 1 < bytesRead && !(buf[sync] === 0xff && ((buf[sync + 1] ?? 0) & 0xe0) === 0xe0)) sync++;
    const frame = buf.subarray(sync, Math.min(bytesRead, sync + 200)).toString('latin1');
    return frame.includes('Xing') || frame.includes('Info') || frame.includes('VBRI');
  } finally {
    await handle.close();
  }
}

/**
 * Rewrites the tags of `file` with ffmpeg stream copy (same audio data), replacing the file (new
 * inode; the mtime is guaranteed to move forward). `tags` are merged into the existing ones (same
 * keys as ToneSpec.tags; an empty string removes a tag). Embedded covers and MP4 free-form atoms
 * are kept; existing multi-value tags are collapsed by ffmpeg into one value.
 */
export async function retag(file: string, tags: Record<string, string>): Promise<void> {
  const format = formatOf(file);
  const before = await stat(file);
  const { metadata, set } = planTags({ format, tags, path: file });
  const tmp = path.join(path.dirname(file), `.retag-${randomBytes(4).toString('hex')}${path.extname(file)}`);
  try {
    const extra = format === 'mp3' ? ['-write_xing', (await mp3HasXing(file)) ? '1' : '0'] : [];
    // Ogg keeps its comments on the stream: set them there too, or the copied stream tags win.
    const streamMetadata =
      FAMILY[format] === 'vorbis' && format !== 'flac'
        ? metadata.map((arg) => (arg === '-metadata' ? '-metadata:s:a:0' : arg))
        : [];
    await ffmpeg([
      '-i', file, '-map', '0', '-c', 'copy', '-map_metadata', '0', ...MUX[format], ...extra, ...metadata, ...streamMetadata, tmp,
    ]);
    const family = FAMILY[format];
    if (family === 'mp4') await mutagen([{ file: tmp, family, set, copyFreeformFrom: file }]);
    else if (set.length > 0 && family !== 'riff') await mutagen([{ file: tmp, family, set }]);
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  const after = await stat(file);
  if (after.mtimeMs <= before.mtimeMs) {
    const t = new Date(before.mtimeMs + 1000);
    await utimes(file, t, t);
  }
}

// ---------------------------------------------------------------------------------------------
// generatedLibrary

const LIBRARY_VERSION = 3;
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GENRES = [
  'Rock', 'Pop', 'Jazz', 'Blues', 'Classical', 'Electronic', 'Hip-Hop', 'Folk', 'Country', 'Metal',
  'Punk', 'Soul', 'Funk', 'Reggae', 'Ambient', 'Indie', 'R&B', 'Latin', 'Soundtrack', 'World',
];
const WORDS = [
  'Blue', 'Morning', 'River', 'Light', 'Stone', 'Night', 'Café', 'Über', 'Niño', 'Glass', 'Summer', 'Echo',
  'Paper', 'Moon', 'Highway', 'Garden', 'Silver', 'Fire', 'Rain', '静か', 'Ocean', 'Winter', 'Signal', 'Dust',
];
/** [format, weight]: by album, so track counts follow roughly. */
const FORMAT_WEIGHTS: [AudioFormat, number][] = [
  ['mp3', 40], ['flac', 25], ['m4a', 10], ['ogg', 10], ['opus', 10], ['wav', 2], ['aiff', 1.5], ['alac', 1.5],
];
const BASE_SECONDS = [3, 4, 5, 6];
const COPY_OUTPUTS_PER_PROCESS = 150;
const PALETTE = ['firebrick', 'seagreen', 'royalblue', 'goldenrod', 'orchid', 'teal', 'coral', 'slategray'];


interface LibraryTrack {
  path: string;
  format: AudioFormat;
  base: number;
  cover: number | null;
  tags: Record<string, string>;
}

interface LibraryPlan {
  tracks: LibraryTrack[];
  folderCovers: { path: string; color: number }[];
}

function planLibrary(count: number): LibraryPlan {
  const random = mulberry32(count * 7919 + 17);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const totalWeight = FORMAT_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
  const pickFormat = (): AudioFormat => {
    let r = random() * totalWeight;
    for (const [format, weight] of FORMAT_WEIGHTS) if ((r -= weight) < 0) return format;
    return 'mp3';
  };
  const albumCount = Math.max(1, Math.round(count / 10));
  const width = Math.max(2, String(albumCount).length);
  const pad = (n: number, w = width): string => String(n).padStart(w, '0');
  const tracks: LibraryTrack[] = [];
  const folderCovers: LibraryPlan['folderCovers'] = [];
  let artist = 0;
  let albumOfArtist = 0;
  let albumsForArtist = 0;
  while (tracks.length < count) {
    if (albumOfArtist >= albumsForArtist) {
      artist++;
      albumOfArtist = 0;
      albumsForArtist = 1 + Math.floor(random() * 3);
    }
    albumOfArtist++;
    const remaining = count - tracks.length;
    let size = 8 + Math.floor(random() * 5);
    if (remaining - size < 5) size = remaining; // no tiny leftover album
    size = Math.min(size, remaining);
    const format = pickFormat();
    const artistName = `Artist ${pad(artist)}`;
    const albumName = `Album ${pad(albumOfArtist, 2)}`;
    const albumDir = `${artistName}/${albumName}`;
    // Album titles are unique, except a few "Greatest Hits" shared by several artists (as in real libraries).
    const albumTitle = random() < 0.03 ? 'Greatest Hits' : `${pick(WORDS)} ${pick(WORDS)} ${pad(artist)}.${albumOfArtist}`;
    const compilation = random() < 0.05;
    const withAlbumArtist = compilation || random() < 0.5;
    const genre = pick(GENRES);
    const year = String(1960 + Math.floor(random() * 65));
    const color = Math.floor(random() * PALETTE.length);
    const embedded = (format === 'mp3' || format === 'flac' || format === 'm4a') && random() < 0.2;
    if (random() < 0.5) folderCovers.push({ path: `${albumDir}/cover.jpg`, color });
    const base0 = Math.floor(random() * BASE_SECONDS.length);
    for (let n = 1; n <= size; n++) {
      const title = `${pick(WORDS)} ${pick(WORDS)}`;
      const tags: Record<string, string> = {
        title,
        artist: compilation ? `Artist ${pad(1 + Math.floor(random() * Math.max(1, artist)))}` : artistName,
        album: albumTitle,
        genre,
        track: `${n}/${size}`,
        date: year,
      };
      if (withAlbumArtist) tags.album_artist = compilation ? 'Various Artists' : artistName;
      if (compilation) tags.compilation = '1';
      tracks.push({
        path: `${albumDir}/${pad(n, 2)} ${title}${EXTENSIONS[format]}`,
        format,
        base: (base0 + n) % BASE_SECONDS.length,
        cover: embedded ? color : null,
        tags,
      });
    }
  }
  return { tracks, folderCovers };
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * Builds (or reuses) a realistic mixed-format library of `tracks` files and returns its folder.
 * Cached in `cacheDir` (default `<repo>/.cache/bench/library-<N>`); the marker `<cacheDir>.complete`
 * is written last, so an interrupted build is thrown away and redone.
 */
export async function generatedLibrary(options: {
  tracks: number;
  cacheDir?: string;
  onProgress?: (done: number) => void;
}): Promise<string> {
  const count = options.tracks;
  if (!Number.isInteger(count) || count < 1) throw new Error(`generatedLibrary: tracks must be a positive integer`);
  const dir = path.resolve(options.cacheDir ?? path.join(REPO_ROOT, '.cache', 'bench', `library-${count}`));
  const marker = `${dir}.complete`;
  const expected = JSON.stringify({ version: LIBRARY_VERSION, tracks: count });
  if ((await exists(marker)) && (await readFile(marker, 'utf8')).trim() === expected && (await exists(dir))) {
    options.onProgress?.(count);
    return dir;
  }
  await rm(marker, { force: true });
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });

  const plan = planLibrary(count);
  const work = await mkdtemp(path.join(tmpdir(), 'tonearm-library-'));
  try {
    // 1. Base sources: BASE_SECONDS.length per format, each with its own frequency, one ffmpeg process.
    const formats = [...new Set(plan.tracks.map((t) => t.format))];
    const baseFile = (format: AudioFormat, i: number): string => path.join(work, `base-${format}-${i}${EXTENSIONS[format]}`);
    const baseArgs: string[] = [];
    BASE_SECONDS.forEach((seconds, i) => {
      baseArgs.push('-f', 'lavfi', '-i', `sine=frequency=${220 + 110 * i}:sample_rate=44100:duration=${seconds}`);
    });
    formats.forEach((format, f) => {
      BASE_SECONDS.forEach((_, i) => {
        // Vary the audio per format as well: a tiny per-format volume change is enough to change the data.
        baseArgs.push('-map', `${i}:a`, ...ENCODE[format], '-ac', '2', '-af', `volume=${(0.5 + 0.05 * f).toFixed(2)}`);
        baseArgs.push('-map_metadata', '-1', baseFile(format, i));
      });
    });
    await ffmpeg(baseArgs);

    // 2. Cover images (folder copies and embedded).
    const coverFile = (color: number): string => path.join(work, `cover-${color}.jpg`);
    await pool([...PALETTE.keys()], availableParallelism(), (i) =>
      writeImage(coverFile(i), { color: PALETTE[i] ?? 'gray', size: 500 }),
    );

    await Promise.all(
      [...new Set(plan.tracks.map((t) => path.dirname(path.join(dir, t.path))))].map((d) => mkdir(d, { recursive: true })),
    );
    await Promise.all(plan.folderCovers.map((c) => copyFile(coverFile(c.color), path.join(dir, c.path))));

    // 3. Stream-copy the bases into the tracks, many outputs per process.
    const groups: LibraryTrack[][] = [];
    for (const format of formats) groups.push(...chunk(plan.tracks.filter((t) => t.format === format), COPY_OUTPUTS_PER_PROCESS));
    let done = 0;
    await pool(groups, availableParallelism(), async (group) => {
      const format = (group[0] as LibraryTrack).format;
      const args: string[] = [];
      BASE_SECONDS.forEach((_, i) => args.push('-i', baseFile(format, i)));
      const coverInput = new Map<number, number>();
      for (const track of group) {
        if (track.cover !== null && !coverInput.has(track.cover)) {
          coverInput.set(track.cover, BASE_SECONDS.length + coverInput.size);
          args.push('-i', coverFile(track.cover));
        }
      }
      for (const track of group) {
        args.push('-map', `${track.base}:a`);
        const v = track.cover === null ? undefined : coverInput.get(track.cover);
        if (v !== undefined) {
          args.push('-map', `${v}:v`, '-disposition:v:0', 'attached_pic');
          if (format === 'mp3') args.push('-metadata:s:v:0', 'comment=Cover (front)');
        }
        args.push('-c', 'copy', ...MUX[format], '-map_metadata', '-1');
        for (const [key, value] of Object.entries(track.tags)) args.push('-metadata', `${key}=${value}`);
        args.push(path.join(dir, track.path));
      }
      await ffmpeg(args);
      done += group.length;
      options.onProgress?.(done);
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  await writeFile(marker, `${expected}\n`);
  return dir;
}
