// IndexData from the catalog: every row at first, and after a scan only the tracks it changed
// (re-read and re-tokenized) while the others keep their terms — albums, artists and genres are
// few and simply read again. Either way the terms end up sorted and ids re-ranked, so there is one
// kind of index, whatever its history.
import type { SearchSourceQueries, TrackSourceRow } from '../catalog/queries/index.ts';
import { FieldBuilder, LinksBuilder, TermInterner, slotsById, type IndexData, type Links } from './data.ts';
import { valueTerms } from './terms.ts';

export interface IndexChange {
  changedTrackIds: readonly number[];
  removedTrackIds: readonly number[];
}

/** The whole index from the catalog. */
export function assemble(source: SearchSourceQueries): IndexData {
  return assembleWith(source, undefined, []);
}

/** `old` with a scan's changes applied; `old` itself is left as it was. */
export function reassemble(source: SearchSourceQueries, old: IndexData, change: IndexChange): IndexData {
  const changed = [...new Set(change.changedTrackIds)].sort((a, b) => a - b);
  return assembleWith(source, { data: old, changed: new Set(changed), removed: new Set(change.removedTrackIds) }, changed);
}

interface Previous {
  data: IndexData;
  changed: ReadonlySet<number>;
  removed: ReadonlySet<number>;
}

function assembleWith(source: SearchSourceQueries, previous: Previous | undefined, changed: readonly number[]): IndexData {
  const interner = new TermInterner(previous?.data.terms);
  const named = (rows: Array<[number, string]>, isName: boolean) => {
    const field = new FieldBuilder();
    const ids = new Float64Array(rows.length);
    rows.forEach(([id, text], i) => {
      ids[i] = id;
      const v = valueTerms(text, isName);
      field.add(v.terms.map((t) => interner.intern(t)), v.words);
    });
    return { ids, field };
  };
  const artistRows = source.artists();
  const artists = named(artistRows, true);
  const genres = named(source.genres(), false);
  const albumRows = source.albums();
  const albums = named(albumRows.map(([id, title]) => [id, title]), false);
  const artistSlot = slotsById(artists.ids);
  const genreSlot = slotsById(genres.ids);
  const albumSlot = slotsById(albums.ids);
  const albumArtist = Int32Array.from(albumRows, ([, , artistId]) => artistSlot.get(artistId) ?? -1);

  const title = new FieldBuilder();
  const trackIds: number[] = [];
  const trackAlbum: number[] = [];
  const trackArtists = new LinksBuilder();
  const trackGenres = new LinksBuilder();
  const addTrack = (id: number, terms: Iterable<number>, words: number, album: number, artistSlots: Iterable<number>, genreSlots: Iterable<number>) => {
    trackIds.push(id);
    title.add(terms, words);
    trackAlbum.push(album);
    trackArtists.add(artistSlots);
    trackGenres.add(genreSlots);
  };
  const fresh = (rows: Iterable<TrackSourceRow>) => {
    for (const [id, text, albumId, artistIds, genreIds] of rows) {
      const v = valueTerms(text, false);
      addTrack(id, v.terms.map((t) => interner.intern(t)), v.words, albumId === null ? -1 : (albumSlot.get(albumId) ?? -1),
        slotList(artistIds, artistSlot), slotList(genreIds, genreSlot));
    }
  };

  if (!previous) {
    fresh(source.tracks());
  } else {
    // Unchanged tracks keep their terms (ids carried over) and links (slots remapped by id).
    const old = previous.data;
    const remap = (oldIds: Float64Array, slots: Map<number, number>) => Int32Array.from(oldIds, (id) => slots.get(id) ?? -1);
    const albumNow = remap(old.albums.ids, albumSlot);
    const artistNow = remap(old.artists.ids, artistSlot);
    const genreNow = remap(old.genres.ids, genreSlot);
    const t = old.tracks;
    // Scratch lists, reused for every track (100,000 tracks: no arrays per track).
    const terms: number[] = [];
    const artistSlots: number[] = [];
    const genreSlots: number[] = [];
    for (let slot = 0; slot < t.ids.length; slot++) {
      const id = t.ids[slot] as number;
      if (previous.changed.has(id) || previous.removed.has(id)) continue;
      terms.length = 0;
      for (let i = t.title.start[slot] as number; i < (t.title.start[slot + 1] as number); i++) terms.push(interner.carry(t.title.terms[i] as number));
      const oldAlbum = t.album[slot] as number;
      addTrack(id, terms, t.title.words[slot] ?? 0, oldAlbum < 0 ? -1 : (albumNow[oldAlbum] ?? -1),
        linked(t.artists, slot, artistNow, artistSlots), linked(t.genres, slot, genreNow, genreSlots));
    }
    for (let i = 0; i < changed.length; i += 5000) {
      const ids = changed.slice(i, i + 5000);
      fresh(source.tracksByIds(ids));
    }
  }

  const { terms, rank } = interner.finish();
  return {
    terms,
    tracks: { ids: Float64Array.from(trackIds), title: title.build(rank), album: Int32Array.from(trackAlbum), artists: trackArtists.build(), genres: trackGenres.build() },
    albums: { ids: albums.ids, title: albums.field.build(rank), artist: albumArtist },
    artists: { ids: artists.ids, name: artists.field.build(rank) },
    genres: { ids: genres.ids, name: genres.field.build(rank) },
  };
}

/** Slots of the ids in a list like "3,17" (unknown ids and repeats left out). */
function slotList(ids: string | null, slots: Map<number, number>): number[] {
  if (ids === null) return [];
  const out: number[] = [];
  for (const id of ids.split(',')) {
    const slot = slots.get(Number(id));
    if (slot !== undefined && !out.includes(slot)) out.push(slot);
  }
  return out;
}

function linked(links: Links, slot: number, now: Int32Array, out: number[]): number[] {
  out.length = 0;
  for (let i = links.start[slot] as number; i < (links.start[slot + 1] as number); i++) {
    const s = now[links.items[i] as number] ?? -1;
    if (s >= 0) out.push(s);
  }
  return out;
}
