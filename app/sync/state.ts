// The sync client's local state (tables of migration 0005): what is published where, which
// objects this device has made, and measured loudness. Plain prepared statements, batched writes.
import type { Db } from '../catalog/index.ts';
import type { Loudness } from '../transcoder/types.ts';

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
  cursor(server: string): number | null;
  setCursor(server: string, cursor: number, now?: number): void;
  objects(keys: readonly string[]): Map<string, ObjectRecord>;
  putObjects(records: readonly ObjectRecord[], now?: number): void;
  /** Loudness by fingerprint; `null` = measured, unmeasurable. Missing = never measured. */
  loudness(fingerprints: readonly string[]): Map<string, Loudness | null>;
  putLoudness(fingerprint: string, loudness: Loudness | null, now?: number): void;
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
  const selectCursor = db.prepare<[string], { cursor: number }>('SELECT cursor FROM sync_servers WHERE server = ?');
  const upsertCursor = db.prepare(`INSERT INTO sync_servers (server, cursor, last_sync_at) VALUES (?, ?, ?)
    ON CONFLICT(server) DO UPDATE SET cursor = excluded.cursor, last_sync_at = excluded.last_sync_at`);
  const deleteServer = db.prepare('DELETE FROM sync_servers WHERE server = ?');
  const upsertObject = db.prepare(`INSERT INTO sync_objects (key, bytes, content_type, made_at) VALUES (?, ?, ?, ?)
    ON CONFLICT(key) DO UPDATE SET bytes = excluded.bytes, content_type = excluded.content_type, made_at = excluded.made_at`);
  const upsertLoudness = db.prepare(`INSERT INTO track_loudness (fingerprint, integrated_lufs, true_peak_db, range_lu, measured_at)
    VALUES (?, ?, ?, ?, ?) ON CONFLICT(fingerprint) DO UPDATE SET integrated_lufs = excluded.integrated_lufs,
    true_peak_db = excluded.true_peak_db, range_lu = excluded.range_lu, measured_at = excluded.measured_at`);

  const inQuery = <R>(sql: (placeholders: string) => string, keys: readonly string[], each: (row: R) => void): void => {
    for (const part of chunks(keys, CHUNK)) {
      const stmt = db.prepare<string[], R>(sql(part.map(() => '?').join(',')));
      for (const row of stmt.iterate(...part)) each(row);
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
      deleteServer.run(server);
    }),
    cursor: (server) => selectCursor.get(server)?.cursor ?? null,
    setCursor: (server, cursor, now = Date.now()) => {
      upsertCursor.run(server, cursor, now);
    },
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
    loudness(fingerprints) {
      const out = new Map<string, Loudness | null>();
      inQuery<{ fingerprint: string; integrated_lufs: number | null; true_peak_db: number | null; range_lu: number | null }>(
        (p) => `SELECT fingerprint, integrated_lufs, true_peak_db, range_lu FROM track_loudness WHERE fingerprint IN (${p})`,
        fingerprints,
        (r) => out.set(r.fingerprint, r.integrated_lufs === null || r.true_peak_db === null
          ? null
          : { integratedLufs: r.integrated_lufs, truePeakDb: r.true_peak_db, rangeLu: r.range_lu ?? 0 }));
      return out;
    },
    putLoudness(fingerprint, loudness, now = Date.now()) {
      upsertLoudness.run(fingerprint, loudness?.integratedLufs ?? null, loudness?.truePeakDb ?? null, loudness?.rangeLu ?? null, now);
    },
  };
}
