// AAC in MP4 stream-copied to the exact sample (the 'source' plan of an AAC library file).
//
// ffmpeg writes edit lists in a 1000 Hz movie timescale by default, so an M4A it made says its
// length rounded down to the millisecond: the edit list plays up to 47 samples fewer than the
// sample table holds (the encoder's priming skipped, the true end in the table). A plain stream copy
// honours that edit list and cuts those samples for good — a gapless join then misses them (heard
// in remote mode: one dropped run of samples per such track). When the source's edit list is just
// the priming plus such a rounded length, the copy reads the sample table instead (-ignore_editlist)
// and moves its start back by the priming (-itsoffset), so the muxer writes an exact edit list
// (format.ts: movie timescale 7 056 000). Any other edit list (a real cut) is copied as it says.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

interface Probed {
  packets?: { pts?: number }[];
  streams?: { time_base?: string; duration_ts?: number }[];
}

async function firstPacketAndLength(ffprobe: string, file: string, ignoreEditList: boolean): Promise<{ firstPts: number; length: number; timeBase: number } | null> {
  const args = ['-v', 'error', ...(ignoreEditList ? ['-ignore_editlist', '1'] : []), '-select_streams', 'a:0',
    '-show_entries', 'stream=duration_ts,time_base:packet=pts', '-read_intervals', '%+#1', '-of', 'json', file];
  const { stdout } = await promisify(execFile)(ffprobe, args, { maxBuffer: 2 ** 20 });
  const j = JSON.parse(stdout) as Probed;
  const [num, den] = (j.streams?.[0]?.time_base ?? '').split('/').map(Number);
  const firstPts = j.packets?.[0]?.pts;
  const length = j.streams?.[0]?.duration_ts;
  if (!num || !den || typeof firstPts !== 'number' || typeof length !== 'number') return null;
  return { firstPts, length, timeBase: num / den };
}

/**
 * ffmpeg input options for copying `file` (AAC in MP4) without losing the samples a millisecond
 * edit list rounds away; [] when its edit list is exact, absent, or more than the priming.
 */
export async function aacCopyInputOptions(ffprobe: string, file: string): Promise<string[]> {
  const edited = await firstPacketAndLength(ffprobe, file, false);
  const whole = await firstPacketAndLength(ffprobe, file, true);
  if (!edited || !whole || edited.firstPts >= 0 || whole.firstPts !== 0) return [];
  const priming = -edited.firstPts;
  // The sample table holds `whole.length` ticks from the first (priming) sample on.
  const cut = (whole.length - priming - edited.length) * edited.timeBase;
  if (!(cut > 0 && cut < 0.001)) return [];
  return ['-ignore_editlist', '1', '-itsoffset', (-priming * edited.timeBase).toFixed(9)];
}
