// Loudness tags → ReplayGain 2.0 values (reference -18 LUFS), from every container's native tags:
// ID3v2 `TXXX:REPLAYGAIN_*` (any case), Vorbis comments, APEv2, MP4 `----:com.apple.iTunes:replaygain_*`,
// ASF; and R128 (`R128_TRACK_GAIN` / `R128_ALBUM_GAIN`, Q7.8 dB relative to -23 LUFS, RFC 7845) → +5 dB.
// music-metadata's common tags miss some of these (APE album gain, R128), so native tags are read.
import type { IAudioMetadata } from 'music-metadata';
import type { SyncFile } from './syncFile.ts';

export interface GainTags {
  trackGainDb: number | null;
  trackPeak: number | null;
  albumGainDb: number | null;
  albumPeak: number | null;
}

/** R128 tags are relative to -23 LUFS, ReplayGain 2.0 to -18 LUFS. */
export const R128_TO_RG2_DB = 5;

type Key = 'REPLAYGAIN_TRACK_GAIN' | 'REPLAYGAIN_TRACK_PEAK' | 'REPLAYGAIN_ALBUM_GAIN' | 'REPLAYGAIN_ALBUM_PEAK' | 'R128_TRACK_GAIN' | 'R128_ALBUM_GAIN';
const keys = new Set<string>(['REPLAYGAIN_TRACK_GAIN', 'REPLAYGAIN_TRACK_PEAK', 'REPLAYGAIN_ALBUM_GAIN', 'REPLAYGAIN_ALBUM_PEAK', 'R128_TRACK_GAIN', 'R128_ALBUM_GAIN']);

/** Tag groups in the order they win: the tag formats players write today, APEv2 (often stale mp3gain leftovers) last. */
const groupRank = (type: string): number => (type.startsWith('APE') ? 2 : type.startsWith('ID3v1') ? 3 : 1);

/** `TXXX:replaygain_track_gain`, `----:com.apple.iTunes:REPLAYGAIN_TRACK_GAIN`, `WM/…` → `REPLAYGAIN_TRACK_GAIN`. */
function keyOf(id: string): Key | null {
  const k = id.replace(/^TXXX:/i, '').replace(/^----:[^:]*:/, '').replace(/^WM\//i, '').trim().toUpperCase();
  return keys.has(k) ? (k as Key) : null;
}

function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.length > 0 ? textOf(value[0]) : null;
  if (value && typeof value === 'object' && 'text' in value) return textOf((value as { text: unknown }).text);
  return null;
}

/** "-6.50 dB", "+1,2 dB", "−3.1" → dB; null when it is not a plausible gain. */
export function parseGainDb(text: string): number | null {
  const m = /^\s*([+\-\u2212]?)\s*(\d{1,3}(?:[.,]\d+)?|[.,]\d+)\s*(?:db)?\s*$/i.exec(text);
  if (!m || m[2] === undefined) return null;
  const v = Number(m[2].replace(',', '.')) * (m[1] === '-' || m[1] === '\u2212' ? -1 : 1);
  return Number.isFinite(v) && Math.abs(v) <= 64 ? v : null;
}

/** "0.988547", "1,0" → linear peak (1.0 = full scale); null when implausible. */
export function parsePeak(text: string): number | null {
  const m = /^\s*(\d{1,3}(?:[.,]\d+)?|[.,]\d+)\s*$/.exec(text);
  if (!m || m[1] === undefined) return null;
  const v = Number(m[1].replace(',', '.'));
  return Number.isFinite(v) && v >= 0 && v <= 16 ? v : null;
}

/** R128 gain: a Q7.8 integer in -32768..32767 (RFC 7845 §5.2.1) → dB at the RG2 reference. */
export function parseR128(text: string): number | null {
  const m = /^\s*([+-]?\d{1,6})\s*$/.exec(text);
  if (!m || m[1] === undefined) return null;
  const q = Number(m[1]);
  return q >= -32768 && q <= 32767 ? q / 256 + R128_TO_RG2_DB : null;
}

/**
 * The ReplayGain 2.0 values a file's tags give. REPLAYGAIN_* wins over R128_* (as in mpv and Navidrome).
 * `opusOutputGainDb` is the Ogg Opus header's output gain, which decoders apply: R128 tags are relative
 * to it, and an Opus file whose header gain is set but that has no R128_ALBUM_GAIN was normalised to
 * the album in its header (opusenc does this from a source's REPLAYGAIN_ALBUM_GAIN; RFC 7845 asks
 * muxers to put the default gain there), so with R128_TRACK_GAIN its album gain is the R128 reference.
 */
export function readGainTags(meta: Pick<IAudioMetadata, 'native'>, opusOutputGainDb: number | null = null): GainTags {
  const found = new Map<Key, string>();
  const groups = Object.entries(meta.native ?? {}).sort(([a], [b]) => groupRank(a) - groupRank(b));
  for (const [, tags] of groups) {
    for (const tag of tags) {
      const key = keyOf(tag.id);
      if (key === null || found.has(key)) continue;
      const text = textOf(tag.value);
      if (text !== null && text.trim() !== '') found.set(key, text);
    }
  }
  const get = <T>(key: Key, parse: (s: string) => T | null): T | null => {
    const t = found.get(key);
    return t === undefined ? null : parse(t);
  };
  const rgTrack = get('REPLAYGAIN_TRACK_GAIN', parseGainDb);
  const rgAlbum = get('REPLAYGAIN_ALBUM_GAIN', parseGainDb);
  const r128Track = get('R128_TRACK_GAIN', parseR128);
  let r128Album = get('R128_ALBUM_GAIN', parseR128);
  if (r128Album === null && r128Track !== null && opusOutputGainDb !== null && opusOutputGainDb !== 0) r128Album = R128_TO_RG2_DB;
  return {
    trackGainDb: rgTrack ?? r128Track,
    trackPeak: get('REPLAYGAIN_TRACK_PEAK', parsePeak),
    albumGainDb: rgAlbum ?? r128Album,
    albumPeak: get('REPLAYGAIN_ALBUM_PEAK', parsePeak),
  };
}

/**
 * The output gain (dB) in an Ogg Opus identification header (`OpusHead`, RFC 7845 §5.1: a signed Q7.8
 * at byte 16 of the packet); null when the file does not start with one.
 */
export function opusOutputGainDb(file: Pick<SyncFile, 'readAt'>): number | null {
  const page = file.readAt(0, 27 + 255 + 19);
  if (page.length < 27 || page.toString('latin1', 0, 4) !== 'OggS') return null;
  const segments = page[26] ?? 0;
  const at = 27 + segments;
  if (page.length < at + 19 || page.toString('latin1', at, at + 8) !== 'OpusHead') return null;
  return page.readInt16LE(at + 16) / 256;
}
