// Where an AAC-in-MP4 source's audio starts and how many samples it plays, and how to keep exactly
// those samples in a rendition: a stream copy (the 'source' plan of an AAC library file) and an
// encode from it.
//
// Three ways a source says it:
//  - An exact edit list (priming skipped, the length to the sample): ffmpeg honours the start, a copy
//    keeps it (the movie timescale in format.ts makes the rendition's edit list exact).
//  - An edit list rounded to a millisecond (ffmpeg's own M4A files): it plays up to 47 samples
//    fewer than the sample table holds. A plain copy would cut them for good, so the copy reads the
//    sample table (-ignore_editlist) with the start moved back by the priming (-itsoffset): the
//    muxer writes an exact edit list. Any other edit list (a real cut) is copied as it says.
//  - No edit list, only iTunes' `----:com.apple.iTunes:iTunSMPB` tag (" 00000000 00000840 000001CC
//    0000000000xxxxxx …": priming, padding, length, in hex) — iTunes and Apple-style encoders. ffmpeg
//    5.1 skips the tag's priming (skip_samples on the first packet) but plays the padding at the
//    end, and a copy drops the tag: the rendition would play the padding at every track boundary.
//    When the tag agrees with the sample table, the copy drops the packets that hold nothing but
//    padding and shortens the last one (bitstream filters `noise=drop`, `setts=duration`), so the
//    muxer writes the edit list the tag means: start at the priming, play `length` samples. A
//    malformed tag, or one that disagrees with the sample table, is ignored (the copy as before).
//
// ffmpeg 5.1's decoder does not cut an AAC stream's end padding even with an edit list, so an
// encode from any of these sources keeps `samples` (atrim). ffmpeg skips the start itself, except an
// iTunSMPB priming of 16 384 samples or more: that one the copy moves back (-itsoffset) and an
// encode trims (`skip`).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseITunSMPB } from '../contract/itunSmpb.ts';

interface Probed {
  format?: { tags?: Record<string, string> };
  packets?: { pts?: number; side_data_list?: { skip_samples?: number }[] }[];
  streams?: { time_base?: string; duration_ts?: number; sample_rate?: string }[];
}

interface Track {
  firstPts: number;
  /** Samples ffmpeg skips at the start (its first packet's skip_samples). */
  skip: number;
  /** Ticks of the stream: its edit list's length, or (ignoring it) its sample table's. */
  length: number;
  timeBase: number;
  /** Ticks per sample are 1 (the time base is 1/sample rate). */
  perSample: boolean;
  smpb: string | null;
}

async function probeTrack(ffprobe: string, file: string, ignoreEditList: boolean): Promise<Track | null> {
  const args = ['-v', 'error', ...(ignoreEditList ? ['-ignore_editlist', '1'] : []), '-select_streams', 'a:0',
    '-show_entries', 'stream=duration_ts,time_base,sample_rate:packet=pts:packet_side_data=skip_samples:format_tags',
    '-read_intervals', '%+#1', '-of', 'json', file];
  let j: Probed;
  try {
    j = JSON.parse((await promisify(execFile)(ffprobe, args, { maxBuffer: 2 ** 20 })).stdout) as Probed;
  } catch {
    return null; // unreadable here: the ffmpeg run that follows says why in its own error
  }
  const stream = j.streams?.[0];
  const [num, den] = (stream?.time_base ?? '').split('/').map(Number);
  const packet = j.packets?.[0];
  const length = stream?.duration_ts;
  if (!num || !den || typeof packet?.pts !== 'number' || typeof length !== 'number') return null;
  const tags = j.format?.tags ?? {};
  const key = Object.keys(tags).find((k) => k.toLowerCase() === 'itunsmpb');
  return {
    firstPts: packet.pts,
    skip: packet.side_data_list?.find((d) => typeof d.skip_samples === 'number')?.skip_samples ?? 0,
    length,
    timeBase: num / den,
    perSample: num === 1 && String(den) === stream?.sample_rate,
    smpb: key === undefined ? null : (tags[key] ?? null),
  };
}

/** At most this much of a sample table may lie past the tag's priming + length: two AAC frames of padding. */
const MAX_PADDING = 2048;

export interface AacGapless {
  /** How the source says where its audio is. */
  from: 'edit-list' | 'rounded-edit-list' | 'iTunSMPB' | 'none';
  /** ffmpeg input options for a stream copy. */
  copyInput: string[];
  /** ffmpeg output options for a stream copy (bitstream filters). */
  copyOutput: string[];
  /** Samples at the start of what ffmpeg decodes that are still priming (ffmpeg did not skip them). */
  skip: number;
  /** Samples the source plays after its priming (what an encode keeps); null when unknown. */
  samples: number | null;
}

const NONE: AacGapless = { from: 'none', copyInput: [], copyOutput: [], skip: 0, samples: null };

/** How to keep exactly the samples an AAC-in-MP4 `file` plays (see the top of this file). */
export async function aacGapless(ffprobe: string, file: string): Promise<AacGapless> {
  // Two small ffprobe runs (the first packet and the stream's length), side by side.
  const [edited, whole] = await Promise.all([probeTrack(ffprobe, file, false), probeTrack(ffprobe, file, true)]);
  if (!edited || !whole || whole.firstPts !== 0) return NONE;
  if (edited.firstPts < 0) {
    const priming = -edited.firstPts;
    // The sample table holds `whole.length` ticks from the first (priming) sample on.
    const cut = (whole.length - priming - edited.length) * edited.timeBase;
    if (!(cut > 0 && cut < 0.001)) return { ...NONE, from: 'edit-list', samples: edited.perSample ? edited.length : null };
    const samples = edited.perSample ? whole.length - priming : null;
    return { from: 'rounded-edit-list', copyInput: ['-ignore_editlist', '1', '-itsoffset', (-priming * edited.timeBase).toFixed(9)], copyOutput: [], skip: 0, samples };
  }
  // No edit list that skips anything: the iTunSMPB tag, if it agrees with the sample table.
  const smpb = edited.smpb === null ? null : parseITunSMPB(edited.smpb);
  if (smpb === null || !edited.perSample || edited.firstPts !== 0 || edited.length !== whole.length) return NONE;
  const { priming, length } = smpb;
  const rest = whole.length - priming - length;
  if (rest < 0 || rest >= MAX_PADDING) return NONE;
  // ffmpeg itself skips the tag's priming when it reads it (0 < priming < 16384); else the copy moves
  // the start back, and an encode trims it.
  if (edited.skip !== 0 && edited.skip !== priming) return NONE;
  const applied = edited.skip === priming;
  const copyInput = applied ? [] : ['-itsoffset', (-priming * edited.timeBase).toFixed(9)];
  // Ticks from the first packet (the priming's) to the end of the audio; packets starting there hold only padding.
  const end = priming + length;
  const t = 'PTS-STARTPTS';
  const copyOutput = ['-bsf:a', `noise=drop=gte(pts-startpts\\,${end}),setts=duration=if(gt(${t}+DURATION\\,${end})\\,${end}-(${t})\\,DURATION)`];
  return { from: 'iTunSMPB', copyInput, copyOutput, skip: applied ? 0 : priming, samples: length };
}
