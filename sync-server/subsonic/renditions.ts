// Which stored rendition a Subsonic `stream` gets (pure). Renditions are what there is — the server
// carries no audio (S3) — so `format` and `maxBitRate` choose among them:
//
//   - no `format`: the formats every mainstream client plays (AAC in MP4, MP3) first — iOS players
//     cannot play WebM — then anything;
//   - `format=mp3 | aac (m4a, mp4) | opus (ogg, oga, webm)`: that format first, then the universal
//     ones, then anything; `format=raw`: the highest bit rate of any format;
//   - `maxBitRate` (kbit/s, 0 = none) is kept to before the format: the best rendition at or under
//     it (10 % tolerance, as a VBR source copy's average may be a little above its rung), in the
//     first group that has one; when none is, the lowest of the first group. `format=raw` means
//     "no transcoding" in Subsonic: the best stored rendition whatever `maxBitRate` says.
//
// `exact` says whether the answer is what was asked (format and bit rate). No transcoding on the
// fly: the server carries no audio in S3 mode, and every track has an AAC-in-MP4 rendition.

export interface Rendition {
  rung: string;
  key: string;
  bytes: number;
  contentType: string;
  codec: string;
  bitrate: number;
}

export interface StreamRequest {
  /** Subsonic `format`, as given. */
  format?: string | undefined;
  /** kbit/s; 0 or absent: no limit. */
  maxBitRate?: number | undefined;
}

export type Family = 'mp3' | 'aac' | 'opus';

/** AAC in MP4 and MP3: what every mainstream client plays (browsers, iOS and Android players, desktop apps). */
export const isUniversal = (r: Pick<Rendition, 'contentType'>): boolean => r.contentType === 'audio/mp4' || r.contentType === 'audio/mpeg';

const familyOfType: Record<string, Family> = { 'audio/mpeg': 'mp3', 'audio/mp4': 'aac', 'audio/webm': 'opus', 'audio/ogg': 'opus' };
const familyOfFormat: Record<string, Family> = { mp3: 'mp3', aac: 'aac', m4a: 'aac', mp4: 'aac', opus: 'opus', ogg: 'opus', oga: 'opus', webm: 'opus' };

/** The family a `format` parameter asks for; null for none, `raw`, or a format no rendition can be. */
export function familyOf(format: string | undefined): Family | null {
  return format ? familyOfFormat[format.toLowerCase()] ?? null : null;
}

export const renditionFamily = (r: Pick<Rendition, 'contentType'>): Family | null => familyOfType[r.contentType] ?? null;

const TOLERANCE = 0.1;

export function pickRendition<R extends Rendition>(list: readonly R[], request: StreamRequest = {}): { pick: R; exact: boolean } | null {
  if (list.length === 0) return null;
  const byRate = (a: R, b: R) => b.bitrate - a.bitrate;
  const raw = request.format?.toLowerCase() === 'raw';
  const wanted = familyOf(request.format);
  const groups = (raw
    ? [[...list]]
    : wanted !== null
      ? [list.filter((r) => renditionFamily(r) === wanted), list.filter(isUniversal), [...list]]
      : [list.filter(isUniversal), [...list]]
  ).filter((g) => g.length > 0);
  const max = !raw && request.maxBitRate && request.maxBitRate > 0 ? request.maxBitRate * 1000 * (1 + TOLERANCE) : Infinity;
  const exactFormat = (r: R) => raw || wanted === null || renditionFamily(r) === wanted;
  for (const g of groups) {
    const under = g.filter((r) => r.bitrate <= max).sort(byRate)[0];
    if (under) return { pick: under, exact: exactFormat(under) };
  }
  const lowest = [...(groups[0] ?? [])].sort((a, b) => a.bitrate - b.bitrate)[0];
  return lowest ? { pick: lowest, exact: false } : null;
}
