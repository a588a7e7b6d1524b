// Rendition ladders: the default AAC ladder (M4A, faststart) and an Opus ladder (WebM). No
// preview rungs: nothing plays a 30 s cut (issue 11), so none is made or stored; a custom rung
// may still ask for one (`previewSeconds`).
import type { Codec, Ladder, Rung } from './types.ts';

/** The rung every track gets when its ladder makes nothing every client plays (plan.ts, rule 5). */
export const COMPAT_RUNG_NAME = 'compat';

const M4A = { extension: 'm4a', contentType: 'audio/mp4' } as const;
const WEBM = { extension: 'webm', contentType: 'audio/webm' } as const;

function rung(name: string, codec: Codec, kbps: number, previewSeconds?: number): Rung {
  return {
    name,
    codec,
    bitrate: kbps * 1000,
    ...(codec === 'aac' ? M4A : WEBM),
    ...(previewSeconds !== undefined ? { previewSeconds } : {}),
  };
}

/** Default: AAC-LC in M4A with the index up front (`-movflags +faststart`), `audio/mp4`. */
export const AAC_LADDER: Ladder = Object.freeze({
  name: 'aac',
  rungs: [rung('high', 'aac', 256), rung('medium', 'aac', 128), rung('low', 'aac', 64)],
});

/** Opus in WebM (`audio/webm`): Chromium, Firefox, and Safari 17+ (see README.md for the choice). */
export const OPUS_LADDER: Ladder = Object.freeze({
  name: 'opus',
  rungs: [rung('high', 'opus', 160), rung('medium', 'opus', 96), rung('low', 'opus', 48)],
});

/** AAC-LC in M4A at 128 kb/s: what iOS, Android, browsers and every Subsonic client play. */
export const COMPAT_RUNG: Rung = Object.freeze(rung(COMPAT_RUNG_NAME, 'aac', 128));

export const LADDERS: Readonly<Record<'aac' | 'opus', Ladder>> = Object.freeze({ aac: AAC_LADDER, opus: OPUS_LADDER });

export interface CustomRung {
  name: string;
  codec: Codec;
  /** Bits per second (≥ 6000). */
  bitrate: number;
  previewSeconds?: number;
}

/** Encoders' sane ranges, bits per second. */
const RANGE: Record<Codec, [number, number]> = { aac: [16_000, 512_000], opus: [6_000, 510_000] };

/**
 * A ladder from custom rungs (e.g. from the settings). Validates names (they become object keys:
 * `renditions/<fp>/<rung>.<ext>`), bitrates and uniqueness; throws one sentence on a bad rung.
 */
export function customLadder(name: string, rungs: readonly CustomRung[]): Ladder {
  if (rungs.length === 0) throw new Error(`ladder ${name} has no rungs`);
  const seen = new Set<string>();
  const out = rungs.map((r) => {
    if (!/^[a-z0-9-]{1,32}$/.test(r.name)) throw new Error(`rung name "${r.name}" must be 1-32 of a-z, 0-9 and -`);
    if (seen.has(r.name)) throw new Error(`ladder ${name} has two rungs named ${r.name}`);
    seen.add(r.name);
    if (r.codec !== 'aac' && r.codec !== 'opus') throw new Error(`rung ${r.name}: codec must be aac or opus`);
    const [min, max] = RANGE[r.codec];
    if (!Number.isFinite(r.bitrate) || r.bitrate < min || r.bitrate > max) {
      throw new Error(`rung ${r.name}: ${r.codec} bitrate must be between ${min / 1000} and ${max / 1000} kb/s`);
    }
    if (r.previewSeconds !== undefined && !(r.previewSeconds > 0 && r.previewSeconds <= 600)) {
      throw new Error(`rung ${r.name}: previewSeconds must be between 0 and 600`);
    }
    return rung(r.name, r.codec, r.bitrate / 1000, r.previewSeconds);
  });
  return { name, rungs: out };
}

/** A built-in ladder by name ('aac' | 'opus'), or a custom one passed through. */
export function ladderOf(ladder: Ladder | 'aac' | 'opus' | undefined): Ladder {
  if (ladder === undefined) return AAC_LADDER;
  if (typeof ladder === 'string') {
    const found = LADDERS[ladder];
    if (!found) throw new Error(`unknown ladder ${String(ladder)}: use aac or opus`);
    return found;
  }
  return ladder;
}
