// What a mirrored track carries beside its catalog row: Track.gain as its desktop published it
// (`mirror_gain`, answered by the read queries through app/catalog/gain.ts `publishedGain`) and its
// lyrics (the shared `track_lyrics` table, per source in the desktop's order, so
// GET /api/tracks/:id/lyrics, Track.hasLyrics and Subsonic answer exactly what the desktop does).
// Written in the publish transaction; a removed track's rows go with it (ON DELETE CASCADE).
import { publishedGain, type GainSource } from '../../app/catalog/gain.ts';
import { createLyricsStore } from '../../app/catalog/lyrics.ts';
import type { Db } from '../../app/catalog/open.ts';
import type { MirrorTrackMeta } from '../../app/sync/protocol.ts';

/** The mirror's read queries take each track's gain from here. */
export const mirrorGain: GainSource = publishedGain('LEFT JOIN mirror_gain mg ON mg.track_id = t.id', 'mg.gain');

export interface TrackDataWriter {
  /** Replaces the gain and lyrics of a mirrored track with what its desktop published. */
  write(trackId: number, meta: Pick<MirrorTrackMeta, 'gain' | 'lyrics'>): void;
}

export function createTrackDataWriter(db: Db): TrackDataWriter {
  const putGain = db.prepare('INSERT INTO mirror_gain (track_id, gain) VALUES (?, ?) ON CONFLICT(track_id) DO UPDATE SET gain = excluded.gain');
  const dropGain = db.prepare('DELETE FROM mirror_gain WHERE track_id = ?');
  const lyrics = createLyricsStore(db);
  return {
    write(trackId, meta) {
      if (meta.gain) putGain.run(trackId, JSON.stringify(meta.gain));
      else dropGain.run(trackId);
      for (const source of ['sidecar', 'embedded'] as const) lyrics.replace(trackId, source, meta.lyrics.filter((l) => l.source === source));
    },
  };
}
