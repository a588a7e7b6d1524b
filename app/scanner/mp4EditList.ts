// The stretch of an MP4's first audio track that its edit list (`moov/trak/edts/elst`) presents: an
// AAC encoder's priming (and some encoders' end padding) is in the sample table, the edit list says
// what to skip. Read box header by box header through the scan's block cache — never `mdat`, never
// the sample tables: a dozen small reads of what the tag reader has just read.
//
// Interpreted: any number of leading empty edits (media time -1: a delay before the track, which a
// player does not play as silence here), then exactly one edit at normal rate. Its media time is in
// the media's timescale (`mdhd`), its duration in the movie's (`mvhd`). An edit that ends less than
// one movie tick before the media's end ends there: the movie timescale could not say it more
// exactly (ffmpeg's are in milliseconds: it says 2523 ms for 111 279 samples at 44.1 kHz, which
// end 0.3 ms later). Anything else — several edits, a dwell or another rate, a box that does not
// fit its parent, a zero timescale, a media of unknown length — is not interpreted (null): the caller
// keeps the header's length. What it gives is never longer than the media.
import type { SyncFile } from './syncFile.ts';

export interface EditedLength {
  /** Seconds the edit list presents. */
  seconds: number;
  /** The edit list presents the whole media, from its first sample to its end (it cuts nothing). */
  whole: boolean;
}

interface Box {
  type: string;
  /** Where its payload starts and its end (both absolute). */
  start: number;
  end: number;
}

/** At most this many box headers are read per file (a hostile file's endless chain of tiny boxes). */
const MAX_BOXES = 512;
/** More edits than this are not an edit list worth interpreting. */
const MAX_EDITS = 16;

/** The first audio track's presented length by its edit list; null without one we can interpret. */
export function mp4EditedLength(file: SyncFile): EditedLength | null {
  const budget = { boxes: MAX_BOXES };
  const children = (start: number, end: number) => boxes(file, start, end, budget);
  const child = (parent: Box | null, type: string): Box | null => {
    for (const box of parent ? children(parent.start, parent.end) : []) if (box.type === type) return box;
    return null;
  };
  const moov = child({ type: '', start: 0, end: file.size }, 'moov');
  if (!moov) return null;
  const mvhd = child(moov, 'mvhd');
  const movieScale = mvhd ? timescale(file, mvhd) : null;
  if (!movieScale) return null;
  for (const trak of children(moov.start, moov.end)) {
    if (trak.type !== 'trak') continue;
    const mdia = child(trak, 'mdia');
    const hdlr = child(mdia, 'hdlr');
    if (!mdia || !hdlr || hdlr.end < hdlr.start + 12 || file.readAt(hdlr.start + 8, 4).toString('latin1') !== 'soun') continue;
    // The first audio track (music-metadata's and the player's) decides.
    const mdhd = child(mdia, 'mdhd');
    const elst = child(child(trak, 'edts'), 'elst');
    if (!mdhd || !elst) return null;
    return presented(file, elst, movieScale, mdhd);
  }
  return null;
}

function presented(file: SyncFile, elst: Box, movieScale: number, mdhd: Box): EditedLength | null {
  const mediaScale = timescale(file, mdhd);
  if (!mediaScale) return null;
  const mdhdV1 = file.readAt(mdhd.start, 1)[0] === 1;
  const d = mdhd.start + (mdhdV1 ? 32 : 20) <= mdhd.end ? file.readAt(mdhd.start + (mdhdV1 ? 24 : 16), mdhdV1 ? 8 : 4) : Buffer.alloc(0);
  const rawMedia = d.length === (mdhdV1 ? 8 : 4) ? (mdhdV1 ? Number(d.readBigUInt64BE(0)) : d.readUInt32BE(0)) : 0;
  // 0 or all ones: the media's length is not known (fragmented files): nothing to check an edit against.
  if (!(rawMedia > 0 && rawMedia !== 0xffffffff && Number.isSafeInteger(rawMedia))) return null;
  const mediaLength = rawMedia;
  const head = file.readAt(elst.start, 8);
  if (head.length < 8) return null;
  const v1 = head[0] === 1;
  const count = head.readUInt32BE(4);
  const entrySize = v1 ? 20 : 12;
  if (count === 0 || count > MAX_EDITS || elst.start + 8 + count * entrySize > elst.end) return null;
  const table = file.readAt(elst.start + 8, count * entrySize);
  if (table.length < count * entrySize) return null;
  let edit: { duration: number; mediaTime: number } | null = null;
  for (let i = 0; i < count; i++) {
    const at = i * entrySize;
    const duration = v1 ? Number(table.readBigUInt64BE(at)) : table.readUInt32BE(at);
    const mediaTime = v1 ? Number(table.readBigInt64BE(at + 8)) : table.readInt32BE(at + 4);
    const rate = table.readInt16BE(at + (v1 ? 16 : 8));
    const fraction = table.readInt16BE(at + (v1 ? 18 : 10));
    if (mediaTime === -1 && edit === null) continue; // a leading empty edit
    if (edit !== null || mediaTime < 0 || rate !== 1 || fraction !== 0 || !Number.isSafeInteger(duration) || !Number.isSafeInteger(mediaTime)) return null;
    edit = { duration, mediaTime };
  }
  if (edit === null) return null;
  const tick = mediaScale / movieScale;
  // Duration 0: to the end of the media (the last edit of a fragmented file).
  let end = edit.duration === 0 ? mediaLength : edit.mediaTime + edit.duration * tick;
  // Past the media's end, or less than a movie tick before it: the media's end.
  if (end > mediaLength - tick) end = mediaLength;
  const samples = end - edit.mediaTime;
  if (!(samples > 0)) return null;
  return { seconds: samples / mediaScale, whole: edit.mediaTime === 0 && end === mediaLength };
}

/** mvhd/mdhd: the timescale (version 0: after two 32-bit times; version 1: after two 64-bit ones). */
function timescale(file: SyncFile, box: Box): number {
  const v1 = file.readAt(box.start, 1)[0] === 1;
  const b = file.readAt(box.start + (v1 ? 20 : 12), 4);
  return b.length === 4 && box.start + (v1 ? 24 : 16) <= box.end ? b.readUInt32BE(0) : 0;
}

/** The boxes in [start, end), in order; stops at the first one that does not fit, or when the budget is spent. */
function* boxes(file: SyncFile, start: number, end: number, budget: { boxes: number }): Generator<Box> {
  for (let pos = start; pos + 8 <= end && budget.boxes-- > 0;) {
    const h = file.readAt(pos, 16);
    if (h.length < 8) return;
    let size = h.readUInt32BE(0);
    let header = 8;
    if (size === 1) {
      if (h.length < 16) return;
      size = Number(h.readBigUInt64BE(8));
      header = 16;
    } else if (size === 0) {
      size = end - pos; // to the end of its parent
    }
    if (size < header || pos + size > end) return;
    yield { type: h.toString('latin1', 4, 8), start: pos + header, end: pos + size };
    pos += size;
  }
}
