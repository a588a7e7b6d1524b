// app/transcoder: ffmpeg renditions for sync, and loudness. See README.md beside this file.
// fluent-ffmpeg is imported by ./ffmpeg.ts only; nothing outside app/transcoder imports it.
export type { Codec, Ladder, Loudness, RenditionResult, Rung, RungPlan, SourceInfo } from './types.ts';
export { AAC_LADDER, OPUS_LADDER, LADDERS, COMPAT_RUNG, customLadder, ladderOf, type CustomRung } from './ladders.ts';
export { planRenditions, playableFamily, TOLERANCE, type PlanOptions, type SourceFamily } from './plan.ts';
export { renditionFormat, type RenditionFormat } from './format.ts';
export { transcode, measureLoudness, parseEbur128, probeSource, type TranscodeOptions, type MeasureLoudnessOptions } from './transcode.ts';
export { renditionPath } from './cache.ts';
export {
  transcodeAll, jobsFor,
  type TranscodeJob, type TranscodeAllOptions, type TranscodeAllResult, type TranscodeProgress,
} from './pool.ts';
export { resolveFfmpeg, FfmpegMissingError, FfmpegError, type FfmpegOptions, type FfmpegPaths } from './ffmpeg.ts';
