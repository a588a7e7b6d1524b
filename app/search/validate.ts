// A loaded index file is trusted only when its arrays fit together: every offset list rises to the
// end of its items, every term id names a term, every slot an entity. A damaged file is rebuilt.
import type { FieldTerms, IndexData, Links } from './data.ts';

export function validIndexData(d: IndexData): boolean {
  const terms = d.terms.length;
  for (let i = 1; i < terms; i++) if (!((d.terms[i - 1] as string) < (d.terms[i] as string))) return false;
  const tracks = d.tracks.ids.length;
  const albums = d.albums.ids.length;
  const artists = d.artists.ids.length;
  const genres = d.genres.ids.length;
  return field(d.tracks.title, tracks, terms) && field(d.albums.title, albums, terms)
    && field(d.artists.name, artists, terms) && field(d.genres.name, genres, terms)
    && slots(d.tracks.album, tracks, albums) && slots(d.albums.artist, albums, artists)
    && links(d.tracks.artists, tracks, artists) && links(d.tracks.genres, tracks, genres);
}

function field(f: FieldTerms, count: number, terms: number): boolean {
  return f.words.length === count && links({ start: f.start, items: f.terms }, count, terms);
}

function links(l: Links, count: number, targets: number): boolean {
  if (l.start.length !== count + 1 || l.start[0] !== 0 || l.start[count] !== l.items.length) return false;
  for (let i = 0; i < count; i++) if ((l.start[i] as number) > (l.start[i + 1] as number)) return false;
  for (const t of l.items) if (t >= targets) return false;
  return true;
}

function slots(of: Int32Array, count: number, targets: number): boolean {
  if (of.length !== count) return false;
  for (const s of of) if (s < -1 || s >= targets) return false;
  return true;
}
