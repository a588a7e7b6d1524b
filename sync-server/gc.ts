// Garbage collection: objects in storage that no published track references are deleted once they
// have been unreferenced (and untouched) for the grace period. The grace period covers uploads
// whose commit has not arrived yet and devices still holding URLs to removed tracks. It lists and
// deletes only under this server's own key prefix (prefix.ts): a shared bucket's other objects are
// never seen.
import type { ObjectInfo, ObjectStore } from '../app/storage/types.ts';
import type { GcResult } from '../app/sync/protocol.ts';
import { listStore } from './audit.ts';
import type { Mirror } from './mirror/index.ts';

export interface GcOptions {
  store: ObjectStore;
  mirror: Mirror;
  graceMs: number;
  now?: () => number;
  /** A listing of the store made for this run (shared with the audit); default: list now. */
  listing?: readonly ObjectInfo[];
}

/** Only the protocol's namespaces are collected; anything else in the bucket is left alone. */
const collectable = /^(renditions|covers)\//;

export async function collectGarbage(options: GcOptions): Promise<GcResult> {
  const now = options.now ?? Date.now;
  const t = now();
  const referenced = options.mirror.referencedKeys();
  const released = options.mirror.released(referenced, t);
  const result: GcResult = { scanned: 0, deleted: [], deletedBytes: 0, pending: 0 };
  const seen = new Set<string>();
  for (const o of options.listing ?? (await listStore(options.store))) {
    result.scanned++;
    seen.add(o.key);
    if (referenced.has(o.key) || !collectable.test(o.key)) continue;
    // Unreferenced since the later of its upload and the moment it lost its last reference.
    const since = Math.max(o.lastModified ?? t, released.get(o.key) ?? 0);
    if (t - since < options.graceMs) {
      result.pending++;
      continue;
    }
    await options.store.delete(o.key);
    options.mirror.forgetObject(o.key);
    result.deleted.push(o.key);
    result.deletedBytes += o.size;
  }
  // Verified rows whose object is gone from storage (deleted by hand): the manifest must ask again.
  for (const key of released.keys()) if (!seen.has(key)) options.mirror.forgetObject(key);
  return result;
}
