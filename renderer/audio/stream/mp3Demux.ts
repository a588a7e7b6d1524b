// Streaming MP3 reader over a RangeReader: skips ID3v2, reads the Xing/Info + LAME tag, then yields
// Layer III frames from any position. Timeline: the decoder outputs `delay + 529` samples before the
// first real one and `padding − 529` after the last (LAME tag), so the first decoded sample of frame
// i sits at i·1152 − (delay + 529), and the stream's last `padding − 529` frames are dropped.
import type { RangeReader } from './bytes.ts';
import type { Demuxed, DemuxPacket } from './demux.ts';
import { DECODER_DELAY, id3v2Size, isSync, parseXing, seekByte, type Mp3Layout } from './mp3.ts';

const SCAN = 64 * 1024;

/** Finds the first real frame at or after `from` (two consecutive headers), within `limit` bytes. */
async function syncFrom(reader: RangeReader, from: number, limit = SCAN): Promise<number | null> {
  const bytes = await reader.read(from, from + limit + 4096);
  for (let i = 0; i + 4 <= bytes.length && i < limit; i++) {
    if (bytes[i] === 0xff && isSync(bytes, i)) return from + i;
  }
  return null;
}

export async function openMp3(reader: RangeReader): Promise<Demuxed | null> {
  const size = reader.fileSize;
  const id3 = id3v2Size(await reader.read(0, 10));
  const first = await syncFrom(reader, id3);
  if (first === null) return null;
  const frameBytes = await reader.read(first, first + 2048);
  const h = isSync(frameBytes, 0);
  if (!h) return null;
  const xing = parseXing(frameBytes, 0, h);
  const audioStart = xing ? first + h.bytes : first;
  const tail = await reader.read(Math.max(0, size - 128), size);
  const audioEnd = tail.length === 128 && tail[0] === 0x54 && tail[1] === 0x41 && tail[2] === 0x47 ? size - 128 : size;
  const exact = xing?.frames != null && xing.frames > 0;
  const frames = exact ? (xing?.frames ?? 0) : Math.max(1, Math.round((audioEnd - audioStart) / h.bytes));
  const layout: Mp3Layout = {
    audioStart, audioEnd, frames, exactFrames: exact, samplesPerFrame: h.samples,
    toc: xing?.toc ?? null, tocBytes: xing?.bytes ?? audioEnd - first, tocStart: first,
  };
  const lame = xing?.delay != null && xing.padding != null;
  const skip = lame ? (xing?.delay ?? 0) + DECODER_DELAY : 0;
  const endDiscard = lame ? Math.max(0, (xing?.padding ?? 0) - DECODER_DELAY) : 0;
  const total = frames * h.samples;
  const length = lame && exact ? total - (xing?.delay ?? 0) - (xing?.padding ?? 0) : null;

  async function* packets(from: number): AsyncGenerator<DemuxPacket> {
    // Two frames of pre-roll: the bit reservoir may reach back into them.
    const index = Math.max(0, Math.floor((from + skip) / h!.samples) - 2);
    let pos = index === 0 ? audioStart : ((await syncFrom(reader, seekByte(layout, index))) ?? audioEnd);
    // Constant bitrate: the frame index follows from where the resync landed (exact up to padding).
    const cbr = !xing || xing.cbr;
    let i = index === 0 || !cbr ? index : Math.round((pos - audioStart) / ((audioEnd - audioStart) / frames));
    while (pos + 4 <= audioEnd) {
      const hb = await reader.read(pos, Math.min(audioEnd, pos + 2048));
      let fh = isSync(hb, 0);
      if (!fh) {
        const next = await syncFrom(reader, pos + 1, 8192);
        if (next === null) return;
        pos = next;
        fh = isSync(await reader.read(pos, pos + 2048), 0);
        if (!fh) return;
      }
      if (pos + fh.bytes > audioEnd) return;
      const data = fh.bytes <= hb.length ? hb.slice(0, fh.bytes) : (await reader.read(pos, pos + fh.bytes)).slice();
      yield { data, at: i * h!.samples - skip, frames: h!.samples };
      pos += fh.bytes;
      i++;
    }
  }

  return {
    codec: 'mp3',
    matroska: false,
    config: { codec: 'mp3', sampleRate: h.sampleRate, numberOfChannels: h.channels },
    sampleRate: h.sampleRate,
    channels: h.channels,
    length,
    endDiscard: length === null ? endDiscard : 0,
    duration: (length ?? total - skip) / h.sampleRate,
    packets,
    close: () => {},
  };
}
