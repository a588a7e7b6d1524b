// The catalog: one SQLite file holding the indexed library. Open it with `openCatalog`.
import { openDb, CatalogError, type Db } from './open.ts';
import { createEntities, type Entities } from './entities.ts';
import { createTrackStore, type TrackStore } from './tracks.ts';
import { createAlbumMaintenance, type AlbumMaintenance } from './albums.ts';
import { createCoverStore, type CoverStore } from './covers.ts';
import { createScanErrorStore, type ScanErrorStore } from './scanErrors.ts';
import { createSettingsStore, type SettingsStore } from './settings.ts';
import { createFolderStore, type FolderStore } from './folders.ts';
import { createLoudnessStore, type LoudnessStore } from './loudness.ts';
import { createLyricsStore, type LyricsStore } from './lyrics.ts';
import { createBulkLoad, type BulkLoad } from './bulkLoad.ts';
import type { CatalogStats } from './model.ts';

export interface CatalogOptions {
  /** Path of the SQLite file (created when missing), or ':memory:'. */
  file: string;
  readonly?: boolean;
}

export interface Catalog {
  readonly db: Db;
  readonly file: string;
  readonly entities: Entities;
  readonly tracks: TrackStore;
  readonly albums: AlbumMaintenance;
  readonly covers: CoverStore;
  readonly scanErrors: ScanErrorStore;
  readonly settings: SettingsStore;
  readonly folders: FolderStore;
  readonly loudness: LoudnessStore;
  readonly lyrics: LyricsStore;
  /** Browse indexes built after a bulk load (a first scan) instead of during it. */
  readonly bulkLoad: BulkLoad;
  stats(): CatalogStats;
  close(): void;
}

export function openCatalog(options: CatalogOptions): Catalog {
  const db = openDb(options);
  const entities = createEntities(db);
  const statsQuery = db.prepare<[], CatalogStats>(`SELECT
      (SELECT count(*) FROM tracks) AS tracks,
      (SELECT count(*) FROM albums) AS albums,
      (SELECT count(DISTINCT artist_id) FROM track_artists WHERE role IN ('artist', 'albumartist')) AS artists,
      (SELECT count(*) FROM genres) AS genres,
      (SELECT coalesce(sum(duration_ms), 0) FROM tracks) AS durationMs,
      (SELECT coalesce(sum(size), 0) FROM tracks) AS bytes,
      (SELECT count(*) FROM scan_errors) AS errors`);
  return {
    db,
    file: options.file,
    entities,
    tracks: createTrackStore(db, entities),
    albums: createAlbumMaintenance(db, entities),
    covers: createCoverStore(db),
    scanErrors: createScanErrorStore(db),
    settings: createSettingsStore(db),
    folders: createFolderStore(db, entities),
    loudness: createLoudnessStore(db),
    lyrics: createLyricsStore(db),
    bulkLoad: createBulkLoad(db),
    stats: () => statsQuery.get() as CatalogStats,
    close: () => {
      if (db.open) {
        if (!options.readonly) db.pragma('optimize');
        db.close();
      }
    },
  };
}

export { CatalogError };
export type { Db };
export * from './model.ts';
