// The mirror's database (`<data>/mirror.sqlite`): its own schema and numbered migrations
// (./migrations), holding the library tables it shares with a desktop catalog plus its own. The
// catalog's building blocks (entities, track writes, album grouping, covers, settings) work on it
// unchanged; `MirrorCatalog` is what the sync server's modules get.
import { createAlbumMaintenance, type AlbumMaintenance } from '../../app/catalog/albums.ts';
import { createCoverStore, type CoverStore } from '../../app/catalog/covers.ts';
import { createEntities, type Entities } from '../../app/catalog/entities.ts';
import { openDb, type Db } from '../../app/catalog/open.ts';
import { createSettingsStore, type SettingsStore } from '../../app/catalog/settings.ts';
import { createTrackStore, type TrackStore } from '../../app/catalog/tracks.ts';
import type { LibraryStats } from '../../app/contract/index.ts';
import { mirrorMigrations } from './migrations/index.ts';

export interface MirrorCatalog {
  readonly db: Db;
  readonly file: string;
  readonly entities: Entities;
  readonly tracks: TrackStore;
  readonly albums: AlbumMaintenance;
  readonly covers: CoverStore;
  readonly settings: SettingsStore;
  stats(): LibraryStats;
  close(): void;
}

export function openMirrorCatalog(file: string): MirrorCatalog {
  const db = openDb({ file, migrations: mirrorMigrations });
  const entities = createEntities(db);
  const statsQuery = db.prepare<[], LibraryStats>(`SELECT
      (SELECT count(*) FROM tracks) AS tracks,
      (SELECT count(*) FROM albums) AS albums,
      (SELECT count(DISTINCT artist_id) FROM track_artists WHERE role IN ('artist', 'albumartist')) AS artists,
      (SELECT count(*) FROM genres) AS genres,
      (SELECT coalesce(sum(duration_ms), 0) FROM tracks) AS durationMs,
      (SELECT coalesce(sum(size), 0) FROM tracks) AS bytes,
      0 AS errors`);
  return {
    db,
    file,
    entities,
    tracks: createTrackStore(db, entities),
    albums: createAlbumMaintenance(db, entities),
    covers: createCoverStore(db),
    settings: createSettingsStore(db),
    stats: () => statsQuery.get() as LibraryStats,
    close: () => {
      if (db.open) {
        db.pragma('optimize');
        db.close();
      }
    },
  };
}
