// Stable track ids: derived from the track key (the audio fingerprint, `:n` for further copies) as
// the first 48 bits of its SHA-256 — a JSON number, the same on every server for the same audio —
// and reserved in `mirror_ids` forever, so an id, once given, never names other audio. Two keys
// whose hashes collide (about once in 50,000 libraries of 100,000 tracks) take the next free id.
import crypto from 'node:crypto';
import type { Db } from '../../app/catalog/open.ts';

const space = 2 ** 48;

export function derivedId(key: string): number {
  const n = Number.parseInt(crypto.createHash('sha256').update(key).digest('hex').slice(0, 12), 16);
  return n === 0 ? 1 : n;
}

export interface TrackIds {
  /** The id of `key`, reserved on first use. */
  idFor(key: string): number;
  /** The id of `key` when it was ever reserved. */
  of(key: string): number | undefined;
}

export function createTrackIds(db: Db): TrackIds {
  const byKey = db.prepare<[string], number>('SELECT id FROM mirror_ids WHERE key = ?').pluck();
  const taken = db.prepare<[number], string>('SELECT key FROM mirror_ids WHERE id = ?').pluck();
  const reserve = db.prepare('INSERT INTO mirror_ids (key, id) VALUES (?, ?)');
  return {
    idFor(key) {
      const known = byKey.get(key);
      if (known !== undefined) return known;
      let id = derivedId(key);
      while (taken.get(id) !== undefined) id = (id % space) + 1;
      reserve.run(key, id);
      return id;
    },
    of: (key) => byKey.get(key),
  };
}
