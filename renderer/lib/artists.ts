// How artists read everywhere (player bar, tables, queue, search, Now Playing): the credited
// artists joined with one separator, or "Unknown Artist" when a file names none.
import type { Track } from '../../app/contract/index.ts';

export const UNKNOWN_ARTIST = 'Unknown Artist';
export const ARTIST_SEPARATOR = ', ';

/** "A, B" from the credits; the tag string when there are no credits; else "Unknown Artist". */
export function artistNames(track: Pick<Track, 'artists' | 'artist'>): string {
  if (track.artists.length) return track.artists.map((a) => a.name).join(ARTIST_SEPARATOR);
  return track.artist.trim() || UNKNOWN_ARTIST;
}

/** Whether the track's credits differ from its album artist (an album page then names them). */
export function differsFromAlbumArtist(track: Pick<Track, 'artists' | 'artist' | 'albumArtist'>): boolean {
  if (!track.albumArtist) return track.artists.length > 0;
  return artistNames(track).toLowerCase() !== track.albumArtist.toLowerCase();
}
