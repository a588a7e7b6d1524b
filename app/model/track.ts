// THE track: one normalized domain shape, from which every other track shape is derived or
// mapped by an adapter — the contract's `Track` (app/contract/library.ts picks from it), the sync
// protocol's track metadata (app/contract/sync.ts), the local reading for sync
// (app/sync/localTracks.ts), the mirror (sync-server/mirror.ts `trackInput`) and Subsonic's song
// (sync-server/subsonic/shapes.ts, from the contract's Track). Adding a field: add it here, then
// to the adapters that must carry it (the type checker names each one that builds a shape).
// A leaf: zod only.
import { z } from 'zod';

const text = (max = 1000) => z.string().max(max);
const texts = (max = 1000) => z.array(text(max)).max(100);
const nullableInt = z.number().int().min(-1e9).max(1e12).nullable();
const nullableNumber = z.number().finite().nullable();

/** Loudness normalization data, ReplayGain 2.0 reference (-18 LUFS). R128 tags (-23 LUFS, Q7.8)
 *  and measured EBU R128 loudness are converted to it. Null when nothing is known yet. */
export const trackGain = z.strictObject({
  trackGainDb: nullableNumber,
  /** Linear sample peak (1.0 = 0 dBFS), or true peak when measured; null when unknown. */
  trackPeak: z.number().min(0).nullable(),
  albumGainDb: nullableNumber,
  albumPeak: z.number().min(0).nullable(),
  source: z.enum(['tags', 'measured']),
});
export type TrackGain = z.infer<typeof trackGain>;

/** What a track is: its tags, its audio, its loudness and lyrics — nothing about where it is stored. */
export const trackMeta = z.object({
  title: text(),
  /** Artist string as tagged, for display ("A feat. B"). */
  artist: text(),
  /** The artists it credits, split ("A", "B"). */
  artists: texts(),
  album: text().nullable(),
  albumArtist: text().nullable(),
  albumArtists: texts(),
  compilation: z.boolean(),
  composers: texts(),
  genres: z.array(text(200)).max(50),
  trackNo: nullableInt,
  trackTotal: nullableInt,
  discNo: nullableInt,
  discTotal: nullableInt,
  year: nullableInt,
  date: text(40).nullable(),
  durationMs: z.number().finite().min(0).max(1e10),
  /** Of the source file ("FLAC 16/44.1"). */
  codec: text(100).nullable(),
  container: text(100).nullable(),
  lossless: z.boolean(),
  bitrate: nullableNumber,
  sampleRate: nullableNumber,
  bitDepth: nullableNumber,
  channels: nullableNumber,
  /** Loudness normalization data (tags win over measurement); null when nothing is known yet. */
  gain: trackGain.nullable(),
  /** Lyrics are known for it (sidecar .lrc or embedded): GET /api/tracks/:id/lyrics has some. */
  hasLyrics: z.boolean(),
  mbTrackId: text(100).nullable(),
  mbRecordingId: text(100).nullable(),
  mbAlbumId: text(100).nullable(),
  /** Epoch ms when it entered the library. */
  addedAt: z.number().int().min(0).max(1e14),
});
export type TrackMeta = z.infer<typeof trackMeta>;
