// What the mirror knows about its objects in storage: which ones a HEAD confirmed (and as what),
// what each upload URL handed out was bound to, which confirmed ones the audit found missing or
// holding other bytes (to be uploaded again by the next sync), and which ones garbage collection
// may consider (released: no published track references them).
import type { Db } from '../../app/catalog/open.ts';

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

export type ObjectProblem = 'missing' | 'wrong';

export interface AuditedObject {
  key: string;
  bytes: number;
  etag: string | null;
  problem: ObjectProblem | null;
}

export interface ObjectRecords {
  /** What a HEAD confirmed, by key — only keys confirmed and not found broken since. */
  verified(keys: readonly string[]): Map<string, VerifiedObject>;
  /** Remembers what each upload URL handed out is bound to. */
  recordUploads(deviceId: number, objects: ReadonlyArray<UploadRecord & { key: string }>): void;
  /** The bytes upload URLs were bound to, by key. */
  uploads(keys: readonly string[]): Map<string, UploadRecord>;
  /** Problems the audit found, by key (only keys with one). */
  problems(keys: readonly string[]): Map<string, ObjectProblem>;
  /** Confirmed objects to audit: those confirmed before `before` (a commit during the listing is left alone). */
  auditable(before: number): AuditedObject[];
  /** Records (or, with null, clears) an object's problem, unless it was confirmed again at or after `before`. */
  setProblem(key: string, problem: ObjectProblem | null, before: number, at: number): void;
  /** This device's track ids (`sourceId`) whose tracks reference an object with a problem (at most `limit`). */
  repairs(deviceId: number, limit: number): number[];
  /** Every key a published track references. */
  referencedKeys(): Set<string>;
  /** Marks confirmed-but-unreferenced objects as released (keeps the first time) and answers their release times. */
  released(referenced: ReadonlySet<string>, now: number): Map<string, number>;
  forgetObject(key: string): void;
}

export function createObjectRecords(db: Db, now: () => number): ObjectRecords {
  const verifiedOf = db.prepare<[string], VerifiedObject>('SELECT bytes, etag, sha256 FROM mirror_objects WHERE key = ? AND problem IS NULL');
  const problemOf = db.prepare<[string], ObjectProblem>('SELECT problem FROM mirror_objects WHERE key = ? AND problem IS NOT NULL').pluck();
  const putUpload = db.prepare(`INSERT INTO mirror_uploads (key, bytes, content_type, sha256, md5, device_id, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(key) DO UPDATE SET bytes = excluded.bytes, content_type = excluded.content_type, sha256 = excluded.sha256, md5 = excluded.md5,
      device_id = excluded.device_id, issued_at = excluded.issued_at`);
  const uploadOf = db.prepare<[string], UploadRecord>('SELECT bytes, content_type AS contentType, sha256, md5 FROM mirror_uploads WHERE key = ?');
  const auditable = db.prepare<[number], AuditedObject>('SELECT key, bytes, etag, problem FROM mirror_objects WHERE verified_at < ?');
  const setProblem = db.prepare('UPDATE mirror_objects SET problem = ?, problem_at = ? WHERE key = ? AND verified_at < ?');
  const repairs = db.prepare<[number, number], number>(`SELECT DISTINCT s.source_id FROM mirror_sources s
    JOIN mirror_tracks m ON m.track_id = s.track_id
    WHERE s.device_id = ? AND EXISTS (
      SELECT 1 FROM mirror_objects o WHERE o.problem IS NOT NULL
        AND (o.key = m.cover_key OR o.key IN (SELECT key FROM mirror_renditions r WHERE r.track_id = m.track_id)))
    LIMIT ?`).pluck();
  const referenced = db.prepare<[], string>(
    'SELECT key FROM mirror_renditions UNION SELECT cover_key AS key FROM mirror_tracks WHERE cover_key IS NOT NULL').pluck();
  const allObjects = db.prepare<[], { key: string; released_at: number | null }>('SELECT key, released_at FROM mirror_objects');
  const release = db.prepare('UPDATE mirror_objects SET released_at = ? WHERE key = ? AND released_at IS NULL');
  const unrelease = db.prepare('UPDATE mirror_objects SET released_at = NULL WHERE key = ?');
  const deleteObject = db.prepare('DELETE FROM mirror_objects WHERE key = ?');

  const byKey = <T>(keys: readonly string[], get: (k: string) => T | undefined): Map<string, T> => {
    const out = new Map<string, T>();
    for (const k of keys) {
      const v = get(k);
      if (v !== undefined) out.set(k, v);
    }
    return out;
  };

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
    verified: (keys) => byKey(keys, (k) => verifiedOf.get(k)),
    recordUploads: db.transaction((deviceId: number, objects: ReadonlyArray<UploadRecord & { key: string }>) => {
      const t = now();
      for (const o of objects) putUpload.run(o.key, o.bytes, o.contentType, o.sha256, o.md5, deviceId, t);
    }),
    uploads: (keys) => byKey(keys, (k) => uploadOf.get(k)),
    problems: (keys) => byKey(keys, (k) => problemOf.get(k)),
    auditable: (before) => auditable.all(before),
    setProblem: (key, problem, before, at) => void setProblem.run(problem, problem === null ? null : at, key, before),
    repairs: (deviceId, limit) => repairs.all(deviceId, limit),
    referencedKeys: () => new Set(referenced.all()),
    released: (refs, t) => markReleased(refs, t),
    forgetObject: (key) => void deleteObject.run(key),
  };
}
