// Test helper: real AAC M4A files from ffmpeg (its edit list skips the encoder's 1024 samples of
// priming, in a millisecond movie timescale), and the same files with another edit list written in
// (empty edits, cuts, version 1, another movie timescale, malformed lists), for mp4EditList.test.ts.
import fs from 'node:fs';
import { ffmpeg } from '../../testing/audioTools.ts';

export interface FfmpegM4aOptions {
  rate: 44100 | 48000;
  channels: 1 | 2;
  /** Samples of audio the file holds (before ffmpeg's priming). */
  samples: number;
  /** moov before mdat (`-movflags +faststart`). */
  faststart?: boolean;
  /** false: no edit list (`-use_editlist 0`; the priming stays in the presented length). */
  editList?: boolean;
}

/** An AAC M4A as ffmpeg writes it by default (moov after mdat, edit list in ms): a tone `samples` long. */
export async function writeFfmpegM4a(file: string, o: FfmpegM4aOptions): Promise<void> {
  const seconds = Math.ceil(o.samples / o.rate) + 1;
  await ffmpeg(['-f', 'lavfi', '-i', `aevalsrc=0.3*sin(2*PI*440*t)|0.3*sin(2*PI*550*t):s=${o.rate}:d=${seconds}`,
    '-af', `atrim=end_sample=${o.samples}`, '-ac', String(o.channels), '-c:a', 'aac', '-b:a', '128k',
    ...(o.faststart ? ['-movflags', '+faststart'] : []), ...(o.editList === false ? ['-use_editlist', '0'] : []), file]);
}

export interface Edit {
  /** In the movie's timescale. */
  duration: number;
  /** In the media's timescale; -1: an empty edit. */
  mediaTime: number;
  /** Default 1. */
  rate?: number;
}

export interface EditListRewrite {
  edits: Edit[];
  /** elst version (1: 64-bit duration and media time). Default 0. */
  version?: 0 | 1;
  /** The entry count written, when it should lie about the entries that follow. */
  count?: number;
  /** mvhd's timescale instead of the one the file has (ffmpeg's: 1000). */
  movieTimescale?: number;
}

interface At { type: string; pos: number; size: number }

function boxes(b: Buffer, start: number, end: number): At[] {
  const out: At[] = [];
  for (let pos = start; pos + 8 <= end;) {
    const size = b.readUInt32BE(pos);
    if (size < 8) throw new Error('unexpected box size in the test file');
    out.push({ type: b.toString('latin1', pos + 4, pos + 8), pos, size });
    pos += size;
  }
  return out;
}

function find(b: Buffer, parent: At | null, type: string): At {
  const found = boxes(b, parent ? parent.pos + 8 : 0, parent ? parent.pos + parent.size : b.length).find((x) => x.type === type);
  if (!found) throw new Error(`no ${type} box in the test file`);
  return found;
}

/** Replaces the first track's edit list of an ffmpeg M4A (moov after mdat: no chunk offset moves). */
export function rewriteEditList(file: string, o: EditListRewrite): void {
  let b = fs.readFileSync(file);
  const moov = find(b, null, 'moov');
  if (moov.pos < find(b, null, 'mdat').pos) throw new Error('rewriteEditList needs moov after mdat');
  const mvhd = find(b, moov, 'mvhd');
  if (o.movieTimescale !== undefined) b.writeUInt32BE(o.movieTimescale, mvhd.pos + 8 + (b[mvhd.pos + 8] === 1 ? 20 : 12));
  const trak = find(b, moov, 'trak');
  const edts = find(b, trak, 'edts');
  const elst = find(b, edts, 'elst');
  const v1 = o.version === 1;
  const entry = v1 ? 20 : 12;
  const box = Buffer.alloc(16 + o.edits.length * entry);
  box.writeUInt32BE(box.length, 0);
  box.write('elst', 4, 'latin1');
  box[8] = v1 ? 1 : 0;
  box.writeUInt32BE(o.count ?? o.edits.length, 12);
  o.edits.forEach((e, i) => {
    const at = 16 + i * entry;
    if (v1) {
      box.writeBigUInt64BE(BigInt(e.duration), at);
      box.writeBigInt64BE(BigInt(e.mediaTime), at + 8);
    } else {
      box.writeUInt32BE(e.duration, at);
      box.writeInt32BE(e.mediaTime, at + 4);
    }
    box.writeInt16BE(e.rate ?? 1, at + (v1 ? 16 : 8));
  });
  const delta = box.length - elst.size;
  b = Buffer.concat([b.subarray(0, elst.pos), box, b.subarray(elst.pos + elst.size)]);
  for (const parent of [moov, trak, edts]) b.writeUInt32BE(parent.size + delta, parent.pos);
  fs.writeFileSync(file, b);
}
