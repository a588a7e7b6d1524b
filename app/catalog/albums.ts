// Album maintenance: regroups the tracks of touched folders into albums, keeps album aggregates
// (track count, duration, year, cover) current, and prunes what no track references any more.
import type { Db } from './open.ts';
import type { Entities } from './entities.ts';
import { groupFolder, type GroupingInput } from './grouping.ts';

export interface AlbumMaintenance {
  /**
   * Recomputes album membership for every track in the given folders and clears their dirty marks,
   * in one transaction.
   */
  regroup(folderIds: Iterable<number>, now?: number): void;
  /**
   * Regroups every folder marked dirty (written, moved, removed or re-covered since its last regroup,
   * by this scan or by one that was killed before it got there).
   */
  regroupDirty(now?: number): void;
  /** Deletes albums, artists, genres, covers and folders that nothing references; returns orphaned cover hashes. */
  prune(): string[];
}

export function createAlbumMaintenance(db: Db, entities: Entities): AlbumMaintenance {
  const folderTracks = db.prepare<[number], {
    id: number; folder_path: string; tag_album: string | null; tag_album_artist: string | null;
    tag_compilation: number; mb_album_id: string | null; album_id: number | null; primary_artist: string | null;
  }>(`SELECT t.id, f.path AS folder_path, t.tag_album, t.tag_album_artist, t.tag_compilation, t.mb_album_id, t.album_id,
        (SELECT a.name FROM track_artists ta JOIN artists a ON a.id = ta.artist_id
          WHERE ta.track_id = t.id AND ta.role = 'artist' ORDER BY ta.position LIMIT 1) AS primary_artist
      FROM tracks t JOIN folders f ON f.id = t.folder_id WHERE t.folder_id = ?`);
  const findAlbum = db.prepare<[string], { id: number }>('SELECT id FROM albums WHERE group_key = ?');
  const insertAlbum = db.prepare(`INSERT INTO albums (group_key, title, album_artist_id, is_compilation, mb_album_id, added_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const updateAlbumHead = db.prepare('UPDATE albums SET title = ?, album_artist_id = ?, is_compilation = ? WHERE id = ?');
  const setTrackAlbum = db.prepare('UPDATE tracks SET album_id = ? WHERE id = ?');
  const clearAlbumArtistRoles = db.prepare("DELETE FROM track_artists WHERE track_id = ? AND role = 'albumartist'");
  const addAlbumArtistRole = db.prepare("INSERT OR IGNORE INTO track_artists (track_id, artist_id, role, position) VALUES (?, ?, 'albumartist', 0)");
  const refreshAlbum = db.prepare(`UPDATE albums SET
      track_count = (SELECT count(*) FROM tracks WHERE album_id = albums.id),
      duration_ms = (SELECT coalesce(sum(duration_ms), 0) FROM tracks WHERE album_id = albums.id),
      year = (SELECT min(year) FROM tracks WHERE album_id = albums.id AND year IS NOT NULL),
      cover_id = (SELECT cover_id FROM tracks WHERE album_id = albums.id AND cover_id IS NOT NULL
                  GROUP BY cover_id ORDER BY count(*) DESC, min(disc_no), min(track_no), min(path) LIMIT 1),
      updated_at = ?
    WHERE id = ?`);

  const dirtyFolders = db.prepare<[], number>('SELECT folder_id FROM dirty_folders').pluck();
  const clearDirty = db.prepare('DELETE FROM dirty_folders WHERE folder_id = ?');

  const regroup = db.transaction((folderIds: Iterable<number>, now: number) => {
    const albumIds = new Set<number>();
    for (const folderId of folderIds) {
      clearDirty.run(folderId);
      const rows = folderTracks.all(folderId);
      const inputs: GroupingInput[] = rows.map((r) => ({
        trackId: r.id, folderPath: r.folder_path, album: r.tag_album, albumArtist: r.tag_album_artist,
        compilation: r.tag_compilation === 1, primaryArtist: r.primary_artist, mbAlbumId: r.mb_album_id,
      }));
      const previous = new Map(rows.map((r) => [r.id, r]));
      for (const a of groupFolder(inputs)) {
        const artistId = entities.artistId(a.albumArtist);
        let albumId = findAlbum.get(a.groupKey)?.id;
        if (albumId === undefined) {
          albumId = Number(insertAlbum.run(a.groupKey, a.title, artistId, a.isCompilation ? 1 : 0, a.mbAlbumId, now, now).lastInsertRowid);
        } else {
          updateAlbumHead.run(a.title, artistId, a.isCompilation ? 1 : 0, albumId);
        }
        const prev = previous.get(a.trackId);
        if (prev?.album_id != null) albumIds.add(prev.album_id);
        albumIds.add(albumId);
        setTrackAlbum.run(albumId, a.trackId);
        if (prev?.tag_album_artist === null || a.isCompilation) {
          clearAlbumArtistRoles.run(a.trackId);
          addAlbumArtistRole.run(a.trackId, artistId);
        }
      }
    }
    for (const id of albumIds) refreshAlbum.run(now, id);
  });

  const pruneStatements = [
    'DELETE FROM albums WHERE NOT EXISTS (SELECT 1 FROM tracks WHERE album_id = albums.id)',
    `DELETE FROM artists WHERE NOT EXISTS (SELECT 1 FROM track_artists WHERE artist_id = artists.id)
       AND NOT EXISTS (SELECT 1 FROM albums WHERE album_artist_id = artists.id)`,
    'DELETE FROM genres WHERE NOT EXISTS (SELECT 1 FROM track_genres WHERE genre_id = genres.id)',
  ].map((sql) => db.prepare(sql));
  const orphanCovers = db.prepare<[], { id: number; hash: string }>(`SELECT id, hash FROM covers c
    WHERE NOT EXISTS (SELECT 1 FROM tracks WHERE cover_id = c.id) AND NOT EXISTS (SELECT 1 FROM albums WHERE cover_id = c.id)`);
  const deleteCover = db.prepare('DELETE FROM covers WHERE id = ?');
  const emptyFolders = db.prepare<[], { id: number }>(`SELECT id FROM folders f WHERE is_root = 0
    AND NOT EXISTS (SELECT 1 FROM tracks WHERE folder_id = f.id)
    AND NOT EXISTS (SELECT 1 FROM folders c WHERE c.parent_id = f.id)`);
  const deleteFolder = db.prepare('DELETE FROM folders WHERE id = ?');

  const prune = db.transaction(() => {
    for (const s of pruneStatements) s.run();
    const hashes: string[] = [];
    for (const c of orphanCovers.all()) {
      deleteCover.run(c.id);
      hashes.push(c.hash);
    }
    // Folders empty after removals, leaves first, until none is left.
    for (let rows = emptyFolders.all(); rows.length > 0; rows = emptyFolders.all()) {
      for (const r of rows) deleteFolder.run(r.id);
    }
    entities.forget();
    return hashes;
  });

  return {
    regroup: (folderIds, now = Date.now()) => regroup(folderIds, now),
    regroupDirty: (now = Date.now()) => regroup(dirtyFolders.all(), now),
    prune: () => prune(),
  };
}
