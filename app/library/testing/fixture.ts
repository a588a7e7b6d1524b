// Test fixture: a small catalog with exactly the tracks a test describes, written straight into
// SQLite (no audio files), plus the listening stores over it. For tests and benchmarks only.
import fs from 'node:fs';
import path from 'node:path';
import { openCatalog, type Catalog } from '../../catalog/index.ts';
import { createQueries, type Queries } from '../../catalog/queries/index.ts';
import { refreshGenreKey } from '../../catalog/migrations/0014-genre-sort.ts';
import { tempDir } from '../../testing/temp.ts';
import { fold, sortKey } from '../../text/fold.ts';
import { createListening, type Listening } from '../index.ts';

export interface FixtureTrack {
  title: string;
  artist: string;
  album?: string;
  genres?: string[];
  year?: number | null;
  durationMs?: number;
  codec?: string;
  container?: string;
  lossless?: boolean;
  bitrate?: number;
  addedAt?: number;
}

export interface Fixture {
  dir: string;
  catalog: Catalog;
  queries: Queries;
  listening: Listening;
  /** Track ids in the order given. */
  ids: number[];
  cleanup(): Promise<void>;
}

export function writeFixtureTracks(catalog: Catalog, tracks: readonly FixtureTrack[], root = '/music'): number[] {
  const db = catalog.db;
  const artist = (name: string): number => {
    db.prepare('INSERT OR IGNORE INTO artists (name, name_key, sort_name) VALUES (?, ?, ?)').run(name, fold(name), sortKey(name));
    return (db.prepare('SELECT id FROM artists WHERE name_key = ?').pluck().get(fold(name)) as number);
  };
  const genre = (name: string): number => {
    db.prepare('INSERT OR IGNORE INTO genres (name, name_key) VALUES (?, ?)').run(name, fold(name));
    return db.prepare('SELECT id FROM genres WHERE name_key = ?').pluck().get(fold(name)) as number;
  };
  const folder = (p: string): number => {
    db.prepare('INSERT OR IGNORE INTO folders (path, parent_id, is_root) VALUES (?, NULL, 1)').run(p);
    return db.prepare('SELECT id FROM folders WHERE path = ?').pluck().get(p) as number;
  };
  const album = (title: string, artistId: number, added: number): number => {
    const key = `${artistId}:${title}`;
    db.prepare(`INSERT OR IGNORE INTO albums (group_key, title, album_artist_id, track_count, duration_ms, added_at, updated_at)
      VALUES (?, ?, ?, 0, 0, ?, ?)`).run(key, title, artistId, added, added);
    return db.prepare('SELECT id FROM albums WHERE group_key = ?').pluck().get(key) as number;
  };
  const insert = db.prepare(`INSERT INTO tracks (path, folder_id, size, mtime_ms, fingerprint, container, codec, lossless, bitrate,
    duration_ms, title, year, artist_display, album_id, added_at, updated_at)
    VALUES (@path, @folder, 1000, 0, @fp, @container, @codec, @lossless, @bitrate, @duration, @title, @year, @artist, @album, @added, @added)`);
  return db.transaction(() => tracks.map((t, i) => {
    const artistId = artist(t.artist);
    const added = t.addedAt ?? Date.UTC(2024, 0, 1) + i * 1000;
    const albumTitle = t.album ?? `${t.artist} album`;
    const f = folder(path.posix.join(root, t.artist, albumTitle));
    const id = Number(insert.run({
      path: path.posix.join(root, t.artist, albumTitle, `${String(i).padStart(3, '0')} ${t.title}.mp3`), folder: f, fp: `fp-${root}-${i}`,
      container: t.container ?? 'MPEG', codec: t.codec ?? 'MPEG 1 Layer 3', lossless: t.lossless ? 1 : 0, bitrate: t.bitrate ?? 320_000,
      duration: t.durationMs ?? 200_000, title: t.title, year: t.year ?? null, artist: t.artist, album: album(albumTitle, artistId, added), added,
    }).lastInsertRowid);
    db.prepare("INSERT INTO track_artists (track_id, artist_id, role, position) VALUES (?, ?, 'artist', 0)").run(id, artistId);
    db.prepare("INSERT INTO track_artists (track_id, artist_id, role, position) VALUES (?, ?, 'albumartist', 0)").run(id, artistId);
    for (const g of t.genres ?? []) db.prepare('INSERT INTO track_genres (track_id, genre_id) VALUES (?, ?)').run(id, genre(g));
    db.prepare(refreshGenreKey).run(id);
    return id;
  }))();
}

export function fixture(tracks: readonly FixtureTrack[], options: { now?: () => number; tzOffsetMin?: number } = {}): Fixture {
  const dir = tempDir('tonearm-library-');
  const catalog = openCatalog({ file: path.join(dir, 'library.db') });
  const ids = writeFixtureTracks(catalog, tracks);
  const queries = createQueries(catalog);
  const listening = createListening({
    catalog, queries, ...(options.now ? { now: options.now } : {}),
    recommend: { worker: false, computeOnStart: false, ...(options.tzOffsetMin !== undefined ? { tzOffsetMin: options.tzOffsetMin } : {}) },
  });
  return {
    dir, catalog, queries, listening, ids,
    async cleanup() {
      await listening.close();
      catalog.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
