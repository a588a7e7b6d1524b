// The mirror: published tracks in the mirror database's library tables (so app/catalog/queries,
// search and app/library answer the read API unchanged), keyed by their audio, with stable ids;
// the `mirror_*` tables hold sources, renditions, verified objects and the change log
// (sync-server/db/migrations/0002-mirror.ts). Writes are in ./publish.ts.
import type { ObjectInfo } from '../../app/storage/types.ts';
import type { Change, ChangesResponse, ManifestTrack, MirrorRendition, Quality } from '../../app/sync/protocol.ts';
import type { MirrorCatalog } from '../db/open.ts';
import { createObjectRecords, type ObjectRecords } from './objects.ts';
import { createMirrorWriter, keyOf, type PublishResult, type RemoveResult } from './publish.ts';

export { coverHash, keyOf, mirrorRoot } from './publish.ts';
export type { PublishResult, RemoveResult } from './publish.ts';
export type { AuditedObject, ObjectProblem, UploadRecord, VerifiedObject } from './objects.ts';

export interface StreamRendition extends MirrorRendition {
  durationMs: number;
}


export interface Mirror extends ObjectRecords {
  /**
   * Source ids of `deviceId` published at exactly this track key and revision, with every object
   * in storage as confirmed (none the audit found broken): nothing to do for them.
   */
  upToDate(deviceId: number, tracks: readonly ManifestTrack[]): Set<number>;
  /** Publishes tracks whose objects are all confirmed in storage (`objects`: the fresh confirmations), in one transaction. */
  publish(deviceId: number, tracks: readonly ManifestTrack[], objects: readonly ObjectInfo[]): PublishResult;
  /** Lets go of a device's sources (and, with `keep`, of every other source whose track key is not listed), then removes the tracks no source publishes. */
  remove(deviceId: number, sourceIds: readonly number[], keep?: readonly string[] | null): RemoveResult;
  changes(since: number, limit: number): ChangesResponse;
  /** The rendition to stream for `quality` (renditions the audit found broken are passed over). */
  rendition(trackId: number, quality: Quality): StreamRendition | null;
  /** Every full-track rendition of a track that can be streamed (not previews, none the audit found broken). */
  renditions(trackId: number): StreamRendition[];
  coverKey(coverId: number): string | null;
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

const streamRendition = (r: RenditionRow): StreamRendition => ({
  rung: r.rung, key: r.key, bytes: r.bytes, contentType: r.content_type, codec: r.codec, bitrate: r.bitrate, durationMs: r.duration_ms,
});

export function createMirror(catalog: MirrorCatalog, now: () => number = Date.now): Mirror {
  const { db } = catalog;
  const writer = createMirrorWriter(catalog, now);
  const objects = createObjectRecords(db, now);
  const claim = db.prepare<[number, number], { key: string; revision: string; broken: number }>(`SELECT m.key, s.revision,
      EXISTS (SELECT 1 FROM mirror_objects o WHERE o.problem IS NOT NULL
        AND (o.key = m.cover_key OR o.key IN (SELECT key FROM mirror_renditions r WHERE r.track_id = m.track_id))) AS broken
    FROM mirror_sources s JOIN mirror_tracks m ON m.track_id = s.track_id WHERE s.device_id = ? AND s.source_id = ?`);
  const changesSince = db.prepare<[number, number], ChangeRow>('SELECT seq, kind, track_id, key, at FROM mirror_changes WHERE seq > ? ORDER BY seq LIMIT ?');
  const renditionsOf = db.prepare<[number], RenditionRow>(`SELECT r.rung, r.key, r.bytes, r.content_type, r.codec, r.bitrate, t.duration_ms
    FROM mirror_renditions r JOIN tracks t ON t.id = r.track_id
    WHERE r.track_id = ? AND NOT EXISTS (SELECT 1 FROM mirror_objects o WHERE o.key = r.key AND o.problem IS NOT NULL)`);
  const coverKeyOf = db.prepare<[number], string>('SELECT mc.key FROM covers c JOIN mirror_covers mc ON mc.hash = c.hash WHERE c.id = ?').pluck();
  const trackOfSource = db.prepare<[number, number], number>('SELECT track_id FROM mirror_sources WHERE device_id = ? AND source_id = ?').pluck();
  const sourceOfTrack = db.prepare<[number, number], number>('SELECT source_id FROM mirror_sources WHERE device_id = ? AND track_id = ?').pluck();
  let generation = 0;

  return {
    ...objects,
    upToDate(deviceId, tracks) {
      const out = new Set<number>();
      for (const t of tracks) {
        const c = claim.get(deviceId, t.sourceId);
        if (c && c.revision === t.revision && c.key === keyOf(t) && c.broken === 0) out.add(t.sourceId);
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
    renditions: (trackId) => renditionsOf.all(trackId).filter((r) => r.rung !== 'preview').map(streamRendition),
    rendition(trackId, quality) {
      const rows = renditionsOf.all(trackId).filter((r) => r.rung !== 'preview');
      const byRung = new Map(rows.map((r) => [r.rung, r]));
      const pick = preference[quality].map((q) => byRung.get(q)).find((r) => r !== undefined)
        ?? [...rows].sort((a, b) => b.bitrate - a.bitrate)[0];
      return pick ? streamRendition(pick) : null;
    },
    coverKey: (coverId) => coverKeyOf.get(coverId) ?? null,
    trackOfSource: (deviceId, sourceId) => trackOfSource.get(deviceId, sourceId),
    sourceOfTrack: (deviceId, trackId) => sourceOfTrack.get(deviceId, trackId),
    generation: () => generation,
  };
}
