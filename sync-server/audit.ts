// The audit: does storage still hold every object the mirror confirmed, as confirmed? One listing of
// this server's own prefix (size and ETag of every object, a thousand per request) — never a HEAD
// per object. A confirmed object that is gone is recorded `missing`; one of another size or ETag
// (other bytes) `wrong`; one found whole again is cleared. The next sync of a desktop that has a
// track using such an object hears of it in its first request and uploads it again
// (app/sync/README.md, "A mirror that heals"). The audit deletes nothing, and objects confirmed
// while it lists (a commit in progress) are left for the next one.
import type { ObjectInfo, ObjectStore } from '../app/storage/types.ts';
import type { AuditResult } from '../app/sync/protocol.ts';
import type { Mirror } from './mirror/index.ts';

export interface AuditOptions {
  store: ObjectStore;
  mirror: Mirror;
  now?: () => number;
  /** A listing of the store made for this run (shared with garbage collection); default: list now. */
  listing?: readonly ObjectInfo[];
}

/** Everything under this server's prefix, in one pass of listing requests. */
export async function listStore(store: ObjectStore): Promise<ObjectInfo[]> {
  const out: ObjectInfo[] = [];
  for await (const o of store.list('')) out.push(o);
  return out;
}

const plainEtag = (etag: string | null | undefined): string | null => etag?.replaceAll('"', '').toLowerCase() || null;

export async function auditObjects(options: AuditOptions): Promise<AuditResult> {
  const now = options.now ?? Date.now;
  const started = now();
  const listing = options.listing ?? (await listStore(options.store));
  const found = new Map(listing.map((o) => [o.key, o]));
  const result: AuditResult = { scanned: listing.length, checked: 0, missing: [], wrong: [], healed: 0 };
  for (const o of options.mirror.auditable(started)) {
    result.checked++;
    const there = found.get(o.key);
    const etag = plainEtag(there?.etag);
    const confirmed = plainEtag(o.etag);
    const problem = !there ? 'missing' : there.size !== o.bytes || (etag !== null && confirmed !== null && etag !== confirmed) ? 'wrong' : null;
    if (problem === 'missing') result.missing.push(o.key);
    else if (problem === 'wrong') result.wrong.push(o.key);
    else if (o.problem !== null) result.healed++;
    if (problem !== o.problem) options.mirror.setProblem(o.key, problem, started, now());
  }
  return result;
}
