// Streaming native FLAC reader over a RangeReader: the head (STREAMINFO for the decoder, the total
// length, the SEEKTABLE), then whole frames from any position. A seek interpolates (then bisects)
// over the file's bytes — every frame header says which sample it starts at — so it reads a few
// windows, never the file up to there.
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

/**
 * Byte position of a frame starting at or before sample `target`, close to it: from the SEEKTABLE
 * when the file has one, then by interpolating bytes between known frames (FLAC's bitrate varies
 * little, so a guess or two lands near), and by bisection when the guesses stop closing in.
 */
async function locate(r: ByteRange, info: StreamInfo, audioStart: number, target: number): Promise<number> {
  let lo = { at: audioStart, sample: 0 };
  let hi = { at: r.fileSize, sample: info.totalSamples > 0 ? info.totalSamples : Infinity };
  for (const p of info.seekPoints) {
    if (p.sample <= target && audioStart + p.offset > lo.at) lo = { at: audioStart + p.offset, sample: p.sample };
    else if (p.sample > target && audioStart + p.offset < hi.at) hi = { at: audioStart + p.offset, sample: p.sample };
  }
  const close = Math.max(WINDOW, 4 * (info.maxFrameSize || 0));
  for (let step = 0; hi.at - lo.at > close && step < 24; step++) {
    // Interpolate for the first steps, then halve (a file whose bitrate swings a lot).
    const frac = step < 4 && Number.isFinite(hi.sample) ? (target - lo.sample) / Math.max(1, hi.sample - lo.sample) : 0.5;
    const guess = Math.min(hi.at - 1, Math.max(lo.at + 1, Math.floor(lo.at + frac * (hi.at - lo.at)) - (step < 4 ? WINDOW / 4 : 0)));
    const f = await frameAt(r, info, guess);
    if (!f || f.sample > target) hi = { at: guess, sample: f?.sample ?? hi.sample };
    else if (f.sample + f.blockSize > target) return f.at;
    else lo = { at: f.at, sample: f.sample };
  }
  return lo.at;
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
