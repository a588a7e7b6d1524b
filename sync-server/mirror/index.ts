// The mirror: published tracks in the mirror database's library tables (so app/catalog/queries,
// search and app/library answer the read API unchanged), keyed by their audio, with stable ids;
// the `mirror_*` tables hold sources, renditions, verified objects and the change log
// (sync-server/db/migrations/0002-mirror.ts). Writes are in ./publish.ts.
import type { ObjectInfo } from '../../app/storage/types.ts';
import type { Change, ChangesResponse, ManifestTrack, MirrorRendition, Quality } from '../../app/sync/protocol.ts';
import type { MirrorCatalog } from '../db/open.ts';
import { createMirrorWriter, keyOf, type PublishResult, type RemoveResult } from './publish.ts';

export { coverHash, keyOf, mirrorRoot } from './publish.ts';
export type { PublishResult, RemoveResult } from './publish.ts';

export interface StreamRendition extends MirrorRendition {
  durationMs: number;
}

export interface VerifiedObject {
  bytes: number;
  etag: string | null;
  sha256: string | null;
}

/** What an upload URL was bound to: the commit checks storage against it. */
export interface UploadRecord {
  bytes: number;
  contentType: string;
  sha256: string;
  md5: string;
}

export interface Mirror {
  /** Source ids of `deviceId` published at exactly this track key and revision: nothing to do for them. */
  upToDate(deviceId: number, tracks: readonly ManifestTrack[]): Set<number>;
  /** What a HEAD confirmed, by key (only keys confirmed). */
  verified(keys: readonly string[]): Map<string, VerifiedObject>;
  /** Remembers what each upload URL handed out is bound to. */
  recordUploads(deviceId: number, objects: ReadonlyArray<UploadRecord & { key: string }>): void;
  /** The bytes upload URLs were bound to, by key. */
  uploads(keys: readonly string[]): Map<string, UploadRecord>;
  /** Publishes tracks whose objects are all confirmed in storage (`objects`: the fresh confirmations), in one transaction. */
  publish(deviceId: number, tracks: readonly ManifestTrack[], objects: readonly ObjectInfo[]): PublishResult;
  /** Lets go of a device's sources (and, with `keep`, of every other source whose track key is not listed), then removes the tracks no source publishes. */
  remove(deviceId: number, sourceIds: readonly number[], keep?: readonly string[] | null): RemoveResult;
  changes(since: number, limit: number): ChangesResponse;
  rendition(trackId: number, quality: Quality): StreamRendition | null;
  coverKey(coverId: number): string | null;
  /** Every key a published track references. */
  referencedKeys(): Set<string>;
  /** Marks verified-but-unreferenced objects as released (keeps the first time) and answers their release times. */
  released(referenced: ReadonlySet<string>, now: number): Map<string, number>;
  forgetObject(key: string): void;
  /** The mirror track a device's track publishes. */
  trackOfSource(deviceId: number, sourceId: number): number | undefined;
  /** The device's track that publishes a mirror track. */
  sourceOfTrack(deviceId: number, trackId: number): number | undefined;
  /** Bumped by every publish and removal (caches of renditions compare it). */
  generation(): number;
}

/** Preferred rungs per quality, best match first. `auto` is medium. */
const preference: Record<Quality, string[]> = {
  high: ['high', 'medium', 'low'],
  medium: ['medium', 'low', 'high'],
  low: ['low', 'medium', 'high'],
  auto: ['medium', 'low', 'high'],
};

interface ChangeRow {
  seq: number;
  kind: 'upsert' | 'remove';
  track_id: number;
  key: string;
  at: number;
}

interface RenditionRow {
  rung: string;
  key: string;
  bytes: number;
  content_type: string;
  codec: string;
  bitrate: number;
  duration_ms: number;
}

export function createMirror(catalog: MirrorCatalog, now: () => number = Date.now): Mirror {
  const { db } = catalog;
  const writer = createMirrorWriter(catalog, now);
  const claim = db.prepare<[number, number], { key: string; revision: string }>(`SELECT m.key, s.revision FROM mirror_sources s
    JOIN mirror_tracks m ON m.track_id = s.track_id WHERE s.device_id = ? AND s.source_id = ?`);
  const verifiedOf = db.prepare<[string], VerifiedObject>('SELECT bytes, etag, sha256 FROM mirror_objects WHERE key = ?');
  const putUpload = db.prepare(`INSERT INTO mirror_uploads (key, bytes, content_type, sha256, md5, device_id, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(key) DO UPDATE SET bytes = excluded.bytes, content_type = excluded.content_type, sha256 = excluded.sha256, md5 = excluded.md5,
      device_id = excluded.device_id, issued_at = excluded.issued_at`);
  const uploadOf = db.prepare<[string], UploadRecord>('SELECT bytes, content_type AS contentType, sha256, md5 FROM mirror_uploads WHERE key = ?');
  const changesSince = db.prepare<[number, number], ChangeRow>('SELECT seq, kind, track_id, key, at FROM mirror_changes WHERE seq > ? ORDER BY seq LIMIT ?');
  const renditionsOf = db.prepare<[number], RenditionRow>(`SELECT r.rung, r.key, r.bytes, r.content_type, r.codec, r.bitrate, t.duration_ms
    FROM mirror_renditions r JOIN tracks t ON t.id = r.track_id WHERE r.track_id = ?`);
  const coverKeyOf = db.prepare<[number], string>('SELECT mc.key FROM covers c JOIN mirror_covers mc ON mc.hash = c.hash WHERE c.id = ?').pluck();
  const referenced = db.prepare<[], string>(
    'SELECT key FROM mirror_renditions UNION SELECT cover_key AS key FROM mirror_tracks WHERE cover_key IS NOT NULL').pluck();
  const allObjects = db.prepare<[], { key: string; released_at: number | null }>('SELECT key, released_at FROM mirror_objects');
  const release = db.prepare('UPDATE mirror_objects SET released_at = ? WHERE key = ? AND released_at IS NULL');
  const unrelease = db.prepare('UPDATE mirror_objects SET released_at = NULL WHERE key = ?');
  const deleteObject = db.prepare('DELETE FROM mirror_objects WHERE key = ?');
  const trackOfSource = db.prepare<[number, number], number>('SELECT track_id FROM mirror_sources WHERE device_id = ? AND source_id = ?').pluck();
  const sourceOfTrack = db.prepare<[number, number], number>('SELECT source_id FROM mirror_sources WHERE device_id = ? AND track_id = ?').pluck();
  let generation = 0;

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
    upToDate(deviceId, tracks) {
      const out = new Set<number>();
      for (const t of tracks) {
        const c = claim.get(deviceId, t.sourceId);
        if (c && c.revision === t.revision && c.key === keyOf(t)) out.add(t.sourceId);
      }
      return out;
    },
    verified(keys) {
      const out = new Map<string, VerifiedObject>();
      for (const k of keys) {
        const r = verifiedOf.get(k);
        if (r) out.set(k, r);
      }
      return out;
    },
    recordUploads: db.transaction((deviceId: number, objects: ReadonlyArray<UploadRecord & { key: string }>) => {
      const t = now();
      for (const o of objects) putUpload.run(o.key, o.bytes, o.contentType, o.sha256, o.md5, deviceId, t);
    }),
    uploads(keys) {
      const out = new Map<string, UploadRecord>();
      for (const k of keys) {
        const r = uploadOf.get(k);
        if (r) out.set(k, r);
      }
      return out;
    },
    publish(deviceId, tracks, objects) {
      const result = writer.publish(deviceId, tracks, objects);
      generation++;
      return result;
    },
    remove(deviceId, sourceIds, keep = null) {
      const result = writer.remove(deviceId, sourceIds, keep);
      generation++;
      return result;
    },
    changes(since, limit) {
      const rows = changesSince.all(since, limit + 1);
      const page = rows.slice(0, limit);
      const changes: Change[] = page.map((r) => ({ seq: r.seq, kind: r.kind, trackId: r.track_id, key: r.key, at: r.at }));
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
    coverKey: (coverId) => coverKeyOf.get(coverId) ?? null,
    referencedKeys: () => new Set(referenced.all()),
    released: (refs, t) => markReleased(refs, t),
    forgetObject: (key) => void deleteObject.run(key),
    trackOfSource: (deviceId, sourceId) => trackOfSource.get(deviceId, sourceId),
    sourceOfTrack: (deviceId, trackId) => sourceOfTrack.get(deviceId, trackId),
    generation: () => generation,
  };
}
