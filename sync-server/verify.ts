// The commit invariant: every object of a track is confirmed in storage (it exists, its size
// matches) before the track may become visible. Objects already confirmed at that size are not
// asked again; tracks with any failing object are rejected whole.
import type { ObjectInfo, ObjectStore } from '../app/storage/types.ts';
import type { ManifestTrack, ObjectRef } from '../app/sync/protocol.ts';
import type { VerifiedObject } from './mirror/index.ts';

export interface VerifyOptions {
  store: ObjectStore;
  tracks: readonly ManifestTrack[];
  /** Objects confirmed before, by key: not asked again when their size matches. */
  verified: ReadonlyMap<string, VerifiedObject>;
  /** Parallel HEAD requests (default 8). */
  concurrency?: number;
}

export interface VerifyResult {
  accepted: ManifestTrack[];
  rejected: Array<{ sourceId: number; reason: string }>;
  /** Fresh HEAD answers for the objects of accepted tracks. */
  objects: ObjectInfo[];
}

export const objectsOf = (t: ManifestTrack): ObjectRef[] => [...t.renditions, ...(t.cover ? [t.cover] : [])];

/** Size 0 in a commit: "not known here" — the size storage confirms is taken. */
export async function verifyTracks(options: VerifyOptions): Promise<VerifyResult> {
  const known = (o: ObjectRef) => {
    const v = options.verified.get(o.key);
    return v !== undefined && (o.bytes === 0 || v.bytes === o.bytes);
  };
  const keys = [...new Set(options.tracks.flatMap((t) => objectsOf(t).filter((o) => !known(o)).map((o) => o.key)))];
  const heads = new Map<string, ObjectInfo | null | Error>();
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++];
      if (key === undefined) break;
      try {
        heads.set(key, await options.store.head(key));
      } catch (err) {
        heads.set(key, err instanceof Error ? err : new Error(String(err)));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(keys.length, options.concurrency ?? 8) }, worker));

  const result: VerifyResult = { accepted: [], rejected: [], objects: [] };
  const used = new Map<string, ObjectInfo>();
  for (const track of options.tracks) {
    let reason: string | null = null;
    for (const o of objectsOf(track)) {
      if (known(o)) continue;
      const head = heads.get(o.key);
      if (head instanceof Error) reason = `cannot check ${o.key} in storage: ${head.message}`;
      else if (!head) reason = `${o.key} is not in storage`;
      else if (o.bytes !== 0 && head.size !== o.bytes) reason = `${o.key} has ${head.size} bytes in storage, not ${o.bytes}`;
      if (reason) break;
    }
    if (reason) {
      result.rejected.push({ sourceId: track.sourceId, reason });
      continue;
    }
    const size = (o: ObjectRef): number => {
      const head = heads.get(o.key);
      return o.bytes || (head && !(head instanceof Error) ? head.size : options.verified.get(o.key)?.bytes ?? 0);
    };
    result.accepted.push({
      ...track,
      renditions: track.renditions.map((r) => ({ ...r, bytes: size(r) })),
      cover: track.cover ? { ...track.cover, bytes: size(track.cover) } : null,
    });
    for (const o of objectsOf(track)) {
      const head = heads.get(o.key);
      if (head && !(head instanceof Error)) used.set(o.key, { ...head, contentType: head.contentType ?? o.contentType });
    }
  }
  result.objects = [...used.values()];
  return result;
}
