// Audio is audio: a file counts as a track only when its audio data really syncs — several
// consecutive MPEG/ADTS frames chained by their own lengths, FLAC frame headers with valid CRC-8,
// Ogg pages with valid CRC-32, an audio chunk/box that exists — and its duration comes from the data
// when the header promises more than the file holds (a cut-off file). A few small reads per file.
import type { IAudioMetadata } from 'music-metadata';
import type { AudioRegion } from './fingerprint.ts';
import type { SyncFile } from './syncFile.ts';
import { checkFlac, checkMpeg, checkOgg } from './frames.ts';
import { mp4EditedLength } from './mp4EditList.ts';
import { parseITunSMPB } from '../contract/itunSmpb.ts';

export interface AudioCheckInput {
  file: SyncFile;
  region: AudioRegion;
  meta: IAudioMetadata;
  /** Lower-case extension with its dot. */
  ext: string;
}

export type AudioCheck = { ok: true; durationSec: number | undefined } | { ok: false; reason: string };

/** Header duration, or the data's when the data ends early. */
export function checkAudio({ file, region, meta, ext }: AudioCheckInput): AudioCheck {
  const header = finite(meta.format.duration);
  if (!region.found) return { ok: false, reason: `not playable: the ${containerName(region)} holds no audio data` };
  if (region.end - region.start < 128) return { ok: false, reason: 'truncated file: no audio data after the headers' };
  // What part of the declared audio the file really holds (1 when whole).
  const held = region.declaredEnd > region.end ? (region.end - region.start) / Math.max(1, region.declaredEnd - region.start) : 1;
  switch (region.kind) {
    case 'flac': {
      const r = checkFlac(file, region);
      if (!r.ok) return r;
      return { ok: true, durationSec: shorter(header, r.samplesEnd !== null && meta.format.sampleRate ? r.samplesEnd / meta.format.sampleRate : undefined) };
    }
    case 'ogg': {
      const r = checkOgg(file, region);
      if (!r.ok) return r;
      const rate = meta.format.codec === 'Opus' || /opus/i.test(meta.format.codec ?? '') ? 48000 : meta.format.sampleRate;
      const fromData = r.lastGranule !== null && rate ? r.lastGranule / rate : undefined;
      return { ok: true, durationSec: header !== undefined && header > 0 ? shorter(header, fromData) : fromData };
    }
    case 'stream': {
      const mpegLike = /mpeg|adts|aac/i.test(meta.format.container ?? '') || ['.mp3', '.mp2', '.aac'].includes(ext);
      if (!mpegLike) return { ok: true, durationSec: header };
      const r = checkMpeg(file, region);
      if (!r.ok) return r;
      const length = region.end - region.start;
      const cut = r.totalBytes !== null && length < r.totalBytes * 0.97 ? length / r.totalBytes : 1;
      return { ok: true, durationSec: header === undefined ? undefined : header * cut };
    }
    default: {
      // mp4 (mdat), RIFF (data), AIFF (SSND), ASF (data object): PCM or packets inside a box the
      // container sizes; a cut-off file holds only part of what it declares.
      const f = meta.format;
      const pcmBytesPerSecond = (region.kind === 'riff' || region.kind === 'aiff') && /pcm/i.test(f.codec ?? '') && f.sampleRate && f.numberOfChannels && f.bitsPerSample
        ? (f.sampleRate * f.numberOfChannels * f.bitsPerSample) / 8 : undefined;
      if (pcmBytesPerSecond) return { ok: true, durationSec: shorter(header, (region.end - region.start) / pcmBytesPerSecond) };
      const whole = header === undefined ? undefined : header * held;
      return { ok: true, durationSec: region.kind === 'mp4' ? mp4Length(file, meta, whole, held) : whole };
    }
  }
}

/**
 * MP4: what the edit list presents (ffmpeg's and most encoders' way of skipping the AAC priming and
 * the padding, mp4EditList.ts), else what an iTunSMPB tag says. An edit list that cuts nothing
 * leaves it to the tag; a cut-off file never gets longer than the part it holds.
 */
function mp4Length(file: SyncFile, meta: IAudioMetadata, whole: number | undefined, held: number): number | undefined {
  const edit = mp4EditedLength(file);
  if (edit === null || edit.whole) return gaplessLength(meta, whole);
  return held < 1 && whole !== undefined ? Math.min(edit.seconds, whole) : edit.seconds;
}

/**
 * AAC in MP4 from iTunes-style encoders: the iTunSMPB tag says how many samples the track really
 * holds; the header's length (music-metadata's) also counts the encoder's priming and padding. The
 * tag is taken when it is shorter by less than a second (a cut-off file's shorter data still wins).
 */
function gaplessLength(meta: IAudioMetadata, whole: number | undefined): number | undefined {
  const rate = meta.format.sampleRate;
  if (whole === undefined || !rate) return whole;
  const tag = Object.values(meta.native ?? {}).flat().find((t) => /itunsmpb$/i.test(t.id) && typeof t.value === 'string');
  const smpb = tag ? parseITunSMPB(tag.value as string) : null;
  const exact = smpb ? smpb.length / rate : undefined;
  return exact !== undefined && exact <= whole && exact > whole - 1 ? exact : whole;
}

function shorter(header: number | undefined, fromData: number | undefined): number | undefined {
  if (fromData === undefined || fromData <= 0) return header;
  if (header === undefined) return fromData;
  return fromData < header * 0.97 ? fromData : header;
}

function finite(v: number | undefined): number | undefined {
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

function containerName(region: AudioRegion): string {
  return { mp4: 'MP4 file', riff: 'WAV file', aiff: 'AIFF file', asf: 'WMA file', flac: 'FLAC file', ogg: 'Ogg file', stream: 'file' }[region.kind];
}
