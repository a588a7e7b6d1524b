// Lyrics per track (migration 0012): embedded ones written with the track, `.lrc` sidecars with the
// stamp of the file they were read from. Read back sidecar first, synced before unsynced. A digest
// of each track's lyrics (migration 0013, desktop catalogs only) is dropped whenever they change and
// computed again on demand (`digests`), for the sync client's revisions.
import { createHash } from 'node:crypto';
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
  /**
   * The digest of each of these tracks' lyrics as stored (tracks without lyrics are left out),
   * computed and kept for those that lack one, in one transaction with the rows it hashes.
   */
  digests(trackIds: readonly number[]): Map<number, LyricsDigest>;
}

export interface LyricsDigest {
  /** SHA-256 (hex, 32) of the track's lyrics rows in reading order. */
  digest: string;
  /** Their length in characters. */
  chars: number;
}

/** A track's lyrics rows in reading order as one text (what a digest hashes). */
const rowsText = /* sql */ `SELECT group_concat(source || char(31) || synced || char(31) || coalesce(lang, '') || char(31) || offset_ms
  || char(31) || lines, char(30) ORDER BY source = 'embedded', synced DESC, position) FROM track_lyrics WHERE track_id = ?`;

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
  // A desktop catalog keeps digests (migration 0013); the sync server's mirror does not.
  const hasDigests = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_lyrics_digests'").get() !== undefined;
  const dropDigest = hasDigests ? db.prepare('DELETE FROM sync_lyrics_digests WHERE track_id = ?') : null;
  const replace = (trackId: number, source: Lyrics['source'], list: readonly Lyrics[]): void => {
    dropDigest?.run(trackId);
    clear.run(trackId, source);
    list.forEach((l, i) => insert.run(trackId, source, i, l.synced ? 1 : 0, l.lang, Math.trunc(l.offsetMs), JSON.stringify(l.lines)));
  };
  const setSidecar = db.transaction((s: SidecarStamp, lyrics: Lyrics | null) => {
    putSidecar.run(s.trackId, s.path, s.size, Math.trunc(s.mtimeMs), s.error);
    replace(s.trackId, 'sidecar', lyrics ? [lyrics] : []);
  });
  const dropSidecar = db.transaction((trackId: number) => {
    deleteSidecar.run(trackId);
    dropDigest?.run(trackId);
    clear.run(trackId, 'sidecar');
  });
  const digests = hasDigests ? createDigests(db) : null;
  return {
    get: (trackId) => get.all(trackId).map((r) => ({
      synced: r.synced === 1, lang: r.lang, offsetMs: r.offset_ms, lines: JSON.parse(r.lines) as Lyrics['lines'], source: r.source,
    })),
    replace,
    sidecars: (root) => sidecars.all(...within(root)),
    setSidecar: (stamp, lyrics) => setSidecar(stamp, lyrics),
    dropSidecar: (trackId) => dropSidecar(trackId),
    digests: (trackIds) => {
      if (!digests) throw new Error('this database keeps no lyrics digests');
      return digests(trackIds);
    },
  };
}

function createDigests(db: Db): (trackIds: readonly number[]) => Map<number, LyricsDigest> {
  const stored = db.prepare<[number], LyricsDigest>('SELECT digest, chars FROM sync_lyrics_digests WHERE track_id = ?');
  const text = db.prepare<[number], string | null>(rowsText).pluck();
  const put = db.prepare('INSERT INTO sync_lyrics_digests (track_id, digest, chars) VALUES (?, ?, ?) ON CONFLICT(track_id) DO UPDATE SET digest = excluded.digest, chars = excluded.chars');
  // IMMEDIATE: no write can slip in between reading the rows and keeping their digest.
  const run = db.transaction((ids: readonly number[]) => {
    const out = new Map<number, LyricsDigest>();
    for (const id of ids) {
      const known = stored.get(id);
      if (known) {
        out.set(id, known);
        continue;
      }
      const t = text.get(id);
      if (t === null || t === undefined) continue;
      const d = { digest: createHash('sha256').update(t).digest('hex').slice(0, 32), chars: t.length };
      put.run(id, d.digest, d.chars);
      out.set(id, d);
    }
    return out;
  });
  return (ids) => run.immediate(ids);
}
