// Shared SQL fragments and row mappers for the read queries: catalog rows → contract shapes.
import path from 'node:path';
import type { Album, Folder, Track } from '../../contract/index.ts';
import { catalogGain, type GainColumns, type GainSource } from '../gain.ts';
import { displayPath } from '../../text/fsPath.ts';

/** The track rows' SELECT … FROM, with the gain of `gain` (a desktop catalog's by default). */
export function trackSelectFrom(gain: GainSource = catalogGain): string {
  return /* sql */ `SELECT t.id, t.title, t.artist_display AS artist, t.album_id AS albumId,
  al.title AS album, aa.name AS albumArtist, al.album_artist_id AS albumArtistId, t.track_no AS trackNo,
  t.disc_no AS discNo, t.year, t.duration_ms AS durationMs, t.container, t.codec, t.lossless, t.bitrate,
  t.sample_rate AS sampleRate, t.bit_depth AS bitDepth, t.channels, t.size,
  coalesce(t.cover_id, al.cover_id) AS coverId, t.added_at AS addedAt, ${gain.select},
  EXISTS (SELECT 1 FROM track_lyrics ly WHERE ly.track_id = t.id) AS hasLyrics
FROM tracks t LEFT JOIN albums al ON al.id = t.album_id LEFT JOIN artists aa ON aa.id = al.album_artist_id ${gain.join}`;
}

/** A track row before its artists and genres are attached. */
export type TrackRowDb = Omit<Track, 'artists' | 'genres' | 'lossless' | 'gain' | 'hasLyrics'> & { lossless: number; hasLyrics: number } & GainColumns;

export const albumSelect = /* sql */ `SELECT al.id, al.title, ar.name AS artist, al.album_artist_id AS artistId,
  al.is_compilation AS isCompilation, al.year, al.track_count AS trackCount, al.duration_ms AS durationMs,
  al.cover_id AS coverId, al.added_at AS addedAt
FROM albums al JOIN artists ar ON ar.id = al.album_artist_id`;

export type AlbumRowDb = Omit<Album, 'isCompilation'> & { isCompilation: number };

export function toAlbum(row: AlbumRowDb): Album {
  return { ...row, isCompilation: row.isCompilation === 1 };
}

/** Artists shown in the library: credited on a track (artist or album artist) or owning an album. */
export const listedArtist = /* sql */ `(EXISTS (SELECT 1 FROM track_artists ta WHERE ta.artist_id = a.id AND ta.role IN ('artist', 'albumartist'))
  OR EXISTS (SELECT 1 FROM albums x WHERE x.album_artist_id = a.id))`;

export const folderSelect = /* sql */ `SELECT f.id, f.path, f.parent_id AS parentId,
  (SELECT count(*) FROM folders c WHERE c.parent_id = f.id) AS folderCount,
  (SELECT count(*) FROM tracks t WHERE t.folder_id = f.id) AS trackCount
FROM folders f`;

export type FolderRowDb = Omit<Folder, 'name'>;

export function toFolder(row: FolderRowDb): Folder {
  // Paths are lossless keys (app/text/fsPath.ts); people see their readable decoding.
  const shown = displayPath(row.path);
  return { ...row, path: shown, name: path.basename(shown) || shown };
}

export type SortDirection = 'ASC' | 'DESC';

export function direction(order: 'asc' | 'desc' | undefined): SortDirection {
  return order === 'desc' ? 'DESC' : 'ASC';
}
