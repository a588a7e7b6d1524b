// The commit invariant: every object of a track is confirmed in storage before the track may become
// visible — it exists, and its size, type and content are what its upload URL was bound to (the
// SHA-256 storage reports, else the MD5 it reports as the ETag of a single PUT). Objects already
// confirmed at that size are not asked again; tracks with any failing object are rejected whole.
import pLimit from 'p-limit';
import type { ObjectInfo, ObjectStore } from '../app/storage/types.ts';
import type { ManifestTrack, ObjectRef } from '../app/sync/protocol.ts';
import type { UploadRecord, VerifiedObject } from './mirror/index.ts';

export interface VerifyOptions {
  store: ObjectStore;
  tracks: readonly ManifestTrack[];
  /** Objects confirmed before, by key: not asked again when their size matches. */
  verified: ReadonlyMap<string, VerifiedObject>;
  /** What each upload URL handed out was bound to, by key. */
  uploads: ReadonlyMap<string, UploadRecord>;
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

/** Why storage's object is not the one its upload was bound to, or null when it is. */
export function contentMismatch(o: ObjectRef, head: ObjectInfo, upload: UploadRecord | undefined): string | null {
  if (!upload) return `${o.key} was not uploaded through this server`;
  if (o.bytes !== 0 && head.size !== o.bytes) return `${o.key} has ${head.size} bytes in storage, not ${o.bytes}`;
  if (head.size !== upload.bytes) return `${o.key} has ${head.size} bytes in storage, not the ${upload.bytes} it was uploaded with`;
  if (head.contentType && head.contentType !== upload.contentType) return `${o.key} is ${head.contentType} in storage, not ${upload.contentType}`;
  if (head.sha256) return head.sha256 === upload.sha256 ? null : `${o.key} has other bytes in storage than were uploaded (SHA-256)`;
  const md5 = /^"?([0-9a-f]{32})"?$/.exec(head.etag ?? '')?.[1];
  if (md5 !== undefined && md5 !== upload.md5) return `${o.key} has other bytes in storage than were uploaded (MD5)`;
  return null;
}

/**
 * An object confirmed before counts as present whatever size the commit names (another desktop's
 * encode of the same audio may differ; the published one stays): the confirmed size is kept. Size
 * 0 in a commit means "not known here": the size storage confirms is taken.
 */
export async function verifyTracks(options: VerifyOptions): Promise<VerifyResult> {
  const known = (o: ObjectRef) => options.verified.has(o.key);
  const keys = [...new Set(options.tracks.flatMap((t) => objectsOf(t).filter((o) => !known(o)).map((o) => o.key)))];
  const heads = new Map<string, ObjectInfo | null | Error>();
  const limit = pLimit(options.concurrency ?? 32);
  await Promise.all(keys.map((key) => limit(async () => {
    try {
      heads.set(key, await options.store.head(key));
    } catch (err) {
      heads.set(key, err instanceof Error ? err : new Error(String(err)));
    }
  })));

  const result: VerifyResult = { accepted: [], rejected: [], objects: [] };
  const used = new Map<string, ObjectInfo>();
  for (const track of options.tracks) {
    let reason: string | null = null;
    for (const o of objectsOf(track)) {
      if (known(o)) continue;
      const head = heads.get(o.key);
      if (head instanceof Error) reason = `cannot check ${o.key} in storage: ${head.message}`;
      else if (!head) reason = `${o.key} is not in storage`;
      else reason = contentMismatch(o, head, options.uploads.get(o.key));
      if (reason) break;
    }
    if (reason) {
      result.rejected.push({ sourceId: track.sourceId, reason });
      continue;
    }
    const size = (o: ObjectRef): number => {
      const head = heads.get(o.key);
      return options.verified.get(o.key)?.bytes ?? (head && !(head instanceof Error) ? head.size : o.bytes);
    };
    result.accepted.push({
      ...track,
      renditions: track.renditions.map((r) => ({ ...r, bytes: size(r) })),
      cover: track.cover ? { ...track.cover, bytes: size(track.cover) } : null,
    });
    for (const o of objectsOf(track)) {
      const head = heads.get(o.key);
      if (head && !(head instanceof Error)) used.set(o.key, { ...head, contentType: head.contentType ?? o.contentType, sha256: options.uploads.get(o.key)?.sha256 ?? head.sha256 ?? null });
    }
  }
  result.objects = [...used.values()];
  return result;
}
