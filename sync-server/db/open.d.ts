import { type AlbumMaintenance } from '../../app/catalog/albums.ts';
import { type CoverStore } from '../../app/catalog/covers.ts';
import { type Entities } from '../../app/catalog/entities.ts';
import { type Db } from '../../app/catalog/open.ts';
import { type SettingsStore } from '../../app/catalog/settings.ts';
import { type TrackStore } from '../../app/catalog/tracks.ts';
import type { LibraryStats } from '../../app/contract/index.ts';
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
export declare function openMirrorCatalog(file: string): MirrorCatalog;
