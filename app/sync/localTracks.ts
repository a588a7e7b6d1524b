// Reads the local catalog into what sync needs per track: mirror metadata (with Track.gain exactly
// as the library API answers it, and the digest of the lyrics the catalog keeps — the lyrics
// themselves are loaded per request: `readLyrics`), the source file and the cover. One query with
// JSON sub-selects: 10,000 tracks in well under 100 ms.
import type { Db } from '../catalog/index.ts';
import { gainJoin, gainSelect, toTrackGain, type GainColumns } from '../catalog/gain.ts';
import type { SourceInfo } from '../transcoder/types.ts';
import type { Lyrics, TrackGain } from '../contract/index.ts';
import { createLyricsStore } from '../catalog/lyrics.ts';
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
  /** Everything but the lyrics (`readLyrics` loads them for the tracks a request sends). */
  meta: Omit<MirrorTrackMeta, 'lyrics'>;
  cover: LocalCover | null;
  /** Hash of the lyrics as stored (the revision covers it); null when the track has none. */
  lyricsDigest: string | null;
  /** Characters of lyrics stored (requests are sized by them). */
  lyricsChars: number;
  /** Nothing is known of its loudness and its audio never failed a measurement: sync measures it. */
  needsLoudness: boolean;
}

interface Row extends GainColumns {
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
  has_lyrics: number;
  lyrics_digest: string | null;
  lyrics_chars: number | null;
  failed: number;
}

const role = (r: string) => /* sql */ `(SELECT json_group_array(name) FROM (SELECT ar.name FROM track_artists ta
  JOIN artists ar ON ar.id = ta.artist_id WHERE ta.track_id = t.id AND ta.role = '${r}' ORDER BY ta.position))`;

const query = /* sql */ `SELECT t.id, t.path, t.size, t.fingerprint, t.container, t.codec, t.lossless, t.bitrate,
  t.sample_rate, t.bit_depth, t.channels, t.duration_ms, t.title, t.artist_display, t.track_no, t.track_total,
  t.disc_no, t.disc_total, t.year, t.date, t.mb_track_id, t.mb_recording_id, t.mb_album_id, t.added_at,
  al.title AS album, aa.name AS album_artist, al.is_compilation AS compilation,
  ${role('artist')} AS artists, ${role('albumartist')} AS album_artists, ${role('composer')} AS composers,
  (SELECT json_group_array(name) FROM (SELECT g.name FROM track_genres tg JOIN genres g ON g.id = tg.genre_id
    WHERE tg.track_id = t.id ORDER BY g.name)) AS genres,
  c.hash AS cover_hash, c.mime AS cover_mime, c.bytes AS cover_bytes, ${gainSelect},
  EXISTS (SELECT 1 FROM track_lyrics ly WHERE ly.track_id = t.id) AS has_lyrics, d.digest AS lyrics_digest, d.chars AS lyrics_chars,
  EXISTS (SELECT 1 FROM loudness_failures f WHERE f.track_id = t.id AND f.fingerprint = t.fingerprint) AS failed
FROM tracks t
${gainJoin}
LEFT JOIN sync_lyrics_digests d ON d.track_id = t.id
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
  const undigested: LocalTrack[] = [];
  for (const r of db.prepare<[], Row>(query).iterate()) {
    const gain = wireGain(toTrackGain(r));
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
        gain,
        mbTrackId: r.mb_track_id,
        mbRecordingId: r.mb_recording_id,
        mbAlbumId: r.mb_album_id,
        addedAt: r.added_at,
      },
      cover: r.cover_hash && r.cover_mime ? { hash: r.cover_hash, mime: r.cover_mime, bytes: r.cover_bytes ?? 0 } : null,
      lyricsDigest: r.lyrics_digest,
      lyricsChars: r.lyrics_chars ?? 0,
      needsLoudness: gain === null && r.failed === 0,
    });
    if (r.has_lyrics === 1 && r.lyrics_digest === null) undigested.push(out.at(-1) as LocalTrack);
  }
  // Lyrics changed (or never digested) since the last run: their digest is computed and kept now.
  if (undigested.length > 0) {
    const digests = createLyricsStore(db).digests(undigested.map((t) => t.sourceId));
    for (const t of undigested) {
      const d = digests.get(t.sourceId);
      t.lyricsDigest = d?.digest ?? null;
      t.lyricsChars = d?.chars ?? 0;
    }
  }
  numberCopies(out);
  return out;
}

/** Track.gain of these tracks, as the library API answers it now (after a measurement). */
export function readGains(db: Db, ids: readonly number[]): Map<number, TrackGain | null> {
  const rows = db.prepare<[string], GainColumns & { id: number }>(`SELECT t.id, ${gainSelect} FROM tracks t ${gainJoin}
    WHERE t.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids));
  return new Map(rows.map((r) => [r.id, wireGain(toTrackGain(r))]));
}

/** Track.gain as the wire takes it: a value it cannot carry (not finite, a negative peak) is unknown. */
export function wireGain(gain: TrackGain | null): TrackGain | null {
  if (!gain) return null;
  const db = (v: number | null) => (v !== null && Number.isFinite(v) && Math.abs(v) < 1000 ? v : null);
  const peak = (v: number | null) => (v !== null && Number.isFinite(v) && v >= 0 ? v : null);
  return { trackGainDb: db(gain.trackGainDb), trackPeak: peak(gain.trackPeak), albumGainDb: db(gain.albumGainDb), albumPeak: peak(gain.albumPeak), source: gain.source };
}

/** The lyrics of these tracks as the library API answers them (sidecar first), for the wire. */
export function readLyrics(db: Db, ids: readonly number[]): Map<number, Lyrics[]> {
  const store = createLyricsStore(db);
  return new Map(ids.map((id) => [id, store.get(id)]));
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
