// Lyrics per track (migration 0011): embedded ones written with the track, `.lrc` sidecars with the
// stamp of the file they were read from. Read back sidecar first, synced before unsynced.
import type { Lyrics } from '../contract/index.ts';
import type { Db } from './open.ts';
import { within, withinSql } from './pathRange.ts';

export interface SidecarStamp {
  trackId: number;
  path: string;
  size: number;
  mtimeMs: number;
  error: string | null;
}

export interface LyricsStore {
  get(trackId: number): Lyrics[];
  /** Replaces the lyrics of one source of a track. */
  replace(trackId: number, source: Lyrics['source'], lyrics: readonly Lyrics[]): void;
  /** Sidecars recorded for tracks whose sidecar path is inside `root`. */
  sidecars(root: string): SidecarStamp[];
  /** Records a sidecar as read (its lyrics, or why it could not be used) in one transaction. */
  setSidecar(stamp: SidecarStamp, lyrics: Lyrics | null): void;
  /** Forgets a track's sidecar and its lyrics. */
  dropSidecar(trackId: number): void;
}

interface Row {
  source: Lyrics['source'];
  synced: number;
  lang: string | null;
  offset_ms: number;
  lines: string;
}

export function createLyricsStore(db: Db): LyricsStore {
  const get = db.prepare<[number], Row>(`SELECT source, synced, lang, offset_ms, lines FROM track_lyrics WHERE track_id = ?
    ORDER BY source = 'embedded', synced DESC, position`);
  const clear = db.prepare('DELETE FROM track_lyrics WHERE track_id = ? AND source = ?');
  const insert = db.prepare('INSERT INTO track_lyrics (track_id, source, position, synced, lang, offset_ms, lines) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const sidecars = db.prepare<[string, string, string], { trackId: number; path: string; size: number; mtimeMs: number; error: string | null }>(
    `SELECT track_id AS trackId, path, size, mtime_ms AS mtimeMs, error FROM lyrics_sidecars WHERE ${withinSql}`);
  const putSidecar = db.prepare(`INSERT INTO lyrics_sidecars (track_id, path, size, mtime_ms, error) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT(track_id) DO UPDATE SET path = excluded.path, size = excluded.size, mtime_ms = excluded.mtime_ms, error = excluded.error`);
  const deleteSidecar = db.prepare('DELETE FROM lyrics_sidecars WHERE track_id = ?');
  const replace = (trackId: number, source: Lyrics['source'], list: readonly Lyrics[]): void => {
    clear.run(trackId, source);
    list.forEach((l, i) => insert.run(trackId, source, i, l.synced ? 1 : 0, l.lang, Math.trunc(l.offsetMs), JSON.stringify(l.lines)));
  };
  const setSidecar = db.transaction((s: SidecarStamp, lyrics: Lyrics | null) => {
    putSidecar.run(s.trackId, s.path, s.size, Math.trunc(s.mtimeMs), s.error);
    replace(s.trackId, 'sidecar', lyrics ? [lyrics] : []);
  });
  const dropSidecar = db.transaction((trackId: number) => {
    deleteSidecar.run(trackId);
    clear.run(trackId, 'sidecar');
  });
  return {
    get: (trackId) => get.all(trackId).map((r) => ({
      synced: r.synced === 1, lang: r.lang, offsetMs: r.offset_ms, lines: JSON.parse(r.lines) as Lyrics['lines'], source: r.source,
    })),
    replace,
    sidecars: (root) => sidecars.all(...within(root)),
    setSidecar: (stamp, lyrics) => setSidecar(stamp, lyrics),
    dropSidecar: (trackId) => dropSidecar(trackId),
  };
}
