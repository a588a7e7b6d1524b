// The catalog mirror: published tracks live in the catalog's normal tables (path
// `mirror://<sourceId>`, folders under `/mirror`), so app/catalog/queries answer the read API
// unchanged; the `mirror_*` tables (migration 0004) hold revisions, renditions, verified objects,
// the change log and tombstones. Every write here is one SQLite transaction.
import type { Catalog, TrackInput } from '../app/catalog/index.ts';
import type { ObjectInfo } from '../app/storage/types.ts';
import type { Change, ChangesResponse, ManifestTrack, MirrorRendition, ObjectRef, Quality } from '../app/sync/protocol.ts';

export const mirrorRoot = '/mirror';
const trackPath = (sourceId: number) => `mirror://${sourceId}`;

export interface PublishResult {
  /** Mirror track ids written (new or changed). */
  trackIds: number[];
}

export interface RemoveResult {
  removed: number;
  trackIds: number[];
}

export interface StreamRendition extends MirrorRendition {
  durationMs: number;
}

export interface Mirror {
  /** Published revision per source id (only those published). */
  revisions(sourceIds: readonly number[]): Map<number, string>;
  /** Verified size per key (only keys a HEAD confirmed). */
  verified(keys: readonly string[]): Map<string, number>;
  /** Publishes tracks whose objects were all HEAD-verified (`objects`), in one transaction. */
  publish(tracks: readonly ManifestTrack[], objects: readonly ObjectInfo[]): PublishResult;
  remove(sourceIds: readonly number[]): RemoveResult;
  changes(since: number, limit: number): ChangesResponse;
  rendition(trackId: number, quality: Quality): StreamRendition | null;
  coverKey(coverId: number): string | null;
  /** Every key a published track references. */
  referencedKeys(): Set<string>;
  /** Marks verified-but-unreferenced objects as released (keeps the first time) and answers their release times. */
  released(referenced: ReadonlySet<string>, now: number): Map<string, number>;
  forgetObject(key: string): void;
  /** Bumped by every publish and removal (caches of renditions compare it). */
  generation(): number;
}

/** Preferred rungs per quality, best match first. `auto` is medium for now. */
const preference: Record<Quality, string[]> = {
  high: ['high', 'medium', 'low'],
  medium: ['medium', 'low', 'high'],
  low: ['low', 'medium', 'high'],
  auto: ['medium', 'low', 'high'],
};

/** A folder name safe as one path segment. */
function segment(name: string): string {
  const clean = name.replace(/[/\\\u0000-\u001f]/g, '_').trim().slice(0, 200);
  return clean === '' || clean === '.' || clean === '..' ? '_' : clean;
}

function trackInput(t: ManifestTrack): TrackInput {
  const m = t.meta;
  return {
    path: trackPath(t.sourceId),
    folderPath: `${mirrorRoot}/${segment(t.folder ?? m.album ?? 'Unknown Album')}`,
    size: Math.max(...t.renditions.map((r) => r.bytes)),
    mtimeMs: m.addedAt,
    fingerprint: t.fingerprint,
    container: m.container, codec: m.codec, lossless: m.lossless, bitrate: m.bitrate, sampleRate: m.sampleRate,
    bitDepth: m.bitDepth, channels: m.channels, durationMs: m.durationMs, durationEstimated: false, title: m.title,
    trackNo: m.trackNo, trackTotal: m.trackTotal, discNo: m.discNo, discTotal: m.discTotal, year: m.year, date: m.date,
    rgTrackGain: m.rgTrackGain, rgTrackPeak: m.rgTrackPeak, rgAlbumGain: m.rgAlbumGain, rgAlbumPeak: m.rgAlbumPeak,
    mbTrackId: m.mbTrackId, mbRecordingId: m.mbRecordingId, mbAlbumId: m.mbAlbumId, mbArtistId: null, mbAlbumArtistId: null,
    album: m.album, albumArtist: m.albumArtist, compilation: m.compilation, artistDisplay: m.artist,
    artists: m.artists.length > 0 ? m.artists : m.artist ? [m.artist] : [],
    albumArtists: m.albumArtists, composers: m.composers, genres: m.genres,
    coverHash: t.cover ? coverHash(t.cover) : null,
  };
}

/** `covers/<hash>.<ext>` → `<hash>`. */
export function coverHash(cover: ObjectRef): string {
  return cover.key.slice('covers/'.length).replace(/\.[a-z0-9]+$/, '');
}

interface ChangeRow {
  seq: number;
  kind: 'upsert' | 'remove';
  source_id: number;
  track_id: number;
  revision: string | null;
  at: number;
}

export function createMirror(catalog: Catalog, now: () => number = Date.now): Mirror {
  const db = catalog.db;
  catalog.entities.rootId(mirrorRoot);
  const revisionOf = db.prepare<[number], { revision: string }>('SELECT revision FROM mirror_tracks WHERE source_id = ?');
  const verifiedOf = db.prepare<[string], { bytes: number }>('SELECT bytes FROM mirror_objects WHERE key = ?');
  const putObject = db.prepare(`INSERT INTO mirror_objects (key, bytes, content_type, verified_at) VALUES (?, ?, ?, ?)
    ON CONFLICT(key) DO UPDATE SET bytes = excluded.bytes, content_type = excluded.content_type, verified_at = excluded.verified_at, released_at = NULL`);
  const trackIdOf = db.prepare<[string], { id: number }>('SELECT id FROM tracks WHERE path = ?');
  const setAdded = db.prepare('UPDATE tracks SET added_at = ? WHERE id = ?');
  const putTrack = db.prepare(`INSERT INTO mirror_tracks (source_id, track_id, fingerprint, revision, meta, cover_key, published_at, updated_at)
    VALUES (@sourceId, @trackId, @fingerprint, @revision, @meta, @coverKey, @now, @now)
    ON CONFLICT(source_id) DO UPDATE SET track_id = excluded.track_id, fingerprint = excluded.fingerprint, revision = excluded.revision,
      meta = excluded.meta, cover_key = excluded.cover_key, updated_at = excluded.updated_at`);
  const clearRenditions = db.prepare('DELETE FROM mirror_renditions WHERE source_id = ?');
  const putRendition = db.prepare(`INSERT INTO mirror_renditions (source_id, rung, key, bytes, content_type, codec, bitrate)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const putCover = db.prepare('INSERT INTO mirror_covers (hash, key) VALUES (?, ?) ON CONFLICT(hash) DO UPDATE SET key = excluded.key');
  const logChange = db.prepare('INSERT INTO mirror_changes (kind, source_id, track_id, revision, at) VALUES (?, ?, ?, ?, ?)');
  const dropTombstone = db.prepare('DELETE FROM mirror_tombstones WHERE source_id = ?');
  const published = db.prepare<[number], { track_id: number; revision: string }>('SELECT track_id, revision FROM mirror_tracks WHERE source_id = ?');
  const putTombstone = db.prepare(`INSERT INTO mirror_tombstones (source_id, track_id, revision, removed_at) VALUES (?, ?, ?, ?)
    ON CONFLICT(source_id) DO UPDATE SET track_id = excluded.track_id, revision = excluded.revision, removed_at = excluded.removed_at`);
  const changesSince = db.prepare<[number, number], ChangeRow>(
    'SELECT seq, kind, source_id, track_id, revision, at FROM mirror_changes WHERE seq > ? ORDER BY seq LIMIT ?');
  const renditionsOf = db.prepare<[number], { rung: string; key: string; bytes: number; content_type: string; codec: string; bitrate: number; duration_ms: number }>(
    `SELECT r.rung, r.key, r.bytes, r.content_type, r.codec, r.bitrate, t.duration_ms
       FROM mirror_renditions r JOIN mirror_tracks m ON m.source_id = r.source_id JOIN tracks t ON t.id = m.track_id
      WHERE m.track_id = ?`);
  const coverKeyOf = db.prepare<[number], { key: string }>('SELECT mc.key FROM covers c JOIN mirror_covers mc ON mc.hash = c.hash WHERE c.id = ?');
  const referenced = db.prepare<[], { key: string }>(
    'SELECT key FROM mirror_renditions UNION SELECT cover_key AS key FROM mirror_tracks WHERE cover_key IS NOT NULL');
  const allObjects = db.prepare<[], { key: string; released_at: number | null }>('SELECT key, released_at FROM mirror_objects');
  const release = db.prepare('UPDATE mirror_objects SET released_at = ? WHERE key = ? AND released_at IS NULL');
  const unrelease = db.prepare('UPDATE mirror_objects SET released_at = NULL WHERE key = ?');
  const deleteObject = db.prepare('DELETE FROM mirror_objects WHERE key = ?');
  let generation = 0;

  const publish = db.transaction((tracks: readonly ManifestTrack[], objects: readonly ObjectInfo[]): PublishResult => {
    const t = now();
    for (const o of objects) putObject.run(o.key, o.size, o.contentType ?? 'application/octet-stream', t);
    const touched = new Set<number>();
    const trackIds: number[] = [];
    for (const track of tracks) {
      if (track.cover) {
        catalog.covers.put({ hash: coverHash(track.cover), mime: track.cover.contentType, width: null, height: null, bytes: track.cover.bytes, source: 'embedded' });
        putCover.run(coverHash(track.cover), track.cover.key);
      }
      const input = trackInput(track);
      for (const f of catalog.tracks.write([{ input }], t)) touched.add(f);
      const trackId = trackIdOf.get(input.path)?.id;
      if (trackId === undefined) throw new Error(`track ${input.path} was not written`);
      setAdded.run(track.meta.addedAt, trackId);
      putTrack.run({
        sourceId: track.sourceId, trackId, fingerprint: track.fingerprint, revision: track.revision,
        meta: JSON.stringify(track.meta), coverKey: track.cover?.key ?? null, now: t,
      });
      clearRenditions.run(track.sourceId);
      for (const r of track.renditions) putRendition.run(track.sourceId, r.rung, r.key, r.bytes, r.contentType, r.codec, r.bitrate);
      logChange.run('upsert', track.sourceId, trackId, track.revision, t);
      dropTombstone.run(track.sourceId);
      trackIds.push(trackId);
    }
    catalog.albums.regroup(touched, t);
    catalog.albums.prune();
    return { trackIds };
  });

  const remove = db.transaction((sourceIds: readonly number[]): RemoveResult => {
    const t = now();
    const touched = new Set<number>();
    const trackIds: number[] = [];
    for (const sourceId of new Set(sourceIds)) {
      const row = published.get(sourceId);
      if (!row) continue;
      // Deleting the track cascades to mirror_tracks and mirror_renditions.
      for (const f of catalog.tracks.remove([trackPath(sourceId)])) touched.add(f);
      putTombstone.run(sourceId, row.track_id, row.revision, t);
      logChange.run('remove', sourceId, row.track_id, null, t);
      trackIds.push(row.track_id);
    }
    if (trackIds.length > 0) {
      catalog.albums.regroup(touched, t);
      catalog.albums.prune();
    }
    return { removed: trackIds.length, trackIds };
  });

  const markReleased = db.transaction((refs: ReadonlySet<string>, t: number) => {
    const out = new Map<string, number>();
    for (const o of allObjects.all()) {
      if (refs.has(o.key)) {
        if (o.released_at !== null) unrelease.run(o.key);
        continue;
      }
      if (o.released_at === null) release.run(t, o.key);
      out.set(o.key, o.released_at ?? t);
    }
    return out;
  });

  return {
    revisions(sourceIds) {
      const out = new Map<number, string>();
      for (const id of sourceIds) {
        const r = revisionOf.get(id);
        if (r) out.set(id, r.revision);
      }
      return out;
    },
    verified(keys) {
      const out = new Map<string, number>();
      for (const k of keys) {
        const r = verifiedOf.get(k);
        if (r) out.set(k, r.bytes);
      }
      return out;
    },
    publish(tracks, objects) {
      const result = publish(tracks, objects);
      generation++;
      return result;
    },
    remove(sourceIds) {
      const result = remove(sourceIds);
      generation++;
      return result;
    },
    changes(since, limit) {
      const rows = changesSince.all(since, limit + 1);
      const page = rows.slice(0, limit);
      const changes: Change[] = page.map((r) => (r.kind === 'upsert'
        ? { seq: r.seq, kind: 'upsert', sourceId: r.source_id, trackId: r.track_id, revision: r.revision ?? '', at: r.at }
        : { seq: r.seq, kind: 'remove', sourceId: r.source_id, trackId: r.track_id, at: r.at }));
      return { changes, cursor: page.at(-1)?.seq ?? since, more: rows.length > limit };
    },
    rendition(trackId, quality) {
      const rows = renditionsOf.all(trackId).filter((r) => r.rung !== 'preview');
      const byRung = new Map(rows.map((r) => [r.rung, r]));
      const pick = preference[quality].map((q) => byRung.get(q)).find((r) => r !== undefined)
        ?? [...rows].sort((a, b) => b.bitrate - a.bitrate)[0];
      if (!pick) return null;
      return {
        rung: pick.rung, key: pick.key, bytes: pick.bytes, contentType: pick.content_type, codec: pick.codec,
        bitrate: pick.bitrate, durationMs: pick.duration_ms,
      };
    },
    coverKey: (coverId) => coverKeyOf.get(coverId)?.key ?? null,
    referencedKeys: () => new Set(referenced.all().map((r) => r.key)),
    released: (refs, t) => markReleased(refs, t),
    forgetObject: (key) => void deleteObject.run(key),
    generation: () => generation,
  };
}
