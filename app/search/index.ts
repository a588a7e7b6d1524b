// Full-text search over the catalog (MiniSearch): tracks, albums and artists, typo- and
// diacritic-tolerant, persisted next to the database and updated incrementally after scans.
import fs from 'node:fs';
import MiniSearch, { type AsPlainObject } from 'minisearch';
import type { SearchDocumentQueries, TrackDocument, AlbumDocument, ArtistDocument } from '../catalog/queries/index.ts';
import { indexFormat, indexOptions } from './options.ts';
import { createVocabulary, type Vocabulary } from './vocabulary.ts';
import { planQuery } from './terms.ts';
import { queryTree, ranked } from './query.ts';

export interface SearchIndexOptions {
  documents: SearchDocumentQueries;
  /** Where the index is persisted (e.g. `<db>.search.json`); omitted: memory only. */
  file?: string | undefined;
  /**
   * Re-ranking hook: a factor per track (1 = neutral), e.g. from play counts. Listening history
   * does not exist yet, so nothing passes this today; it is here so ranking can use it later.
   */
  boost?: ((trackId: number) => number) | undefined;
}

export type SearchGroup = 'tracks' | 'albums' | 'artists';

export interface SearchHits {
  tracks: number[];
  albums: number[];
  artists: number[];
  /** Matches per group, all of them (the ids above are one page). */
  totals: Record<SearchGroup, number>;
}

export interface SearchPage {
  /** Skip this many hits of each group (default 0). */
  offset?: number;
  /** Only this group (the others come back empty, with their totals). */
  group?: SearchGroup;
}

export interface IndexChange {
  changedTrackIds: readonly number[];
  removedTrackIds: readonly number[];
}

export interface SearchIndex {
  /** Ids per group, best first, at most `limit` each from `page.offset`; totals of all matches. */
  search(query: string, limit: number, page?: SearchPage): SearchHits;
  /** Applies a scan's changes (tracks re-read from the catalog; albums and artists re-synced). */
  update(change: IndexChange): void;
  /** Rebuilds everything from the catalog. */
  rebuild(): void;
  /** Writes the index to `file` with the catalog's current stamp (no-op without a file). */
  save(): void;
  /** How this index came to be: loaded from `file`, or built from the catalog. */
  readonly origin: 'loaded' | 'built';
  counts(): { tracks: number; albums: number; artists: number };
}

interface Persisted {
  format: number;
  stamp: string;
  tracks: AsPlainObject;
  albums: AsPlainObject;
  artists: AsPlainObject;
  albumIds: number[];
  artistIds: number[];
  vocabulary: string[];
}

interface Parts {
  tracks: MiniSearch<TrackDocument>;
  albums: MiniSearch<AlbumDocument>;
  artists: MiniSearch<ArtistDocument>;
  albumIds: Set<number>;
  artistIds: Set<number>;
  vocabulary: Vocabulary;
}

/** Loads the persisted index when it matches the catalog, else builds it (and persists it). */
export function openSearchIndex(options: SearchIndexOptions): SearchIndex {
  const { documents, file } = options;
  let origin: 'loaded' | 'built' = 'built';
  let parts = file ? load(file, documents.stamp()) : undefined;
  if (parts) origin = 'loaded';
  else parts = build(documents);
  let current: Parts = parts;
  current.vocabulary.hasPrefix(''); // sorts it now: the first search is as fast as the next ones

  const index: SearchIndex = {
    get origin() { return origin; },
    search(query, limit, page = {}) {
      const plan = planQuery(query);
      const tree = queryTree(plan, current.vocabulary);
      const empty = { tracks: [], albums: [], artists: [], totals: { tracks: 0, albums: 0, artists: 0 } };
      if (tree === null) return empty;
      const offset = page.offset ?? 0;
      const run = (group: SearchGroup, index: MiniSearch<never>, boost?: (id: number) => number) => {
        const all = ranked(index, index.search(tree), plan, boost);
        return { ids: page.group === undefined || page.group === group ? all.slice(offset, offset + limit) : [], total: all.length };
      };
      const tracks = run('tracks', current.tracks as MiniSearch<never>, options.boost);
      const albums = run('albums', current.albums as MiniSearch<never>);
      const artists = run('artists', current.artists as MiniSearch<never>);
      return { tracks: tracks.ids, albums: albums.ids, artists: artists.ids, totals: { tracks: tracks.total, albums: albums.total, artists: artists.total } };
    },
    update(change) {
      const { tracks } = current;
      for (const id of change.removedTrackIds) if (tracks.has(id)) tracks.discard(id);
      const albumsTouched = new Set<number>();
      for (let i = 0; i < change.changedTrackIds.length; i += 5000) {
        for (const doc of documents.tracksByIds(change.changedTrackIds.slice(i, i + 5000))) {
          if (tracks.has(doc.id)) tracks.replace(doc);
          else tracks.add(doc);
          if (doc.albumId !== null) albumsTouched.add(doc.albumId);
        }
      }
      syncAlbums(current, documents.albums(), albumsTouched);
      syncArtists(current, documents.artists());
    },
    rebuild() {
      current = build(documents);
      current.vocabulary.hasPrefix('');
      origin = 'built';
    },
    save() {
      if (!file) return;
      const data: Persisted = {
        format: indexFormat, stamp: documents.stamp(),
        tracks: current.tracks.toJSON(), albums: current.albums.toJSON(), artists: current.artists.toJSON(),
        albumIds: [...current.albumIds], artistIds: [...current.artistIds], vocabulary: current.vocabulary.terms(),
      };
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(data));
      fs.renameSync(tmp, file);
    },
    counts: () => ({ tracks: current.tracks.documentCount, albums: current.albums.documentCount, artists: current.artists.documentCount }),
  };
  if (file && origin === 'built') trySave(index);
  return index;
}

function build(documents: SearchDocumentQueries): Parts {
  const vocabulary = createVocabulary();
  const options = indexOptions(vocabulary);
  const tracks = new MiniSearch<TrackDocument>(options.tracks);
  const batch: TrackDocument[] = [];
  for (const doc of documents.tracks()) {
    batch.push(doc);
    if (batch.length === 10000) tracks.addAll(batch.splice(0));
  }
  tracks.addAll(batch);
  const albumDocs = documents.albums();
  const albums = new MiniSearch<AlbumDocument>(options.albums);
  albums.addAll(albumDocs);
  const artistDocs = documents.artists();
  const artists = new MiniSearch<ArtistDocument>(options.artists);
  artists.addAll(artistDocs);
  return { tracks, albums, artists, albumIds: new Set(albumDocs.map((a) => a.id)), artistIds: new Set(artistDocs.map((a) => a.id)), vocabulary };
}

function load(file: string, stamp: string): Parts | undefined {
  let data: Persisted;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8')) as Persisted;
  } catch {
    return undefined; // missing or unreadable: build instead
  }
  if (data.format !== indexFormat || data.stamp !== stamp) return undefined;
  try {
    const vocabulary = createVocabulary(data.vocabulary);
    const options = indexOptions(vocabulary);
    return {
      tracks: MiniSearch.loadJS<TrackDocument>(data.tracks, options.tracks),
      albums: MiniSearch.loadJS<AlbumDocument>(data.albums, options.albums),
      artists: MiniSearch.loadJS<ArtistDocument>(data.artists, options.artists),
      albumIds: new Set(data.albumIds),
      artistIds: new Set(data.artistIds),
      vocabulary,
    };
  } catch {
    return undefined;
  }
}

function trySave(index: SearchIndex): void {
  try {
    index.save();
  } catch {
    // A cache: failing to write it only costs a rebuild next time.
  }
}

function syncAlbums(parts: Parts, all: AlbumDocument[], touched: Set<number>): void {
  const present = new Set<number>();
  for (const doc of all) {
    present.add(doc.id);
    if (!parts.albumIds.has(doc.id)) {
      parts.albums.add(doc);
      parts.albumIds.add(doc.id);
    } else if (touched.has(doc.id)) {
      parts.albums.replace(doc);
    }
  }
  for (const id of parts.albumIds) {
    if (!present.has(id)) {
      parts.albums.discard(id);
      parts.albumIds.delete(id);
    }
  }
}

function syncArtists(parts: Parts, all: ArtistDocument[]): void {
  const present = new Set<number>();
  for (const doc of all) {
    present.add(doc.id);
    if (!parts.artistIds.has(doc.id)) {
      parts.artists.add(doc);
      parts.artistIds.add(doc.id);
    }
  }
  for (const id of parts.artistIds) {
    if (!present.has(id)) {
      parts.artists.discard(id);
      parts.artistIds.delete(id);
    }
  }
}

