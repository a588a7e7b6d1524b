// The catalog's shapes. Imports only the domain model (app/model).
import type { TrackMeta } from '../model/track.ts';

export type ArtistRole = 'artist' | 'albumartist' | 'composer';

/**
 * What the scanner hands the catalog for one audio file: the domain track's tags and audio
 * (app/model/track.ts) as read from the file, plus where the file is and what it holds raw.
 */
export interface TrackInput extends Omit<TrackMeta, 'artist' | 'gain' | 'hasLyrics' | 'addedAt'> {
  path: string;
  folderPath: string;
  size: number;
  mtimeMs: number;
  fingerprint: string;
  durationEstimated: boolean;
  /** The loudness tags as read (the catalog derives the track's `gain` from them and from measurements). */
  rgTrackGain: number | null;
  rgTrackPeak: number | null;
  rgAlbumGain: number | null;
  rgAlbumPeak: number | null;
  /** Ogg Opus header output gain in dB (decoders apply it); null for other formats. */
  outputGainDb?: number | null;
  mbArtistId: string | null;
  mbAlbumArtistId: string | null;
  /** Raw album tag; null when untagged (the album then takes the folder's name). */
  album: string | null;
  /** Raw album-artist tag, null when absent. */
  albumArtist: string | null;
  /** Artist string as tagged, for display ("A feat. B"): the domain track's `artist`. */
  artistDisplay: string;
  /** Lyrics embedded in the file (the contract's Lyrics); undefined leaves stored ones as they are. */
  lyrics?: Array<{ synced: boolean; lang: string | null; offsetMs: number; lines: Array<{ startMs: number | null; text: string }>; source: 'sidecar' | 'embedded' }>;
  /** Content hash of the track's cover (folder image or embedded), registered via `covers.put`. */
  coverHash: string | null;
}

export interface ScanErrorRow {
  path: string;
  reason: string;
  at: number;
}

export interface CatalogStats {
  tracks: number;
  albums: number;
  artists: number;
  genres: number;
  durationMs: number;
  bytes: number;
  errors: number;
}

/** Size and mtime of a catalogued file: what the scanner compares to skip unchanged files. */
export interface FileStamp {
  id: number;
  size: number;
  mtimeMs: number;
  fingerprint: string;
}
