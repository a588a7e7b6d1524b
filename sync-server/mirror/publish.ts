// Writing the mirror: publishing committed tracks and letting go of device sources, each one
// SQLite transaction. A mirrored track is keyed by its audio (`trackKey`), its catalog row has the
// id derived from that key (./ids.ts), and each device track publishing it is a source
// (`mirror_sources`). A track whose last source lets go is not removed at once (another source of
// the same run may claim it again, e.g. a rebuilt catalog whose ids came in another order): it is
// marked orphaned by that device and removed when the device's run ends (`remove`).
import type { TrackInput } from '../../app/catalog/index.ts';
import type { ObjectInfo } from '../../app/storage/types.ts';
import { trackKey, type ManifestTrack, type ObjectRef } from '../../app/sync/protocol.ts';
import type { MirrorCatalog } from '../db/open.ts';
import { createTrackIds } from './ids.ts';
import { createTrackDataWriter } from './trackData.ts';

export const mirrorRoot = '/mirror';

export interface PublishResult {
  /** Mirror track ids written (new or changed). */
  trackIds: number[];
  /** Mirror tracks removed (none: removal happens at the end of a run). */
  removedTrackIds: number[];
}

export interface RemoveResult {
  /** Sources let go of. */
  removed: number;
  /** Mirror tracks removed because no source publishes them any more. */
  removedTrackIds: number[];
}

/** A folder name safe as one path segment. */
function segment(name: string): string {
  const clean = name.replace(/[/\\\u0000-\u001f]/g, '_').trim().slice(0, 200);
  return clean === '' || clean === '.' || clean === '..' ? '_' : clean;
}

/** `covers/<hash>.<ext>` → `<hash>`. */
export function coverHash(cover: ObjectRef): string {
  return cover.key.slice('covers/'.length).replace(/\.[a-z0-9]+$/, '');
}

export const keyOf = (t: ManifestTrack): string => trackKey(t.fingerprint, t.copy ?? 0);

function trackInput(t: ManifestTrack): TrackInput {
  const m = t.meta;
  return {
    path: keyOf(t),
    folderPath: `${mirrorRoot}/${segment(t.folder ?? m.album ?? 'Unknown Album')}`,
    size: Math.max(...t.renditions.map((r) => r.bytes)),
    mtimeMs: m.addedAt,
    fingerprint: t.fingerprint,
    container: m.container, codec: m.codec, lossless: m.lossless, bitrate: m.bitrate, sampleRate: m.sampleRate,
    bitDepth: m.bitDepth, channels: m.channels, durationMs: m.durationMs, durationEstimated: false, title: m.title,
    trackNo: m.trackNo, trackTotal: m.trackTotal, discNo: m.discNo, discTotal: m.discTotal, year: m.year, date: m.date,
    // Gain is kept as published (./trackData.ts), not as the tags it may come from.
    rgTrackGain: null, rgTrackPeak: null, rgAlbumGain: null, rgAlbumPeak: null,
    mbTrackId: m.mbTrackId, mbRecordingId: m.mbRecordingId, mbAlbumId: m.mbAlbumId, mbArtistId: null, mbAlbumArtistId: null,
    album: m.album, albumArtist: m.albumArtist, compilation: m.compilation, artistDisplay: m.artist,
    artists: m.artists.length > 0 ? m.artists : m.artist ? [m.artist] : [],
    albumArtists: m.albumArtists, composers: m.composers, genres: m.genres,
    coverHash: t.cover ? coverHash(t.cover) : null,
  };
}

export interface MirrorWriter {
  publish(deviceId: number, tracks: readonly ManifestTrack[], objects: readonly ObjectInfo[]): PublishResult;
  remove(deviceId: number, sourceIds: readonly number[], keep: readonly string[] | null): RemoveResult;
}

export function createMirrorWriter(catalog: MirrorCatalog, now: () => number): MirrorWriter {
  const { db } = catalog;
  catalog.entities.rootId(mirrorRoot);
  const ids = createTrackIds(db);
  const dropUpload = db.prepare('DELETE FROM mirror_uploads WHERE key = ?');
  const trackData = createTrackDataWriter(db);
  const putObject = db.prepare(`INSERT INTO mirror_objects (key, bytes, content_type, etag, sha256, verified_at) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT(key) DO UPDATE SET bytes = excluded.bytes, content_type = excluded.content_type, etag = excluded.etag,
      sha256 = coalesce(excluded.sha256, sha256), verified_at = excluded.verified_at, released_at = NULL, problem = NULL, problem_at = NULL`);
  const claimOf = db.prepare<[number, number], number>('SELECT track_id FROM mirror_sources WHERE device_id = ? AND source_id = ?').pluck();
  const dropClaim = db.prepare('DELETE FROM mirror_sources WHERE device_id = ? AND source_id = ?');
  const dropClaimOfTrack = db.prepare('DELETE FROM mirror_sources WHERE device_id = ? AND track_id = ?');
  const putClaim = db.prepare('INSERT INTO mirror_sources (device_id, source_id, track_id, revision, updated_at) VALUES (?, ?, ?, ?, ?)');
  const claimCount = db.prepare<[number], number>('SELECT count(*) FROM mirror_sources WHERE track_id = ?').pluck();
  const orphan = db.prepare('UPDATE mirror_tracks SET orphaned_by = ? WHERE track_id = ?');
  const addedAt = db.prepare('UPDATE tracks SET added_at = min(added_at, ?) WHERE id = ?');
  const putTrack = db.prepare(`INSERT INTO mirror_tracks (track_id, key, fingerprint, meta, cover_key, published_at, updated_at)
    VALUES (@trackId, @key, @fingerprint, @meta, @coverKey, @now, @now)
    ON CONFLICT(track_id) DO UPDATE SET meta = excluded.meta, cover_key = excluded.cover_key, updated_at = excluded.updated_at, orphaned_by = NULL`);
  const clearRenditions = db.prepare('DELETE FROM mirror_renditions WHERE track_id = ?');
  const putRendition = db.prepare(`INSERT INTO mirror_renditions (track_id, rung, key, bytes, content_type, codec, bitrate)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const putCover = db.prepare('INSERT INTO mirror_covers (hash, key) VALUES (?, ?) ON CONFLICT(hash) DO UPDATE SET key = excluded.key');
  const logChange = db.prepare('INSERT INTO mirror_changes (kind, track_id, key, at) VALUES (?, ?, ?, ?)');
  const claimsOfDevice = db.prepare<[number], { sourceId: number; key: string }>(`SELECT s.source_id AS sourceId, m.key
    FROM mirror_sources s JOIN mirror_tracks m ON m.track_id = s.track_id WHERE s.device_id = ?`);
  const orphansOf = db.prepare<[number], { trackId: number; key: string }>(`SELECT track_id AS trackId, key FROM mirror_tracks m
    WHERE orphaned_by = ? AND NOT EXISTS (SELECT 1 FROM mirror_sources s WHERE s.track_id = m.track_id)`);

  /** Lets go of one source; its track is orphaned (by this device) when no source is left. */
  const letGo = (deviceId: number, sourceId: number, trackId: number) => {
    dropClaim.run(deviceId, sourceId);
    if (claimCount.get(trackId) === 0) orphan.run(deviceId, trackId);
  };

  const publish = db.transaction((deviceId: number, tracks: readonly ManifestTrack[], objects: readonly ObjectInfo[]): PublishResult => {
    const t = now();
    for (const o of objects) {
      putObject.run(o.key, o.size, o.contentType ?? 'application/octet-stream', o.etag, o.sha256 ?? null, t);
      dropUpload.run(o.key);
    }
    const touched = new Set<number>();
    const trackIds: number[] = [];
    for (const track of tracks) {
      const key = keyOf(track);
      const trackId = ids.idFor(key);
      // This device track published other audio before (its file changed): let go of that.
      const previous = claimOf.get(deviceId, track.sourceId);
      if (previous !== undefined && previous !== trackId) letGo(deviceId, track.sourceId, previous);
      // Another track of this device published this audio before (its catalog was rebuilt): this one takes over.
      dropClaimOfTrack.run(deviceId, trackId);
      dropClaim.run(deviceId, track.sourceId);
      if (track.cover) {
        catalog.covers.put({ hash: coverHash(track.cover), mime: track.cover.contentType, width: null, height: null, bytes: track.cover.bytes, source: 'embedded' });
        putCover.run(coverHash(track.cover), track.cover.key);
      }
      for (const f of catalog.tracks.write([{ input: trackInput(track), id: trackId }], t)) touched.add(f);
      addedAt.run(track.meta.addedAt, trackId);
      trackData.write(trackId, track.meta);
      putTrack.run({
        // The lyrics are in track_lyrics: the row keeps the rest.
        trackId, key, fingerprint: track.fingerprint, meta: JSON.stringify({ ...track.meta, lyrics: undefined }), coverKey: track.cover?.key ?? null, now: t,
      });
      clearRenditions.run(trackId);
      for (const r of track.renditions) putRendition.run(trackId, r.rung, r.key, r.bytes, r.contentType, r.codec, r.bitrate);
      putClaim.run(deviceId, track.sourceId, trackId, track.revision, t);
      logChange.run('upsert', trackId, key, t);
      trackIds.push(trackId);
    }
    catalog.albums.regroup(touched, t);
    catalog.albums.prune();
    return { trackIds, removedTrackIds: [] };
  });

  const remove = db.transaction((deviceId: number, sourceIds: readonly number[], keep: readonly string[] | null): RemoveResult => {
    const t = now();
    let removed = 0;
    for (const sourceId of new Set(sourceIds)) {
      const trackId = claimOf.get(deviceId, sourceId);
      if (trackId === undefined) continue;
      letGo(deviceId, sourceId, trackId);
      removed++;
    }
    if (keep) {
      const kept = new Set(keep);
      for (const c of claimsOfDevice.all(deviceId)) {
        if (kept.has(c.key)) continue;
        const trackId = claimOf.get(deviceId, c.sourceId);
        if (trackId === undefined) continue;
        letGo(deviceId, c.sourceId, trackId);
        removed++;
      }
    }
    // The run is over: tracks this device orphaned and nobody claimed again leave the mirror.
    const orphans = orphansOf.all(deviceId);
    const touched = new Set<number>();
    for (const f of catalog.tracks.remove(orphans.map((o) => o.key))) touched.add(f);
    for (const o of orphans) logChange.run('remove', o.trackId, o.key, t);
    if (orphans.length > 0) {
      catalog.albums.regroup(touched, t);
      catalog.albums.prune();
    }
    return { removed, removedTrackIds: orphans.map((o) => o.trackId) };
  });

  return { publish, remove };
}
