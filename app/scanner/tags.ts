// From music-metadata's result to the catalog's TrackInput: one normalized shape for every format.
import path from 'node:path';
import type { IAudioMetadata } from 'music-metadata';
import type { TrackInput } from '../catalog/model.ts';
import { artistList, splitArtists } from './artists.ts';
import { discFromFolder, fromFileName } from '../text/fileName.ts';
import { readGainTags } from './gain.ts';
import { displayPath } from '../text/fsPath.ts';

export interface FileFacts {
  path: string;
  size: number;
  mtimeMs: number;
  fingerprint: string;
  /** The Ogg Opus header's output gain (dB), for Opus files. */
  opusOutputGainDb?: number | null;
}

export type ParsedTrack = Omit<TrackInput, 'coverHash'>;

const losslessCodecs = /^(flac|alac|pcm|wav|aiff|ape|wavpack|tta|mlp|truehd|dsd|wma ?lossless)/i;

export function toTrackInput(meta: IAudioMetadata, file: FileFacts, exceptions?: readonly string[]): ParsedTrack {
  const c = meta.common;
  const f = meta.format;
  const artists = artistList(c.artists, c.artist, exceptions);
  const albumArtists = artistList(c.albumartists, c.albumartist, exceptions);
  const composers = (c.composer ?? []).flatMap((v) => splitArtists(v, exceptions));
  const genres = dedupe((c.genre ?? []).flatMap((g) => g.split(/\s*[;/]\s*/)).map((g) => g.trim()).filter((g) => g.length > 0));
  // Untagged: the file name without its track-number prefix ("1-01 Title" → "Title", disc 1, track 1).
  const fromName = fromFileName(displayPath(path.basename(file.path, path.extname(file.path))));
  const title = nonEmpty(c.title) ?? fromName.title;
  const codec = f.codec ?? null;
  const durationMs = f.duration !== undefined && Number.isFinite(f.duration) ? f.duration * 1000 : 0;
  const year = c.year ?? yearOf(c.date) ?? yearOf(c.originaldate);
  const outputGainDb = file.opusOutputGainDb ?? null;
  const gain = readGainTags(meta, outputGainDb);
  return {
    path: file.path,
    folderPath: path.dirname(file.path),
    size: file.size,
    mtimeMs: file.mtimeMs,
    fingerprint: file.fingerprint,
    container: f.container ?? null,
    codec,
    lossless: f.lossless ?? (codec !== null && losslessCodecs.test(codec)),
    bitrate: finite(f.bitrate),
    sampleRate: finite(f.sampleRate),
    bitDepth: finite(f.bitsPerSample),
    channels: finite(f.numberOfChannels),
    durationMs,
    durationEstimated: false,
    title,
    trackNo: positive(c.track.no) ?? (nonEmpty(c.title) ? null : fromName.trackNo),
    trackTotal: positive(c.track.of),
    discNo: positive(c.disk.no) ?? (nonEmpty(c.title) ? null : (fromName.discNo ?? discFromFolder(displayPath(path.dirname(file.path))))),
    discTotal: positive(c.disk.of),
    year: year !== null && year > 0 && year < 10000 ? year : null,
    date: nonEmpty(c.date) ?? null,
    rgTrackGain: gain.trackGainDb,
    rgTrackPeak: gain.trackPeak,
    rgAlbumGain: gain.albumGainDb,
    rgAlbumPeak: gain.albumPeak,
    outputGainDb,
    mbTrackId: nonEmpty(c.musicbrainz_trackid) ?? null,
    mbRecordingId: nonEmpty(c.musicbrainz_recordingid) ?? null,
    mbAlbumId: nonEmpty(c.musicbrainz_albumid) ?? null,
    mbArtistId: nonEmpty(c.musicbrainz_artistid?.[0]) ?? null,
    mbAlbumArtistId: nonEmpty(c.musicbrainz_albumartistid?.[0]) ?? null,
    album: nonEmpty(c.album) ?? null,
    albumArtist: nonEmpty(c.albumartist) ?? (albumArtists.length > 0 ? albumArtists.join('; ') : null),
    compilation: c.compilation === true,
    artistDisplay: nonEmpty(c.artist) ?? (artists.length > 0 ? artists.join('; ') : ''),
    artists,
    albumArtists,
    composers,
    genres,
  };
}

function nonEmpty(v: string | undefined | null): string | undefined {
  if (v == null) return undefined;
  const t = v.replace(/\u0000+$/g, '').trim();
  return t.length > 0 ? t : undefined;
}

function finite(v: number | undefined | null): number | null {
  return v !== undefined && v !== null && Number.isFinite(v) ? v : null;
}

function positive(v: number | null | undefined): number | null {
  return v !== undefined && v !== null && Number.isFinite(v) && v > 0 ? v : null;
}

function yearOf(date: string | undefined): number | null {
  const m = date?.match(/^(\d{4})/);
  return m?.[1] ? Number(m[1]) : null;
}

function dedupe(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = v.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
