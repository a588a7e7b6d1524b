// Streaming native FLAC reader over a RangeReader: the head (STREAMINFO for the decoder, the total
// length), then whole frames from any position. A seek bisects the file by bytes — every frame
// header says which sample it starts at — so it reads a few windows, never the file up to there.
import type { Demuxed, DemuxPacket } from './demux.ts';
import { maxFrame, nextFrame, parseHead, type StreamInfo } from './flac.ts';

/** What the reader needs from a RangeReader. */
export interface ByteRange {
  readonly fileSize: number;
  read(start: number, end: number): Promise<Uint8Array>;
}

const WINDOW = 64 * 1024;

/** The first whole frame at or after byte `pos` (null: none before the end). */
async function frameAt(r: ByteRange, info: StreamInfo, pos: number): Promise<{ at: number; bytes: number; sample: number; blockSize: number } | null> {
  let span = info.maxFrameSize > 0 ? Math.min(WINDOW, 2 * maxFrame(info)) : WINDOW;
  for (;;) {
    const end = Math.min(r.fileSize, pos + span);
    const b = await r.read(pos, end);
    const f = nextFrame(b, 0, info, end >= r.fileSize);
    if (f) return { at: pos + f.at, bytes: f.bytes, sample: f.header.sample, blockSize: f.header.blockSize };
    if (end >= r.fileSize) return null;
    span *= 2;
  }
}

/** Byte position of the last frame starting at or before sample `target`. */
async function locate(r: ByteRange, info: StreamInfo, audioStart: number, target: number): Promise<number> {
  let lo = audioStart;
  let hi = r.fileSize;
  while (hi - lo > Math.max(WINDOW, 4 * (info.maxFrameSize || 0))) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const f = await frameAt(r, info, mid);
    if (!f || f.sample > target) hi = mid;
    else lo = f.at;
  }
  return lo;
}

export async function openFlac(r: ByteRange): Promise<Demuxed | null> {
  let head = parseHead(await r.read(0, WINDOW));
  if (head && 'need' in head) head = parseHead(await r.read(0, head.need + WINDOW));
  if (!head || 'need' in head) return null;
  const { info, audioStart } = head;
  const length = info.totalSamples > 0 ? info.totalSamples : null;

  async function* packets(from: number): AsyncGenerator<DemuxPacket> {
    let pos = from <= 0 ? audioStart : await locate(r, info, audioStart, from);
    for (;;) {
      const f = await frameAt(r, info, pos);
      if (!f) return;
      pos = f.at + f.bytes;
      if (f.sample + f.blockSize <= from) continue;
      yield { data: (await r.read(f.at, pos)).slice(), at: f.sample, frames: f.blockSize };
    }
  }

  return {
    codec: 'flac',
    matroska: false,
    config: { codec: 'flac', sampleRate: info.sampleRate, numberOfChannels: info.channels, description: info.description },
    sampleRate: info.sampleRate,
    channels: info.channels,
    length,
    endDiscard: 0,
    duration: length === null ? null : length / info.sampleRate,
    packets,
    close: () => {},
  };
}
