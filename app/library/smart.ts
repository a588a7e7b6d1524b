// Smart playlists: stored definitions (three read-only built-ins seeded at open), evaluated live
// in SQL on every read (so a new play or favorite shows up at once).
import crypto from 'node:crypto';
import type { Db } from '../catalog/index.ts';
import type { TrackQueries } from '../catalog/queries/index.ts';
import { smartDefinition, type Id, type Page, type SmartBuiltIn, type SmartDefinition, type SmartPlaylist, type SmartPlaylistCreate, type SmartPlaylistUpdate, type Track } from '../contract/index.ts';
import { conflict, LibraryError, notFound } from './errors.ts';
import { compileSmart } from './smartRules.ts';

export interface SmartStore {
  list(): SmartPlaylist[];
  get(id: Id): SmartPlaylist | undefined;
  create(input: SmartPlaylistCreate): SmartPlaylist;
  update(id: Id, input: SmartPlaylistUpdate): SmartPlaylist;
  delete(id: Id, version: number): void;
  tracks(id: Id, page: { offset: number; limit: number }): Page<Track>;
  evaluate(def: SmartDefinition, page: { offset: number; limit: number }): Page<Track>;
  /** All matching track ids (up to the definition's limit), in order. */
  trackIds(def: SmartDefinition): number[];
}

export const builtIns: Record<SmartBuiltIn, { name: string; description: string; definition: SmartDefinition }> = {
  'forgotten-favorites': {
    name: 'Forgotten favorites',
    description: 'Tracks you loved but have not played in 90 days.',
    definition: { match: 'all', rules: [{ field: 'favorite', value: true }, { field: 'lastPlayed', op: 'notInLast', days: 90 }], sort: { by: 'lastPlayed', order: 'asc' }, limit: 100 },
  },
  'never-played': {
    name: 'Never played',
    description: 'Tracks without a single counted play, newest first.',
    definition: { match: 'all', rules: [{ field: 'playCount', op: 'eq', value: 0 }], sort: { by: 'addedAt', order: 'desc' }, limit: 500 },
  },
  'heavy-rotation': {
    name: 'Heavy rotation',
    description: 'Your most played tracks of the last 30 days.',
    definition: { match: 'all', rules: [{ field: 'playCount', op: 'gte', value: 2, withinDays: 30 }], sort: { by: 'recentPlays', order: 'desc', recentDays: 30 }, limit: 50 },
  },
};

interface Row { id: number; name: string; description: string; builtIn: SmartBuiltIn | null; definition: string; version: number; createdAt: number; updatedAt: number }

export function createSmartStore(options: { db: Db; tracks: TrackQueries; now?: () => number }): SmartStore {
  const { db, tracks } = options;
  const now = options.now ?? Date.now;
  const select = `SELECT id, name, description, built_in AS builtIn, definition, version, created_at AS createdAt, updated_at AS updatedAt FROM smart_playlists`;
  const all = db.prepare<[], Row>(`${select} ORDER BY built_in IS NULL, name COLLATE NOCASE, id`);
  const one = db.prepare<[number], Row>(`${select} WHERE id = ?`);
  const insert = db.prepare('INSERT INTO smart_playlists (uid, built_in, name, description, definition, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const seedBuiltIn = db.prepare(`INSERT INTO smart_playlists (uid, built_in, name, description, definition, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (built_in) DO UPDATE SET name = excluded.name, description = excluded.description, definition = excluded.definition`);
  const cas = db.prepare(`UPDATE smart_playlists SET name = coalesce(?, name), description = coalesce(?, description),
    definition = coalesce(?, definition), version = version + 1, updated_at = ? WHERE id = ? AND version = ?`);
  const remove = db.prepare('DELETE FROM smart_playlists WHERE id = ? AND version = ?');

  db.transaction(() => {
    const t = now();
    for (const [key, b] of Object.entries(builtIns)) seedBuiltIn.run(`builtin:${key}`, key, b.name, b.description, JSON.stringify(b.definition), t, t);
  })();

  const toSmart = (r: Row): SmartPlaylist => ({ ...r, definition: smartDefinition.parse(JSON.parse(r.definition)) });
  const get = (id: Id) => {
    const r = one.get(id);
    return r ? toSmart(r) : undefined;
  };
  const editable = (id: Id): SmartPlaylist => {
    const p = get(id);
    if (!p) throw notFound(`smart playlist ${id} not found`);
    if (p.builtIn) throw new LibraryError('forbidden', `smart playlist ${id} is built in and cannot be changed`);
    return p;
  };

  function evaluate(def: SmartDefinition, page: { offset: number; limit: number }): Page<Track> {
    const c = compileSmart(def, now());
    const cap = c.limit ?? Number.MAX_SAFE_INTEGER;
    const total = db.prepare<unknown[], number>(`SELECT count(*) FROM (SELECT 1 ${c.from} LIMIT ?)`).pluck().get(...c.whereParams, c.limit ?? -1) ?? 0;
    const take = Math.max(0, Math.min(page.limit, cap - page.offset));
    const ids = take === 0 ? [] : db.prepare<unknown[], number>(`SELECT t.id ${c.from} ${c.orderBy} LIMIT ? OFFSET ?`).pluck()
      .all(...c.whereParams, ...c.orderParams, take, page.offset);
    return { items: tracks.byIds(ids), total, offset: page.offset, limit: page.limit };
  }

  return {
    list: () => all.all().map(toSmart),
    get,
    create(input) {
      const t = now();
      const id = Number(insert.run(crypto.randomUUID(), null, input.name, input.description ?? '', JSON.stringify(input.definition), t, t).lastInsertRowid);
      return get(id) as SmartPlaylist;
    },
    update(id, input) {
      editable(id);
      const changed = cas.run(input.name ?? null, input.description ?? null, input.definition ? JSON.stringify(input.definition) : null, now(), id, input.version).changes;
      if (changed !== 1) throw conflict(`smart playlist ${id} changed; the edit was based on version ${input.version}`, get(id));
      return get(id) as SmartPlaylist;
    },
    delete(id, version) {
      editable(id);
      if (remove.run(id, version).changes !== 1) throw conflict(`smart playlist ${id} changed; the delete was based on version ${version}`, get(id));
    },
    tracks(id, page) {
      const p = get(id);
      if (!p) throw notFound(`smart playlist ${id} not found`);
      return evaluate(p.definition, page);
    },
    evaluate,
    trackIds(def) {
      const c = compileSmart(def, now());
      return db.prepare<unknown[], number>(`SELECT t.id ${c.from} ${c.orderBy} LIMIT ?`).pluck().all(...c.whereParams, ...c.orderParams, c.limit ?? -1);
    },
  };
}
