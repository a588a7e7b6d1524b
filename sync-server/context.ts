// What the sync server's routes share: catalog mirror, storage, search, auth and settings.
import type { Queries } from '../app/catalog/queries/index.ts';
import type { Listening } from '../app/library/index.ts';
import type { IndexChange, SearchIndex } from '../app/search/index.ts';
import type { Store } from '../app/storage/types.ts';
import type { AuditResult, GcResult } from '../app/sync/protocol.ts';
import type { Auth } from './auth.ts';
import type { MirrorCatalog } from './db/open.ts';
import type { Lock } from './lock.ts';
import type { ListeningJournal } from './listeningJournal.ts';
import type { Mirror } from './mirror/index.ts';

export interface SyncLimits {
  /** Lifetime of presigned upload URLs (default 15 min). */
  uploadTtlSeconds: number;
  /** Default lifetime of stream URLs (default 30 min; at least max(5 min, duration × 1.1)). */
  streamTtlSeconds: number;
  /** Lifetime of cover URLs (default 1 h). */
  coverTtlSeconds: number;
  /** Stream URLs live exactly `streamTtlSeconds`, without the 5-min/duration floor (tests, `--stream-ttl`). */
  streamTtlExact?: boolean;
  /** Op JSON per page of the listening journal a desktop pulls (default 8 MB; tests make it small). */
  journalPageBytes?: number;
  /** What one caller (a device, a Subsonic user, the admin) may add to the listening journal per hour (default 64 MB). */
  journalBytesPerHour?: number;
}

export interface SyncContext {
  /** The mirror's database (its own schema: sync-server/db/). */
  catalog: MirrorCatalog;
  queries: Queries;
  search: SearchIndex;
  /** The one listening service over the mirror (remote player routes and Subsonic tier 2 share it). */
  listening: Listening;
  /** Remote listening edits for the desktop to replay (GET /api/sync/listening/changes). */
  journal: ListeningJournal;
  /** Cover cache folder (`<data>/covers`; playlist mosaics would live there). */
  coverDir: string;
  mirror: Mirror;
  store: Store;
  auth: Auth;
  lock: Lock;
  limits: SyncLimits;
  version: string;
  /** After a publish or removal: keeps the search index current. */
  changed(change: IndexChange): void;
  gc(graceMs?: number): Promise<GcResult>;
  /** The audit of storage (audit.ts). */
  audit(): Promise<AuditResult>;
}
