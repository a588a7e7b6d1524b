// Real audio files for tests and benchmarks, generated with ffmpeg (and python3-mutagen for the few
// tags ffmpeg cannot write: multi-value tags, MP4 free-form atoms, the ID3 MusicBrainz UFID frame).
//
// Speed matters: `writeTracks` encodes many outputs per ffmpeg process (one process per chunk of
// specs, one `sine` input per distinct frequency/length, one encoder per output), and
// `generatedLibrary` encodes a few base sources per format once and then stream-copies them into
// ~150 outputs per ffmpeg process with different `-metadata`.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { chunk, ENCODE, EXTENSIONS, ffmpeg, hash, mutagen, MUX, pool, run, writeImage, type AudioFormat, type MutagenOp, type ToneSpec } from './audioTools.ts';

export type { AudioFormat, ToneSpec } from './audioTools.ts';
export { writeImage } from './audioTools.ts';
import { FAMILY, planTags } from './audioTags.ts';


// ---------------------------------------------------------------------------------------------
// Images


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

export { generatedLibrary } from './generatedLibrary.ts';
export { findMutagenPython, run, runMutagenScript } from './audioTools.ts';
