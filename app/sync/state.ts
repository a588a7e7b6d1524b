// The sync client's local state (tables of migration 0005): what is published where, and which
// objects this device has made. Plain prepared statements, batched writes.
import type { Db } from '../catalog/index.ts';

export interface ObjectRecord {
  key: string;
  bytes: number;
  contentType: string;
}

export interface PublishedRecord {
  sourceId: number;
  revision: string;
  fingerprint: string;
}

export interface SyncState {
  /** Published revisions on `server`, by source id. */
  published(server: string): Map<number, string>;
  markPublished(server: string, records: readonly PublishedRecord[], now?: number): void;
  forgetPublished(server: string, sourceIds: readonly number[]): void;
  /** Forgets everything recorded for `server` (it was reset). */
  resetServer(server: string): void;
  /** The last finished run against `server` (any JSON the caller stored), or null. */
  lastRun<T>(server: string): { at: number; result: T } | null;
  setLastRun(server: string, result: unknown, now?: number): void;
  /** Objects this device uploaded, or started uploading, to `server` (size by key), committed or not. */
  uploaded(server: string, keys: readonly string[]): Map<string, number>;
  markUploaded(server: string, records: ReadonlyArray<{ key: string; bytes: number }>, now?: number): void;
  forgetUploaded(server: string, keys: readonly string[]): void;
  objects(keys: readonly string[]): Map<string, ObjectRecord>;
  putObjects(records: readonly ObjectRecord[], now?: number): void;
}

const CHUNK = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function createSyncState(db: Db): SyncState {
  const selectPublished = db.prepare<[string], { source_id: number; revision: string }>(
    'SELECT source_id, revision FROM sync_published WHERE server = ?');
  const upsertPublished = db.prepare(`INSERT INTO sync_published (server, source_id, revision, fingerprint, published_at)
    VALUES (?, ?, ?, ?, ?) ON CONFLICT(server, source_id) DO UPDATE SET revision = excluded.revision,
    fingerprint = excluded.fingerprint, published_at = excluded.published_at`);
  const deletePublished = db.prepare('DELETE FROM sync_published WHERE server = ? AND source_id = ?');
  const deleteServerPublished = db.prepare('DELETE FROM sync_published WHERE server = ?');
  const selectRun = db.prepare<[string], { last_sync_at: number; last_result: string | null }>(
    'SELECT last_sync_at, last_result FROM sync_servers WHERE server = ?');
  const upsertRun = db.prepare(`INSERT INTO sync_servers (server, last_sync_at, last_result) VALUES (?, ?, ?)
    ON CONFLICT(server) DO UPDATE SET last_sync_at = excluded.last_sync_at, last_result = excluded.last_result`);
  const deleteServer = db.prepare('DELETE FROM sync_servers WHERE server = ?');
  const upsertUploaded = db.prepare(`INSERT INTO sync_uploads (server, key, bytes, uploaded_at) VALUES (?, ?, ?, ?)
    ON CONFLICT(server, key) DO UPDATE SET bytes = excluded.bytes, uploaded_at = excluded.uploaded_at`);
  const deleteUploaded = db.prepare('DELETE FROM sync_uploads WHERE server = ? AND key = ?');
  const deleteServerUploads = db.prepare('DELETE FROM sync_uploads WHERE server = ?');
  const upsertObject = db.prepare(`INSERT INTO sync_objects (key, bytes, content_type, made_at) VALUES (?, ?, ?, ?)
    ON CONFLICT(key) DO UPDATE SET bytes = excluded.bytes, content_type = excluded.content_type, made_at = excluded.made_at`);

  const inQuery = <R>(sql: (placeholders: string) => string, keys: readonly string[], each: (row: R) => void, before: string[] = []): void => {
    for (const part of chunks(keys, CHUNK)) {
      const stmt = db.prepare<string[], R>(sql(part.map(() => '?').join(',')));
      for (const row of stmt.iterate(...before, ...part)) each(row);
    }
  };

  return {
    published(server) {
      const out = new Map<number, string>();
      for (const r of selectPublished.iterate(server)) out.set(r.source_id, r.revision);
      return out;
    },
    markPublished: db.transaction((server: string, records: readonly PublishedRecord[], now: number = Date.now()) => {
      for (const r of records) upsertPublished.run(server, r.sourceId, r.revision, r.fingerprint, now);
    }),
    forgetPublished: db.transaction((server: string, sourceIds: readonly number[]) => {
      for (const id of sourceIds) deletePublished.run(server, id);
    }),
    resetServer: db.transaction((server: string) => {
      deleteServerPublished.run(server);
      deleteServerUploads.run(server);
      deleteServer.run(server);
    }),
    lastRun<T>(server: string): { at: number; result: T } | null {
      const row = selectRun.get(server);
      if (!row?.last_result) return null;
      try {
        return { at: row.last_sync_at, result: JSON.parse(row.last_result) as T };
      } catch {
        return null;
      }
    },
    setLastRun: (server, result, now = Date.now()) => {
      upsertRun.run(server, now, JSON.stringify(result));
    },
    uploaded(server, keys) {
      const out = new Map<string, number>();
      inQuery<{ key: string; bytes: number }>(
        (p) => `SELECT key, bytes FROM sync_uploads WHERE server = ? AND key IN (${p})`, keys,
        (r) => out.set(r.key, r.bytes), [server]);
      return out;
    },
    markUploaded: db.transaction((server: string, records: ReadonlyArray<{ key: string; bytes: number }>, now: number = Date.now()) => {
      for (const r of records) upsertUploaded.run(server, r.key, r.bytes, now);
    }),
    forgetUploaded: db.transaction((server: string, keys: readonly string[]) => {
      for (const k of keys) deleteUploaded.run(server, k);
    }),
    objects(keys) {
      const out = new Map<string, ObjectRecord>();
      inQuery<{ key: string; bytes: number; content_type: string }>(
        (p) => `SELECT key, bytes, content_type FROM sync_objects WHERE key IN (${p})`, keys,
        (r) => out.set(r.key, { key: r.key, bytes: r.bytes, contentType: r.content_type }));
      return out;
    },
    putObjects: db.transaction((records: readonly ObjectRecord[], now: number = Date.now()) => {
      for (const r of records) upsertObject.run(r.key, r.bytes, r.contentType, now);
    }),
  };
}
