// A canonical dump of a catalog: everything a user can see, without row ids and timestamps, in a
// stable order. Two catalogs with equal dumps hold the same library (crash-consistency tests).
import type { Db } from '../open.ts';

export interface CatalogDump {
  tracks: unknown[];
  albums: unknown[];
  artists: unknown[];
  genres: unknown[];
  folders: unknown[];
  covers: unknown[];
  scanErrors: unknown[];
  dirtyFolders: number;
  /** Every table, index and trigger with its SQL (a bulk load's deferred indexes must be back). */
  schema: unknown[];
}

export function dumpCatalog(db: Db): CatalogDump {
  const all = (sql: string) => db.prepare(sql).all();
  return {
    tracks: all(`SELECT t.path, f.path AS folder, t.size, t.mtime_ms, t.fingerprint, t.container, t.codec, t.lossless,
        t.bitrate, t.sample_rate, t.bit_depth, t.channels, t.duration_ms, t.duration_estimated, t.title, t.track_no,
        t.track_total, t.disc_no, t.disc_total, t.year, t.date, t.rg_track_gain, t.rg_track_peak, t.rg_album_gain,
        t.rg_album_peak, t.mb_track_id, t.mb_recording_id, t.mb_album_id, t.mb_artist_id, t.mb_album_artist_id,
        t.tag_album, t.tag_album_artist, t.tag_compilation, t.artist_display,
        al.group_key AS album, c.hash AS cover,
        (SELECT group_concat(x, ' | ') FROM (SELECT ta.role || ':' || ta.position || ':' || a.name AS x
           FROM track_artists ta JOIN artists a ON a.id = ta.artist_id WHERE ta.track_id = t.id ORDER BY x)) AS artists,
        (SELECT group_concat(x, ' | ') FROM (SELECT g.name AS x FROM track_genres tg JOIN genres g ON g.id = tg.genre_id
           WHERE tg.track_id = t.id ORDER BY x)) AS genres
      FROM tracks t JOIN folders f ON f.id = t.folder_id LEFT JOIN albums al ON al.id = t.album_id
      LEFT JOIN covers c ON c.id = t.cover_id ORDER BY t.path`),
    albums: all(`SELECT al.group_key, al.title, ar.name AS artist, al.is_compilation, al.mb_album_id, al.year,
        c.hash AS cover, al.track_count, al.duration_ms
      FROM albums al JOIN artists ar ON ar.id = al.album_artist_id LEFT JOIN covers c ON c.id = al.cover_id ORDER BY al.group_key`),
    artists: all('SELECT name, name_key, sort_name, mbid FROM artists ORDER BY name_key'),
    genres: all('SELECT name, name_key FROM genres ORDER BY name_key'),
    folders: all(`SELECT f.path, p.path AS parent, f.is_root, f.image_path, f.image_size, f.image_mtime_ms, f.image_hash
      FROM folders f LEFT JOIN folders p ON p.id = f.parent_id ORDER BY f.path`),
    covers: all('SELECT hash, mime, width, height, bytes, source FROM covers ORDER BY hash'),
    scanErrors: all('SELECT path, reason, size, mtime_ms FROM scan_errors ORDER BY path'),
    dirtyFolders: (db.prepare('SELECT count(*) AS n FROM dirty_folders').get() as { n: number }).n,
    schema: all("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"),
  };
}
