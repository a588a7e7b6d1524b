// The mirror's own schema: the library tables it shares with a desktop catalog are identical in
// both (so a catalog migration that changes one must be added to the mirror's migrations too),
// neither database carries the other's tables, and track ids are derived from the audio.
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../../app/catalog/index.ts';
import type { Db } from '../../app/catalog/open.ts';
import { tempDir } from '../../app/testing/temp.ts';
import { createTrackIds, derivedId } from '../mirror/ids.ts';
import { openMirrorCatalog } from './open.ts';

const dir = tempDir('tonearm-mirror-schema-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function tables(db: Db): Map<string, string> {
  const out = new Map<string, string>();
  const names = db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
  for (const name of names) {
    const columns = db.prepare(`PRAGMA table_xinfo(${JSON.stringify(name)})`).all();
    const indexes = db.prepare<[string], string | null>("SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = ? ORDER BY name").pluck().all(name);
    out.set(name, JSON.stringify({ columns, indexes }));
  }
  return out;
}

describe('the mirror database', () => {
  const catalog = openCatalog({ file: path.join(dir, 'library.db') });
  const mirror = openMirrorCatalog(path.join(dir, 'mirror.sqlite'));
  afterAll(() => {
    catalog.close();
    mirror.close();
  });

  it('shares the library tables with the desktop catalog, column for column and index for index', () => {
    const desktop = tables(catalog.db);
    const server = tables(mirror.db);
    const shared = [...server.keys()].filter((t) => desktop.has(t));
    expect(shared).toEqual(expect.arrayContaining(['tracks', 'albums', 'artists', 'genres', 'covers', 'folders', 'playlists', 'play_events', 'item_prefs', 'player_state', 'track_loudness']));
    for (const t of shared) expect(server.get(t), t).toBe(desktop.get(t));
  });

  it('has every library table a desktop catalog has (a new catalog table needs a mirror migration too)', () => {
    const server = tables(mirror.db);
    const missing = [...tables(catalog.db).keys()].filter((t) => !t.startsWith('sync_') && !server.has(t));
    expect(missing, 'catalog tables the mirror lacks: add a mirror migration that applies them').toEqual([]);
  });

  it('carries none of the desktop-only tables, and the desktop none of the mirror’s', () => {
    const desktop = [...tables(catalog.db).keys()];
    const server = [...tables(mirror.db).keys()];
    expect(server.filter((t) => t.startsWith('sync_'))).toEqual([]);
    expect(desktop.filter((t) => t.startsWith('mirror_') || t.startsWith('subsonic_'))).toEqual([]);
    expect(server).toEqual(expect.arrayContaining(['mirror_ids', 'mirror_tracks', 'mirror_sources', 'mirror_renditions', 'mirror_objects', 'mirror_devices']));
  });

  it('numbers its own migrations', () => {
    expect(mirror.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(2);
  });
});

describe('track ids', () => {
  it('are the first 48 bits of the key’s SHA-256: JSON-safe, the same for the same audio everywhere', () => {
    const fp = '0123456789abcdef0123456789abcdef';
    expect(derivedId(fp)).toBe(derivedId(fp));
    expect(derivedId(fp)).not.toBe(derivedId(`${fp}:1`));
    expect(derivedId(fp)).toBeGreaterThan(0);
    expect(derivedId(fp)).toBeLessThan(2 ** 48);
    expect(Number.isSafeInteger(derivedId(fp))).toBe(true);
  });

  it('are reserved once: a key keeps its id, and a colliding key takes the next free one', () => {
    const mirror = openMirrorCatalog(path.join(dir, 'ids.sqlite'));
    try {
      const ids = createTrackIds(mirror.db);
      const a = ids.idFor('aaaaaaaaaaaaaaaa');
      expect(ids.idFor('aaaaaaaaaaaaaaaa')).toBe(a);
      // Force a collision: reserve b's derived id for another key first.
      const b = 'bbbbbbbbbbbbbbbb';
      mirror.db.prepare('INSERT INTO mirror_ids (key, id) VALUES (?, ?)').run('cccccccccccccccc', derivedId(b));
      expect(ids.idFor(b)).toBe(derivedId(b) + 1);
      expect(ids.of('cccccccccccccccc')).toBe(derivedId(b));
      expect(ids.idFor(b)).toBe(derivedId(b) + 1);
    } finally {
      mirror.close();
    }
  });
});
