// Runs in a worker thread (parse.worker.ts): reads files' tags, technical info and audio fingerprints.
import { createHash } from 'node:crypto';
import type { IAudioMetadata } from 'music-metadata';
import path from 'node:path';
import { audioFingerprint, type AudioRegion } from './fingerprint.ts';
import { checkAudio } from './audioCheck.ts';
import { openSync, parseSync, type SyncFile } from './syncFile.ts';
import { toTrackInput, type ParsedTrack } from './tags.ts';
import { opusOutputGainDb } from './gain.ts';
import { embeddedLyrics } from '../lyrics/read.ts';

/** Less audio than this after the tags is a file cut off inside its headers. */
const MIN_AUDIO_BYTES = 128;

export interface FileTask {
  path: string;
  size: number;
  mtimeMs: number;
  /** Extract embedded art (false when the folder has its own cover image). */
  wantCover: boolean;
}

/** Several files per task: one message round trip per batch keeps the workers busy. */
export interface ParseBatch {
  files: FileTask[];
  exceptions?: readonly string[];
  /** Files at most this large get an exact duration by a full parse when headers lack one. */
  exactDurationMaxBytes: number;
}

type ParseTask = FileTask & Omit<ParseBatch, 'files'>;

export interface EmbeddedCover {
  hash: string;
  mime: string;
  /**
   * The image; null when an earlier file of the same task carried the same image (an album's art
   * embedded in each of its tracks crosses to the main thread once per task, not once per track).
   */
  data: Uint8Array | null;
}

export type ParseOutcome =
  | { ok: true; track: ParsedTrack; cover: EmbeddedCover | null }
  | { ok: false; reason: string };

export async function parseBatch(batch: ParseBatch): Promise<ParseOutcome[]> {
  const out: ParseOutcome[] = [];
  const sent = new Set<string>();
  for (const f of batch.files) {
    const outcome = await parse({ ...f, exceptions: batch.exceptions, exactDurationMaxBytes: batch.exactDurationMaxBytes }).catch(
      (err: unknown): ParseOutcome => ({ ok: false, reason: `reader failed: ${(err as Error).message}` }));
    if (outcome.ok && outcome.cover) {
      if (sent.has(outcome.cover.hash)) outcome.cover.data = null;
      else sent.add(outcome.cover.hash);
    }
    out.push(outcome);
  }
  return out;
}

/** The last embedded image hashed: the next track of an album usually carries the same bytes. */
let lastCover: { data: Buffer; hash: string } | null = null;

/** The content hash of an embedded image; the same bytes as the last one are compared, not hashed again. */
function coverHash(data: Uint8Array): string {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (lastCover && lastCover.data.equals(bytes)) return lastCover.hash;
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
  lastCover = { data: bytes, hash }; // the parse's own buffer: nothing reuses it
  return hash;
}

async function parse(task: ParseTask): Promise<ParseOutcome> {
  let file: SyncFile;
  try {
    file = openSync(task.path);
  } catch (err) {
    return { ok: false, reason: `cannot open: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
  try {
    return await parseOpen(file, task);
  } finally {
    file.close();
  }
}

async function parseOpen(file: SyncFile, task: ParseTask): Promise<ParseOutcome> {
  let fingerprint: string;
  let audioBytes: number;
  let region: AudioRegion;
  try {
    ({ fingerprint, audioBytes, region } = audioFingerprint(file));
  } catch (err) {
    return { ok: false, reason: `cannot read: ${(err as Error).message}` };
  }
  let meta: IAudioMetadata;
  try {
    meta = await parseSync(file, task.path, { skipCovers: !task.wantCover, duration: false });
  } catch (err) {
    return { ok: false, reason: describe(err) };
  }
  if (!looksLikeAudio(meta)) return { ok: false, reason: 'not an audio file (no audio stream found)' };
  if (audioBytes < MIN_AUDIO_BYTES) return { ok: false, reason: 'truncated file: no audio data after the headers' };
  // Audio is audio: the stream must sync over several frames; a cut-off file's duration comes from its data.
  const check = checkAudio({ file, region, meta, ext: path.extname(task.path).toLowerCase() });
  if (!check.ok) return { ok: false, reason: check.reason };
  let duration = check.durationSec;
  let durationEstimated = false;
  if (!duration || !Number.isFinite(duration)) {
    if (task.size <= task.exactDurationMaxBytes) {
      // No duration in the headers (e.g. VBR mp3 without a Xing frame): bounded full parse.
      const full = await parseSync(file, task.path, { skipCovers: true, duration: true }).catch(() => null);
      duration = full?.format.duration;
    }
    if ((!duration || !Number.isFinite(duration)) && meta.format.bitrate) {
      duration = (task.size * 8) / meta.format.bitrate;
      durationEstimated = true;
    }
  }
  if (!duration || !Number.isFinite(duration) || duration <= 0) return { ok: false, reason: 'not playable: no audio duration could be determined' };
  const opusGain = meta.format.codec === 'Opus' ? opusOutputGainDb(file) : null;
  const parsed = toTrackInput(meta, { path: task.path, size: task.size, mtimeMs: task.mtimeMs, fingerprint, opusOutputGainDb: opusGain }, task.exceptions);
  const track = { ...parsed, lyrics: embeddedLyrics(meta), durationMs: duration && Number.isFinite(duration) ? duration * 1000 : 0, durationEstimated };
  let cover: EmbeddedCover | null = null;
  const pic = task.wantCover ? pickCover(meta) : undefined;
  if (pic) {
    cover = { hash: coverHash(pic.data), mime: pic.format, data: pic.data };
  }
  return { ok: true, track, cover };
}

function looksLikeAudio(meta: IAudioMetadata): boolean {
  const f = meta.format;
  return Boolean(f.codec || f.sampleRate || f.duration || f.bitrate || f.numberOfChannels);
}

function pickCover(meta: IAudioMetadata): { format: string; data: Uint8Array } | undefined {
  const pics = meta.common.picture ?? [];
  const front = pics.find((p) => /front/i.test(p.type ?? '')) ?? pics[0];
  if (!front || front.data.length === 0 || front.data.length > 32 * 1024 * 1024) return undefined;
  const format = front.format.includes('/') ? front.format : `image/${front.format === 'jpg' ? 'jpeg' : front.format}`;
  return { format, data: front.data };
}

function describe(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  if (/end.?of.?stream|EndOfStream/i.test(msg)) return 'truncated or damaged file (ended early)';
  if (/unsupported|mime-type|MIME/i.test(msg)) return `unrecognised format: ${msg}`;
  if (/exceeds|outside the bounds|out of range|beyond/i.test(msg)) return `truncated or damaged file: ${msg}`;
  return `cannot read tags: ${msg}`;
}
