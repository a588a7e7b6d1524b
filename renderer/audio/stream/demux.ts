// Opens one audio file for the streaming engine: its decoder config and its exact timeline.
//  - MP3: our reader (mp3Demux.ts): LAME delay/padding, Xing TOC seeks.
//  - FLAC: our reader (flacDemux.ts): STREAMINFO length, seeks by bisection on frame headers.
//  - MP4/M4A, WebM/Matroska, Ogg, WAV: mediabunny over our RangeReader (its CustomSource),
//    so only the bytes read are fetched. Timeline rules, measured in Chromium (README.md):
//    AAC priming comes as a negative first timestamp from the edit list (or iTunSMPB without one);
//    Opus pre-skip is removed by the decoder; Ogg/MP4/FLAC/WAV lengths are exact from granules,
//    edit lists, STREAMINFO and data size; WebM ends with DiscardPadding (read from the file's tail).
//    An Ogg Opus/Vorbis length comes from the last page's granule in one read of the tail (oggTail.ts;
//    mediabunny's computeDuration bisects the whole file for it), fetched while mediabunny reads the head.
import { ALL_FORMATS, CustomSource, EncodedPacketSink, Input, MATROSKA, WEBM, type EncodedPacket } from 'mediabunny';
import type { RangeReader } from './bytes.ts';
import { openFlac } from './flacDemux.ts';
import { openMp3 } from './mp3Demux.ts';
import { oggEndSamples, parseOggHead } from './oggTail.ts';
import { readITunSMPB } from './mp4Smpb.ts';
import { opusPacketSamples, snapToPacketGrid } from './opusPacket.ts';
import { discardPaddingNs } from './webmTail.ts';
import { parseITunSMPB } from '../../../app/contract/itunSmpb.ts';

export interface DemuxPacket {
  data: Uint8Array;
  /** Timeline position (frames) of the packet's first decoded sample; negative inside encoder delay. */
  at: number;
  frames: number;
}

export interface Demuxed {
  codec: string;
  /** WebM/Matroska block times are milliseconds and include Opus's pre-skip. */
  matroska: boolean;
  config: AudioDecoderConfig;
  sampleRate: number;
  channels: number;
  /** Exact playable length in frames, when the container says so. */
  length: number | null;
  /** Frames to drop from the end of the decoded stream (MP3 padding, WebM DiscardPadding). */
  endDiscard: number;
  /** Approximate duration for display, seconds. */
  duration: number | null;
  /** Packets from about `from` on (a little earlier: decoder pre-roll). */
  packets(from: number): AsyncGenerator<DemuxPacket>;
  close(): void;
}

function isMp3(head: Uint8Array): boolean {
  if (head[0] === 0x49 && head[1] === 0x44 && head[2] === 0x33) {
    // ID3v2 is used by MP3 and (rarely) by AAC/FLAC; peek past it in openMp3.
    return true;
  }
  return head[0] === 0xff && ((head[1] ?? 0) & 0xe6) === 0xe2;
}

export async function demux(reader: RangeReader): Promise<Demuxed> {
  await reader.open();
  const head = await reader.read(0, 16);
  if (isMp3(head)) {
    const mp3 = await openMp3(reader);
    if (mp3) return mp3;
  }
  if (head[0] === 0x66 && head[1] === 0x4c && head[2] === 0x61 && head[3] === 0x43) {
    const flac = await openFlac(reader);
    if (flac) return flac;
  }
  return openWithMediabunny(reader);
}

async function openWithMediabunny(reader: RangeReader): Promise<Demuxed> {
  const source = new CustomSource({
    getSize: () => reader.fileSize,
    read: (start, end) => reader.read(start, end),
    maxCacheSize: 2 * 2 ** 20,
  });
  // Ogg: the tail's last page is read now, alongside mediabunny's reads of the head.
  const ogg = parseOggHead(await reader.read(0, 4096));
  const oggEnd = ogg ? oggEndSamples(reader, ogg).catch(() => null) : Promise.resolve(null);
  const input = new Input({ source, formats: ALL_FORMATS });
  const track = await input.getPrimaryAudioTrack();
  if (!track) throw new Error('no audio track in this file');
  const config = await track.getDecoderConfig();
  if (!config) throw new Error(`this browser cannot decode ${track.codec ?? 'this codec'}`);
  const format = await input.getFormat();
  const sr = track.sampleRate;
  const matroska = format === WEBM || format === MATROSKA;
  let length: number | null = null;
  let endDiscard = 0;
  let shift = 0; // frames to subtract from packet timestamps (iTunSMPB priming)
  let duration: number | null = null;
  if (matroska) {
    duration = await track.getDurationFromMetadata();
    // The last block's DiscardPadding: in the last 16 KB when Cues are written in front (the sync
    // renditions: a skip then costs one range request of the tail), else within the last 64 KB.
    const tailOf = (n: number) => reader.read(Math.max(0, reader.fileSize - n), reader.fileSize);
    const ns = discardPaddingNs(await tailOf(16 * 1024)) || discardPaddingNs(await tailOf(64 * 1024));
    if (ns > 0) endDiscard = Math.round((ns * sr) / 1e9);
  } else {
    const first = await track.getFirstTimestamp();
    const tailEnd = ogg && ogg.codec === track.codec ? await oggEnd : null;
    const end = tailEnd !== null ? tailEnd / sr : await track.computeDuration();
    length = Math.round(end * sr);
    duration = end;
    if (first > 0) {
      // The file's timeline starts late (an empty edit, or a cut that kept its timestamps): play from its first sample.
      shift = Math.round(first * sr);
      length = Math.round((end - first) * sr);
      duration = end - first;
    } else if (track.codec === 'aac' && first === 0) {
      const raw = await readITunSMPB(reader);
      const smpb = raw !== null ? parseITunSMPB(raw) : null;
      if (smpb && smpb.length > 0) {
        shift = smpb.priming;
        length = smpb.length;
        duration = smpb.length / sr;
      }
    }
  }
  const sink = new EncodedPacketSink(track);
  // Decoding starts this far before a seek's target (then trimmed): the decoders converge. Opus:
  // measured in Chromium, 80 ms (RFC 7845's minimum) still left an error of several % for ~100 ms after the
  // target; 200 ms lands on the exact waveform.
  const preroll = track.codec === 'opus' ? 0.2 : 0.05;
  const opusGrid = matroska && track.codec === 'opus' && sr === 48000;
  async function* packets(from: number): AsyncGenerator<DemuxPacket> {
    const t = (from + shift) / sr - preroll;
    let start: EncodedPacket | null = from <= 0 ? await sink.getFirstPacket() : await sink.getPacket(Math.max(t, 0));
    start ??= await sink.getFirstPacket();
    if (!start) return;
    // One packet after another (not sink.packets(), whose queue holds as many packets as were
    // taken in the last second of wall time: at a track's start, when seconds of audio are decoded
    // at once, it reads seconds more from the network than the engine asked for).
    for (let p: EncodedPacket | null = start; p; p = await sink.getNextPacket(p)) {
      const at = Math.round(p.timestamp * sr) - shift;
      // Matroska times are whole milliseconds: an Opus packet's exact place and length come from itself.
      const exact = opusGrid ? opusPacketSamples(p.data) : 0;
      yield exact > 0 ? { data: p.data, at: snapToPacketGrid(at, exact), frames: exact } : { data: p.data, at, frames: Math.round(p.duration * sr) };
    }
  }
  return {
    codec: track.codec ?? 'unknown',
    matroska,
    config,
    sampleRate: sr,
    channels: track.numberOfChannels,
    length,
    endDiscard,
    duration,
    packets,
    close: () => input.dispose(),
  };
}
