// Test scaffolding: how a spec's tags are written per container — ffmpeg `-metadata` where it can,
// mutagen (mutagen_tags.py) for multi-value tags, free-form atoms and the MusicBrainz UFID.
import type { AudioFormat, ToneSpec } from './audioTools.ts';

type TagFamily = 'id3' | 'vorbis' | 'mp4' | 'asf' | 'riff';
export const FAMILY: Record<AudioFormat, TagFamily> = {
  mp3: 'id3',
  aiff: 'id3',
  flac: 'vorbis',
  ogg: 'vorbis',
  opus: 'vorbis',
  m4a: 'mp4',
  alac: 'mp4',
  wma: 'asf',
  wav: 'riff',
};

/** Keys ffmpeg maps to each container's native fields itself. */
const STANDARD_KEYS = new Set([
  'title',
  'artist',
  'album',
  'album_artist',
  'genre',
  'track',
  'disc',
  'date',
  'composer',
  'compilation',
  'comment',
]);
/** ffmpeg's ASF muxer writes these keys verbatim; give them their WM/ names. */
const ASF_RENAME: Record<string, string> = { date: 'WM/Year', disc: 'WM/PartOfSet', composer: 'WM/Composer' };
/** What ffmpeg 5.1 can write into a WAV LIST/INFO chunk (that music-metadata reads back). */
const RIFF_KEYS = new Set(['title', 'artist', 'album', 'genre', 'date', 'comment']);

/** Native names for free-form keys (Picard's mapping), where they differ from the Vorbis name. */
const FREEFORM: Record<string, { id3?: string; mp4?: string; asf?: string }> = {
  MUSICBRAINZ_ALBUMID: { id3: 'MusicBrainz Album Id', mp4: 'MusicBrainz Album Id', asf: 'MusicBrainz/Album Id' },
  MUSICBRAINZ_ARTISTID: { id3: 'MusicBrainz Artist Id', mp4: 'MusicBrainz Artist Id', asf: 'MusicBrainz/Artist Id' },
  MUSICBRAINZ_ALBUMARTISTID: {
    id3: 'MusicBrainz Album Artist Id',
    mp4: 'MusicBrainz Album Artist Id',
    asf: 'MusicBrainz/Album Artist Id',
  },
  MUSICBRAINZ_RELEASEGROUPID: {
    id3: 'MusicBrainz Release Group Id',
    mp4: 'MusicBrainz Release Group Id',
    asf: 'MusicBrainz/Release Group Id',
  },
  MUSICBRAINZ_RELEASETRACKID: {
    id3: 'MusicBrainz Release Track Id',
    mp4: 'MusicBrainz Release Track Id',
    asf: 'MusicBrainz/Release Track Id',
  },
  // The recording id: an ID3 UFID frame (written by the mutagen pass), not a TXXX.
  MUSICBRAINZ_TRACKID: { id3: 'UFID:http://musicbrainz.org', mp4: 'MusicBrainz Track Id', asf: 'MusicBrainz/Track Id' },
  MUSICBRAINZ_WORKID: { id3: 'MusicBrainz Work Id', mp4: 'MusicBrainz Work Id', asf: 'MusicBrainz/Work Id' },
  RELEASETYPE: { id3: 'MusicBrainz Album Type', mp4: 'MusicBrainz Album Type', asf: 'MusicBrainz/Album Type' },
  RELEASESTATUS: { id3: 'MusicBrainz Album Status', mp4: 'MusicBrainz Album Status', asf: 'MusicBrainz/Album Status' },
  ARTISTS: { id3: 'Artists', mp4: 'ARTISTS', asf: 'WM/ARTISTS' },
  REPLAYGAIN_TRACK_GAIN: { mp4: 'replaygain_track_gain' },
  REPLAYGAIN_TRACK_PEAK: { mp4: 'replaygain_track_peak' },
  REPLAYGAIN_ALBUM_GAIN: { mp4: 'replaygain_album_gain' },
  REPLAYGAIN_ALBUM_PEAK: { mp4: 'replaygain_album_peak' },
};

/** Native names of the standard keys, for multi-value tags written by mutagen. */
const MULTI_STANDARD: Record<string, { id3: string; vorbis: string; mp4: string; asf: string }> = {
  title: { id3: 'TIT2', vorbis: 'TITLE', mp4: '\u00a9nam', asf: 'Title' },
  artist: { id3: 'TPE1', vorbis: 'ARTIST', mp4: '\u00a9ART', asf: 'Author' },
  album: { id3: 'TALB', vorbis: 'ALBUM', mp4: '\u00a9alb', asf: 'WM/AlbumTitle' },
  album_artist: { id3: 'TPE2', vorbis: 'ALBUMARTIST', mp4: 'aART', asf: 'WM/AlbumArtist' },
  genre: { id3: 'TCON', vorbis: 'GENRE', mp4: '\u00a9gen', asf: 'WM/Genre' },
  composer: { id3: 'TCOM', vorbis: 'COMPOSER', mp4: '\u00a9wrt', asf: 'WM/Composer' },
};

/** One instruction for the mutagen pass: set `key` (container-native name) to `values`. */
// ---------------------------------------------------------------------------------------------
// Tags

/** Splits a spec's tags into ffmpeg `-metadata` arguments and mutagen instructions. */
export function planTags(spec: Pick<ToneSpec, 'format' | 'tags' | 'multiTags' | 'path'>): {
  metadata: string[];
  set: [string, string[]][];
} {
  const family = FAMILY[spec.format];
  const metadata: string[] = [];
  const set: [string, string[]][] = [];
  for (const [rawKey, value] of Object.entries(spec.tags ?? {})) {
    const key = STANDARD_KEYS.has(rawKey.toLowerCase()) ? rawKey.toLowerCase() : rawKey;
    if (STANDARD_KEYS.has(key)) {
      if (family === 'riff' && !RIFF_KEYS.has(key)) {
        throw new Error(`${spec.path}: wav can only carry ${[...RIFF_KEYS].join(', ')} (LIST/INFO), not "${key}"`);
      }
      if (family === 'id3' && key === 'compilation') set.push(['TCMP', [value]]); // ffmpeg writes TXXX:compilation
      else if (family === 'asf' && key === 'compilation') set.push(['bool:WM/IsCompilation', [value]]);
      else metadata.push('-metadata', `${family === 'asf' ? (ASF_RENAME[key] ?? key) : key}=${value}`);
      continue;
    }
    const upper = key.toUpperCase();
    const native = FREEFORM[upper];
    switch (family) {
      case 'riff':
        throw new Error(`${spec.path}: wav cannot carry the free-form tag "${key}"`);
      case 'vorbis':
        metadata.push('-metadata', `${key}=${value}`);
        break;
      case 'id3': {
        const name = native?.id3 ?? key;
        if (name.startsWith('UFID:')) {
          set.push([name, [value]]);
        } else metadata.push('-metadata', `${name}=${value}`); // ffmpeg writes unknown keys as TXXX
        break;
      }
      case 'asf':
        metadata.push('-metadata', `${native?.asf ?? key}=${value}`);
        break;
      case 'mp4':
        set.push([`----:com.apple.iTunes:${native?.mp4 ?? key}`, [value]]);
        break;
    }
  }
  for (const [rawKey, values] of Object.entries(spec.multiTags ?? {})) {
    if (family === 'riff') {
      throw new Error(`${spec.path}: multi-value tags are not supported for wav (use mp3, flac, ogg, opus, m4a, alac, aiff or wma)`);
    }
    if (values.length === 0) throw new Error(`${spec.path}: multiTags.${rawKey} is empty`);
    const standard = MULTI_STANDARD[rawKey.toLowerCase()];
    const native = FREEFORM[rawKey.toUpperCase()];
    let name: string;
    switch (family) {
      case 'id3': {
        if (standard) name = standard.id3;
        else {
          const n = native?.id3 ?? rawKey;
          if (n.startsWith('UFID:')) throw new Error(`${spec.path}: ${rawKey} cannot have several values in ID3`);
          name = `TXXX:${n}`;
        }
        break;
      }
      case 'vorbis':
        name = standard ? standard.vorbis : rawKey;
        break;
      case 'mp4':
        name = standard ? standard.mp4 : `----:com.apple.iTunes:${native?.mp4 ?? rawKey}`;
        break;
      case 'asf':
        name = standard ? standard.asf : (native?.asf ?? rawKey);
        break;
    }
    set.push([name, values]);
  }
  return { metadata, set };
}

