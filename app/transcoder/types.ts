// The transcoder's public shapes. fluent-ffmpeg stays behind app/transcoder; nothing else imports it.
import type { BlockHistogram } from '../model/loudnessBlocks.ts';

export type Codec = 'aac' | 'opus';

export interface Rung {
  /** 'high' | 'medium' | 'low' | 'preview' or a custom name. */
  name: string;
  codec: Codec;
  /** Target bitrate in bits per second. */
  bitrate: number;
  /** 'm4a' (AAC-LC, faststart) or 'webm' for Opus. */
  extension: string;
  contentType: string;
  /** Preview rungs: seconds taken from the middle of the track. */
  previewSeconds?: number;
}

export interface Ladder {
  name: 'aac' | 'opus' | string;
  rungs: Rung[];
}

/** What the planner decides for one rung of one source track. */
export type RungPlan =
  /** `bitrate`, when set, is below the rung's: never encode above a lossy source's bitrate. */
  | { rung: Rung; action: 'encode'; bitrate?: number }
  /**
   * A lossy source at or below the rung's bitrate that browsers play: the source's own audio
   * (stream-copied without tags or pictures, so tag edits never change the object).
   */
  | { rung: Rung; action: 'source' }
  /** Not worth making (would re-encode upward or gain nothing). */
  | { rung: Rung; action: 'skip'; reason: string };

export interface SourceInfo {
  path: string;
  codec: string | null;
  container: string | null;
  lossless: boolean;
  bitrate: number | null;
  durationMs: number;
}

export interface Loudness {
  /** EBU R128 integrated loudness, LUFS. */
  integratedLufs: number;
  /** True peak, dBTP. */
  truePeakDb: number;
  /** Loudness range, LU. */
  rangeLu: number;
  /**
   * The gating blocks' loudness (app/model/loudnessBlocks.ts), so albums can be measured as a whole;
   * absent for measurements stored before they were kept.
   */
  blocks?: BlockHistogram | undefined;
}

export interface RenditionResult {
  rung: string;
  file: string;
  bytes: number;
  bitrate: number;
  codec: Codec | string;
  contentType: string;
  durationMs: number;
}
