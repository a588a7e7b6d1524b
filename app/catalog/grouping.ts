// Album grouping: a pure function from a folder's tracks (their raw tags) to album assignments.
import { fold } from '../text/fold.ts';
import { albumFromFolders } from '../text/fileName.ts';
import { displayPath } from '../text/fsPath.ts';

export const VARIOUS_ARTISTS = 'Various Artists';
export const UNKNOWN_ARTIST = 'Unknown Artist';

export interface GroupingInput {
  trackId: number;
  folderPath: string;
  album: string | null;
  albumArtist: string | null;
  compilation: boolean;
  /** First credited track artist, or null when the file has no artist tag. */
  primaryArtist: string | null;
  mbAlbumId: string | null;
}

export interface AlbumAssignment {
  trackId: number;
  groupKey: string;
  title: string;
  albumArtist: string;
  isCompilation: boolean;
  mbAlbumId: string | null;
}

/**
 * Groups one folder's tracks into albums.
 * - album artist + album title (+ MusicBrainz album id) identify an album;
 * - the compilation flag, or several track artists under one album title in one folder with no
 *   album-artist tag, make a "Various Artists" compilation;
 * - untagged files take the folder's name as album and "Unknown Artist".
 */
export function groupFolder(tracks: readonly GroupingInput[]): AlbumAssignment[] {
  const byTitle = new Map<string, GroupingInput[]>();
  for (const t of tracks) {
    const key = t.album === null ? `\u0000${t.folderPath}` : fold(t.album);
    const list = byTitle.get(key) ?? [];
    list.push(t);
    byTitle.set(key, list);
  }
  const out: AlbumAssignment[] = [];
  for (const group of byTitle.values()) {
    const withoutAlbumArtist = group.filter((t) => t.albumArtist === null && !t.compilation);
    // Tracks without an album artist join the album their folder-mates name, when they all name one.
    const named = new Map<string, { name: string; compilation: boolean }>();
    for (const t of group) {
      if (t.compilation) named.set(fold(VARIOUS_ARTISTS), { name: VARIOUS_ARTISTS, compilation: true });
      else if (t.albumArtist !== null) named.set(fold(t.albumArtist), { name: t.albumArtist, compilation: fold(t.albumArtist) === fold(VARIOUS_ARTISTS) });
    }
    const impliedArtist = named.size === 1 ? [...named.values()][0] ?? impliedAlbumArtist(withoutAlbumArtist) : impliedAlbumArtist(withoutAlbumArtist);
    for (const t of group) {
      const untagged = t.album === null;
      // Untagged: the folder's name without release noise ("Lost Tapes (2019) [MP3]" → "Lost Tapes"; "CD2" → its parent).
      const title = t.album ?? (albumFromFolders(displayPath(t.folderPath)) ?? 'Unknown Album');
      let albumArtist: string;
      let isCompilation = false;
      if (t.compilation) {
        albumArtist = VARIOUS_ARTISTS;
        isCompilation = true;
      } else if (t.albumArtist !== null) {
        albumArtist = t.albumArtist;
        isCompilation = fold(albumArtist) === fold(VARIOUS_ARTISTS);
      } else {
        albumArtist = impliedArtist.name;
        isCompilation = impliedArtist.compilation;
      }
      const mb = t.mbAlbumId ?? '';
      const groupKey = [fold(albumArtist), fold(title), mb, untagged ? t.folderPath : ''].join('\u0001');
      out.push({ trackId: t.trackId, groupKey, title, albumArtist, isCompilation, mbAlbumId: t.mbAlbumId });
    }
  }
  return out;
}

function impliedAlbumArtist(tracks: readonly GroupingInput[]): { name: string; compilation: boolean } {
  const counts = new Map<string, { name: string; n: number }>();
  for (const t of tracks) {
    if (t.primaryArtist === null) continue;
    const k = fold(t.primaryArtist);
    const c = counts.get(k) ?? { name: t.primaryArtist, n: 0 };
    c.n += 1;
    counts.set(k, c);
  }
  if (counts.size === 0) return { name: UNKNOWN_ARTIST, compilation: false };
  const distinct = counts.size;
  if (distinct >= 3 || (tracks.length >= 2 && distinct === tracks.length && distinct >= 2)) {
    return { name: VARIOUS_ARTISTS, compilation: true };
  }
  const top = [...counts.values()].sort((a, b) => b.n - a.n)[0];
  return { name: top?.name ?? UNKNOWN_ARTIST, compilation: false };
}
