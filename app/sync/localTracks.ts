// Reads the local catalog into what sync needs per track: mirror metadata (without loudness, which
// is measured separately), the source file and the cover. One query with JSON sub-selects: 10,000
// tracks in well under 100 ms.
import type { Db } from '../catalog/index.ts';
import type { Loudness, SourceInfo } from '../transcoder/types.ts';
import type { MirrorTrackMeta } from './protocol.ts';

export interface LocalCover {
  hash: string;
  mime: string;
  bytes: number;
}

export interface LocalTrack {
  sourceId: number;
  fingerprint: string;
  /** Which copy of this audio in the library (by path, from 0): the server keys tracks by audio and copy. */
  copy: number;
  size: number;
  source: SourceInfo;
  /** Everything but loudness (filled in from the loudness store). */
  meta: Omit<MirrorTrackMeta, 'loudnessLufs' | 'truePeakDb'>;
  cover: LocalCover | null;
  /** Measured loudness of the current audio (migration 0003); undefined when never measured. */
  loudness: Loudness | undefined;
}

interface Row {
  id: number;
  path: string;
  size: number;
  fingerprint: string;
  container: string | null;
  codec: string | null;
  lossless: number;
  bitrate: number | null;
  sample_rate: number | null;
  bit_depth: number | null;
  channels: number | null;
  duration_ms: number;
  title: string;
  artist_display: string;
  track_no: number | null;
  track_total: number | null;
  disc_no: number | null;
  disc_total: number | null;
  year: number | null;
  date: string | null;
  rg_track_gain: number | null;
  rg_track_peak: number | null;
  rg_album_gain: number | null;
  rg_album_peak: number | null;
  mb_track_id: string | null;
  mb_recording_id: string | null;
  mb_album_id: string | null;
  added_at: number;
  album: string | null;
  album_artist: string | null;
  compilation: number | null;
  artists: string;
  album_artists: string;
  composers: string;
  genres: string;
  cover_hash: string | null;
  cover_mime: string | null;
  cover_bytes: number | null;
  l_measured: number;
  l_lufs: number | null;
  l_peak: number | null;
  l_range: number | null;
}

const role = (r: string) => /* sql */ `(SELECT json_group_array(name) FROM (SELECT ar.name FROM track_artists ta
  JOIN artists ar ON ar.id = ta.artist_id WHERE ta.track_id = t.id AND ta.role = '${r}' ORDER BY ta.position))`;

const query = /* sql */ `SELECT t.id, t.path, t.size, t.fingerprint, t.container, t.codec, t.lossless, t.bitrate,
  t.sample_rate, t.bit_depth, t.channels, t.duration_ms, t.title, t.artist_display, t.track_no, t.track_total,
  t.disc_no, t.disc_total, t.year, t.date, t.rg_track_gain, t.rg_track_peak, t.rg_album_gain, t.rg_album_peak,
  t.mb_track_id, t.mb_recording_id, t.mb_album_id, t.added_at,
  al.title AS album, aa.name AS album_artist, al.is_compilation AS compilation,
  ${role('artist')} AS artists, ${role('albumartist')} AS album_artists, ${role('composer')} AS composers,
  (SELECT json_group_array(name) FROM (SELECT g.name FROM track_genres tg JOIN genres g ON g.id = tg.genre_id
    WHERE tg.track_id = t.id ORDER BY g.name)) AS genres,
  c.hash AS cover_hash, c.mime AS cover_mime, c.bytes AS cover_bytes,
  l.track_id IS NOT NULL AS l_measured, l.integrated_lufs AS l_lufs, l.true_peak_db AS l_peak, l.range_lu AS l_range
FROM tracks t
LEFT JOIN track_loudness l ON l.track_id = t.id AND l.fingerprint = t.fingerprint
LEFT JOIN albums al ON al.id = t.album_id
LEFT JOIN artists aa ON aa.id = al.album_artist_id
LEFT JOIN covers c ON c.id = coalesce(t.cover_id, al.cover_id)
ORDER BY t.id`;

const strings = (json: string): string[] => {
  const v: unknown = JSON.parse(json);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
};

export function readLocalTracks(db: Db): LocalTrack[] {
  const out: LocalTrack[] = [];
  for (const r of db.prepare<[], Row>(query).iterate()) {
    out.push({
      sourceId: r.id,
      fingerprint: r.fingerprint,
      copy: 0,
      size: r.size,
      source: { path: r.path, codec: r.codec, container: r.container, lossless: r.lossless === 1, bitrate: r.bitrate, durationMs: r.duration_ms },
      meta: {
        title: r.title,
        artist: r.artist_display,
        artists: strings(r.artists),
        album: r.album,
        albumArtist: r.album_artist,
        albumArtists: strings(r.album_artists),
        compilation: r.compilation === 1,
        composers: strings(r.composers),
        genres: strings(r.genres),
        trackNo: r.track_no,
        trackTotal: r.track_total,
        discNo: r.disc_no,
        discTotal: r.disc_total,
        year: r.year,
        date: r.date,
        durationMs: r.duration_ms,
        codec: r.codec,
        container: r.container,
        lossless: r.lossless === 1,
        bitrate: r.bitrate,
        sampleRate: r.sample_rate,
        bitDepth: r.bit_depth,
        channels: r.channels,
        rgTrackGain: r.rg_track_gain,
        rgTrackPeak: r.rg_track_peak,
        rgAlbumGain: r.rg_album_gain,
        rgAlbumPeak: r.rg_album_peak,
        mbTrackId: r.mb_track_id,
        mbRecordingId: r.mb_recording_id,
        mbAlbumId: r.mb_album_id,
        addedAt: r.added_at,
      },
      cover: r.cover_hash && r.cover_mime ? { hash: r.cover_hash, mime: r.cover_mime, bytes: r.cover_bytes ?? 0 } : null,
      // NULL is -inf (digital silence), as app/catalog/loudness.ts stores it.
      loudness: r.l_measured ? { integratedLufs: r.l_lufs ?? -Infinity, truePeakDb: r.l_peak ?? -Infinity, rangeLu: r.l_range ?? 0 } : undefined,
    });
  }
  numberCopies(out);
  return out;
}

/** Tracks sharing one audio fingerprint are copies 0, 1, … in path order (stable across catalog rebuilds). */
function numberCopies(tracks: LocalTrack[]): void {
  const byFingerprint = new Map<string, LocalTrack[]>();
  for (const t of tracks) {
    const group = byFingerprint.get(t.fingerprint);
    if (group) group.push(t);
    else byFingerprint.set(t.fingerprint, [t]);
  }
  for (const group of byFingerprint.values()) {
    if (group.length < 2) continue;
    group.sort((a, b) => (a.source.path < b.source.path ? -1 : a.source.path > b.source.path ? 1 : 0));
    group.forEach((t, i) => (t.copy = i));
  }
}
