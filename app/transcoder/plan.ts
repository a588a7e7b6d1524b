// The planner: which rungs of a ladder one source track gets, and how. Pure (no I/O).
//
// Rules (README.md has the table):
//  1. Preview rungs are always encoded (a cut is never the source) — at no more than a lossy
//     source's bitrate.
//  2. Lossless sources (and lossy ones well above a rung) get the rung encoded.
//  3. A lossy source at or below a rung's bitrate (within TOLERANCE) is never re-encoded upward:
//     the best fit — the lowest such rung — is the source itself when browsers play its format
//     ('source'), or an encode at no more than the source's bitrate when they don't; the rungs
//     above it are skipped.
//  4. Unknown bitrate of a lossy source: the top rung is the source when playable (nothing is
//     upscaled), every rung below is encoded.
//  5. A track whose plan makes nothing every client plays (AAC in MP4 or MP3: iOS players cannot
//     play WebM) gets one more rung, `compat`: AAC-LC in M4A at 128 kb/s, at no more than a lossy
//     source's bitrate. So an Opus ladder, or a low-rate Opus/Vorbis source copied as WebM, still
//     leaves every track playable by every Subsonic client.
import { COMPAT_RUNG } from './ladders.ts';
import type { Ladder, Rung, RungPlan, SourceInfo } from './types.ts';

/**
 * A lossy source within 10 % above a rung's bitrate counts as "at" it: re-encoding 136 kb/s mp3
 * into 128 kb/s AAC loses more to generation loss than it saves in bytes.
 */
export const TOLERANCE = 0.1;

export type SourceFamily = 'mp3' | 'aac' | 'opus' | 'vorbis';

/** The lossy formats every major browser decodes, by the codec names music-metadata/ffprobe use. */
export function playableFamily(source: Pick<SourceInfo, 'codec' | 'container' | 'lossless'>): SourceFamily | null {
  if (source.lossless) return null;
  const codec = (source.codec ?? '').toLowerCase();
  const container = (source.container ?? '').toLowerCase();
  if (/^mpeg 1 layer 3|^mpeg 2(\.5)? layer 3|^mp3$/.test(codec)) return 'mp3';
  // AAC-LC / HE-AAC in MP4 (music-metadata: 'MPEG-4/AAC'; ffprobe: 'aac'). Not ADTS or other containers.
  if (/(^|\/)aac\b|^mp4a/.test(codec) && /m4a|mp4|isom|iso\d|m4b|mp42|^mov/.test(container)) return 'aac';
  if (/^opus$/.test(codec)) return 'opus';
  if (/^vorbis/.test(codec)) return 'vorbis';
  return null;
}

function isPreview(rung: Rung): boolean {
  return rung.previewSeconds !== undefined;
}

export interface PlanOptions {
  source: Pick<SourceInfo, 'codec' | 'container' | 'lossless' | 'bitrate'>;
  ladder: Ladder;
}

function encode(rung: Rung, cap: number | null): RungPlan {
  return cap !== null && cap < rung.bitrate ? { rung, action: 'encode', bitrate: cap } : { rung, action: 'encode' };
}

/** Whether a plan makes AAC in MP4 or MP3 (what every client plays). */
function universal(p: RungPlan, family: SourceFamily | null): boolean {
  if (p.action === 'skip' || p.rung.previewSeconds !== undefined) return false;
  return p.action === 'source' ? family === 'mp3' || family === 'aac' : p.rung.codec === 'aac';
}

/** One plan per rung of the ladder, in the ladder's order; then `compat` when rule 5 asks for it. */
export function planRenditions(options: PlanOptions): RungPlan[] {
  const plans = ladderPlans(options);
  const family = playableFamily(options.source);
  if (plans.some((p) => universal(p, family)) || options.ladder.rungs.some((r) => r.name === COMPAT_RUNG.name)) return plans;
  const bitrate = options.source.bitrate;
  const cap = !options.source.lossless && bitrate !== null && Number.isFinite(bitrate) && bitrate > 0 ? Math.round(bitrate) : null;
  return [...plans, encode(COMPAT_RUNG, cap)];
}

function ladderPlans({ source, ladder }: PlanOptions): RungPlan[] {
  const lossy = !source.lossless;
  const bitrate = source.bitrate !== null && Number.isFinite(source.bitrate) && source.bitrate > 0 ? source.bitrate : null;
  const playable = playableFamily(source) !== null;
  const cap = lossy && bitrate !== null ? Math.round(bitrate) : null;
  const full = ladder.rungs.filter((r) => !isPreview(r));

  // The rung the source fills: the lowest one at or above its bitrate (within the tolerance).
  let bestFit: Rung | null = null;
  if (lossy && bitrate !== null) {
    for (const r of full) {
      if (bitrate <= r.bitrate * (1 + TOLERANCE) && (bestFit === null || r.bitrate < bestFit.bitrate)) bestFit = r;
    }
  } else if (lossy && playable) {
    // Unknown bitrate: the source stands in for the top rung; nothing is encoded above it.
    for (const r of full) if (bestFit === null || r.bitrate > bestFit.bitrate) bestFit = r;
  }

  return ladder.rungs.map((rung): RungPlan => {
    if (isPreview(rung)) return encode(rung, cap);
    if (!lossy || bestFit === null) return { rung, action: 'encode' };
    if (rung === bestFit) return playable ? { rung, action: 'source' } : encode(rung, cap);
    if (rung.bitrate > bestFit.bitrate || (rung.bitrate === bestFit.bitrate && ladder.rungs.indexOf(rung) < ladder.rungs.indexOf(bestFit))) {
      const kbps = bitrate === null ? 'of unknown bitrate' : `only ${Math.round(bitrate / 1000)} kb/s`;
      return { rung, action: 'skip', reason: `the lossy source is ${kbps}; ${rung.name} (${rung.bitrate / 1000} kb/s) would re-encode it upward` };
    }
    return { rung, action: 'encode' };
  });
}
