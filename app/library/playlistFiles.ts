// Playlist import/export as M3U/M3U8. Import matches each entry by path first (absolute, or
// relative to `base`), then by tags (artist + title, and duration within ±3 s when both are known).
import crypto from 'node:crypto';
import path from 'node:path';
import type { Db } from '../catalog/index.ts';
import type { Id, M3uFormat, M3uPaths, M3uUnmatched, PlaylistImportResult } from '../contract/index.ts';
import { fold } from '../text/fold.ts';
import { invalid, notFound } from './errors.ts';
import { encodeM3u, formatM3u, parseM3u, type M3uItem } from './m3u.ts';
import type { PlaylistStore } from './playlists.ts';

export const durationToleranceMs = 3_000;

export interface PlaylistFiles {
  /** `bytes`: the file as uploaded, so that a path that is not valid UTF-8 matches by its exact bytes. */
  import(input: { text: string; bytes?: Buffer | undefined; name?: string | undefined; base?: string | undefined }): PlaylistImportResult;
  export(input: { id: Id; format: M3uFormat; paths: M3uPaths; base?: string | undefined }): { fileName: string; body: Buffer; contentType: string };
  /** Matches parsed entries to track ids (null = unmatched). */
  match(items: readonly M3uItem[], base: string | undefined): { trackId: number | null; by: 'path' | 'tags' | null }[];
}

export function createPlaylistFiles(options: { db: Db; playlists: PlaylistStore }): PlaylistFiles {
  const { db, playlists } = options;
  const byPath = db.prepare<[string], number>('SELECT id FROM tracks WHERE path = ?').pluck();
  const byTitle = db.prepare<[string], { id: number; artist: string; durationMs: number }>(
    'SELECT id, artist_display AS artist, duration_ms AS durationMs FROM tracks WHERE title = ? COLLATE NOCASE');
  const artistsOf = db.prepare<[number], string>(`SELECT a.name_key FROM track_artists ta JOIN artists a ON a.id = ta.artist_id
    WHERE ta.track_id = ? AND ta.role IN ('artist', 'albumartist')`).pluck();
  const paths = db.prepare<[string], { id: number; path: string }>('SELECT id, path FROM tracks WHERE id IN (SELECT value FROM json_each(?))');

  function matchPath(p: string, base: string | undefined): number | null {
    const candidates: string[] = [];
    if (path.isAbsolute(p)) candidates.push(path.normalize(p));
    else if (base) candidates.push(path.resolve(base, p));
    for (const c of candidates) {
      for (const form of new Set([c, c.normalize('NFC'), c.normalize('NFD')])) {
        const id = byPath.get(form);
        if (id !== undefined) return id;
      }
    }
    return null;
  }

  function matchTags(item: M3uItem): number | null {
    const title = item.title ?? path.basename(item.path).replace(/\.[^.]+$/, '').replace(/^\d+[\s.\-_]+/, '');
    if (!title) return null;
    const wantArtist = item.artist ? fold(item.artist) : null;
    let best: { id: number; diff: number } | null = null;
    for (const c of byTitle.all(title)) {
      if (wantArtist !== null && fold(c.artist) !== wantArtist && !artistsOf.all(c.id).includes(wantArtist)) continue;
      const diff = item.durationMs !== null && c.durationMs > 0 ? Math.abs(c.durationMs - item.durationMs) : 0;
      if (diff > durationToleranceMs) continue;
      if (!best || diff < best.diff) best = { id: c.id, diff };
    }
    // Without an artist, only an unambiguous title match (by duration) is accepted.
    return best?.id ?? null;
  }

  const files: PlaylistFiles = {
    match(items, base) {
      return items.map((it) => {
        const p = (it.key !== undefined ? matchPath(it.key, base) : null) ?? matchPath(it.path, base);
        if (p !== null) return { trackId: p, by: 'path' as const };
        const t = matchTags(it);
        return t !== null ? { trackId: t, by: 'tags' as const } : { trackId: null, by: null };
      });
    },
    import(input) {
      if (input.base !== undefined && !path.isAbsolute(input.base)) throw invalid('base', 'must be an absolute folder path');
      const items = parseM3u(input.text, input.bytes);
      const matches = files.match(items, input.base);
      const trackIds = matches.flatMap((m) => (m.trackId === null ? [] : [m.trackId]));
      const unmatched: M3uUnmatched[] = items.flatMap((it, i) => (matches[i]?.trackId == null
        ? [{ line: it.line, path: it.path, artist: it.artist, title: it.title, durationMs: it.durationMs }] : []));
      const created = playlists.create({ name: input.name?.trim() || `Imported ${new Date().toISOString().slice(0, 10)}` });
      const result = trackIds.length > 0 ? playlists.add(created.id, { key: crypto.randomUUID(), trackIds }).playlist : created;
      return {
        playlist: result, entries: items.length, unmatched,
        matchedByPath: matches.filter((m) => m.by === 'path').length,
        matchedByTags: matches.filter((m) => m.by === 'tags').length,
      };
    },
    export(input) {
      const p = playlists.get(input.id);
      if (!p) throw notFound(`playlist ${input.id} not found`);
      if (input.paths === 'relative' && (!input.base || !path.isAbsolute(input.base))) throw invalid('base', 'relative paths need an absolute base folder');
      const ids = p.entries.map((e) => e.track.id);
      const pathById = new Map(paths.all(JSON.stringify([...new Set(ids)])).map((r) => [r.id, r.path]));
      const text = formatM3u(p.entries.map((e) => {
        const abs = pathById.get(e.track.id) ?? '';
        const out = input.paths === 'relative' && input.base ? path.relative(input.base, abs).split(path.sep).join('/') : abs;
        return { path: out, artist: e.track.artist, title: e.track.title, durationMs: e.track.durationMs };
      }));
      const safe = p.name.replace(/[/\\:*?"<>|\u0000-\u001f]+/g, '_').trim() || 'playlist';
      return {
        fileName: `${safe}.${input.format}`,
        body: encodeM3u(text, input.format),
        contentType: input.format === 'm3u8' ? 'application/vnd.apple.mpegurl; charset=utf-8' : 'audio/x-mpegurl',
      };
    },
  };
  return files;
}
