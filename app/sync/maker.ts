// What sync needs from the transcoder, behind one small interface (tests may inject their own).
// The default is app/transcoder: planRenditions, renditionFormat, transcode, measureLoudness.
import {
  ladderOf, measureLoudness, planRenditions, renditionFormat, renditionPath, transcode,
  type RenditionFormat,
} from '../transcoder/index.ts';
import type { Ladder, Loudness, RungPlan, SourceInfo } from '../transcoder/types.ts';

/** A plan that makes a file: an encode, or the source's audio stream-copied. */
export type MakePlan = Exclude<RungPlan, { action: 'skip' }>;

export interface EncodeRequest {
  source: SourceInfo;
  plan: MakePlan;
  /** The final file; written atomically (temp file, then rename). */
  outFile: string;
  signal?: AbortSignal | undefined;
}

export interface RenditionMaker {
  plan(source: SourceInfo, ladder?: Ladder): RungPlan[];
  /** Extension, content type and codec of the file a plan makes. Throws when it cannot be made. */
  format(plan: MakePlan, source: SourceInfo): RenditionFormat;
  /** Where the rendition cache keeps a rendition. */
  cachePath(cacheDir: string, fingerprint: string, rung: string, extension: string): string;
  encode(request: EncodeRequest): Promise<{ bytes: number }>;
  /** EBU R128 loudness with gating blocks (digital silence: -Infinity); null when ffmpeg cannot measure the file. */
  loudness(file: string, signal?: AbortSignal): Promise<Loudness | null>;
}

export const transcoderMaker: RenditionMaker = {
  plan: (source, ladder) => planRenditions({ source, ladder: ladderOf(ladder) }),
  format: (plan, source) => renditionFormat(plan, source),
  cachePath: renditionPath,
  async encode(r) {
    const result = await transcode({
      source: r.source, rung: r.plan.rung, outFile: r.outFile, action: r.plan.action, signal: r.signal,
      ...(r.plan.action === 'encode' && r.plan.bitrate !== undefined ? { bitrate: r.plan.bitrate } : {}),
    });
    return { bytes: result.bytes };
  },
  async loudness(file, signal) {
    try {
      return await measureLoudness({ file, signal });
    } catch (err) {
      if (signal?.aborted) throw err;
      return null;
    }
  },
};
