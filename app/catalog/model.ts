// The catalog's domain shapes. A leaf module: no imports from the rest of the app.

export type ArtistRole = 'artist' | 'albumartist' | 'composer';

/** What the scanner hands the catalog for one audio file. */
export interface TrackInput {
  path: string;
  folderPath: string;
  size: number;
  mtimeMs: number;
  fingerprint: string;
  container: string | null;
  codec: string | null;
  lossless: boolean;
  bitrate: number | null;
  sampleRate: number | null;
  bitDepth: number | null;
  channels: number | null;
  durationMs: number;
  durationEstimated: boolean;
  title: string;
  trackNo: number | null;
  trackTotal: number | null;
  discNo: number | null;
  discTotal: number | null;
  year: number | null;
  date: string | null;
  rgTrackGain: number | null;
  rgTrackPeak: number | null;
  rgAlbumGain: number | null;
  rgAlbumPeak: number | null;
  /** Ogg Opus header output gain in dB (decoders apply it); null for other formats. */
  outputGainDb?: number | null;
  mbTrackId: string | null;
  mbRecordingId: string | null;
  mbAlbumId: string | null;
  mbArtistId: string | null;
  mbAlbumArtistId: string | null;
  /** Raw album tag; null when untagged (the album then takes the folder's name). */
  album: string | null;
  /** Raw album-artist tag, null when absent. */
  albumArtist: string | null;
  compilation: boolean;
  /** Artist string as tagged, for display ("A feat. B"). */
  artistDisplay: string;
  artists: string[];
  albumArtists: string[];
  composers: string[];
  genres: string[];
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
