// Library cache: entities by id (tracks, album and artist details), genres, and the paged lists
// behind the Songs, Albums and Artists views.
import { create } from 'zustand';
import { useStore, type StoreApi } from 'zustand';
import type {
  Album, AlbumDetail, AlbumSort, ArtistDetail, Artist, Genre, Id, SortOrder, Track, TrackSort,
} from '../../app/contract/index.ts';
import { client } from '../api/client.ts';
import { useDetail, type DetailView } from '../lib/useDetail.ts';
import { createPagedList, type PagedListState } from './pagedList.ts';
import { prefsActions } from './prefs.ts';

interface LibraryState {
  /** Tracks by id; mutated in place, `version` bumps on change. */
  tracks: Map<Id, Track>;
  albums: Map<Id, AlbumDetail>;
  artists: Map<Id, ArtistDetail>;
  genres: Genre[] | null;
  version: number;
  /** Bumps after a scan or the demo library lands: views refetch. */
  generation: number;
  /** Ids asked for that the library no longer has (a queue entry whose file was removed). */
  gone: Set<Id>;
}

export const useLibrary = create<LibraryState>(() => ({
  tracks: new Map(),
  albums: new Map(),
  artists: new Map(),
  genres: null,
  version: 0,
  generation: 0,
  gone: new Set(),
}));

function putTracks(tracks: readonly Track[]): void {
  if (tracks.length === 0) return;
  const s = useLibrary.getState();
  for (const t of tracks) s.tracks.set(t.id, t);
  useLibrary.setState({ version: s.version + 1 });
}

export interface SongsQuery {
  sort: TrackSort;
  order: SortOrder;
  genreId?: Id;
}
export interface AlbumsQuery {
  sort: AlbumSort;
  order: SortOrder;
  genreId?: Id;
}

/** Favorites/ratings of a page of tracks: one batched lookup per page, not one per row or scroll. */
export const lookupTrackPrefs = (rows: readonly Track[]): void => prefsActions.ensure('track', rows.map((t) => t.id));

export const songsList = createPagedList<Track, SongsQuery>(
  { sort: 'artist', order: 'asc' },
  (q, offset, limit, signal) => client.tracks({ ...q, offset, limit }, { signal }),
  { onPage: lookupTrackPrefs },
);
export const albumsList = createPagedList<Album, AlbumsQuery>(
  { sort: 'artist', order: 'asc' },
  (q, offset, limit, signal) => client.albums({ ...q, offset, limit }, { signal }),
);
export const artistsList = createPagedList<Artist, Record<string, never>>({}, (_q, offset, limit, signal) =>
  client.artists({ offset, limit }, { signal }),
);

const pendingTracks = new Set<Id>();
/** The library generation each cached detail was fetched in (by `album:<id>`, `artist:<id>`): older ones are fetched again. */
const fetchedIn = new Map<string, number>();
const pendingDetails = new Map<string, Promise<unknown>>();

/** A detail from `cache`: cached, or fetched (once for concurrent asks) when not fetched in this library generation. */
function loadDetail<D>(key: string, cache: (s: LibraryState) => Map<Id, D>, id: Id, fetch: () => Promise<D>): Promise<D> {
  const cached = cache(useLibrary.getState()).get(id);
  if (cached && fetchedIn.get(key) === useLibrary.getState().generation) return Promise.resolve(cached);
  let p = pendingDetails.get(key) as Promise<D> | undefined;
  if (!p) {
    fetchedIn.set(key, useLibrary.getState().generation);
    p = fetch().then((detail) => {
      const st = useLibrary.getState();
      cache(st).set(id, detail);
      useLibrary.setState({ version: st.version + 1 });
      return detail;
    });
    p.catch(() => fetchedIn.delete(key)).finally(() => pendingDetails.delete(key));
    pendingDetails.set(key, p);
  }
  return p;
}

export const libraryActions = {
  putTracks,
  /** Fetches missing tracks by id, in batches (one request per 500). */
  async ensureTracks(ids: readonly Id[]): Promise<void> {
    const s = useLibrary.getState();
    const missing = [...new Set(ids)].filter((id) => !s.tracks.has(id) && !pendingTracks.has(id));
    if (missing.length === 0) return;
    for (const id of missing) pendingTracks.add(id);
    const batches: Id[][] = [];
    for (let i = 0; i < missing.length; i += 500) batches.push(missing.slice(i, i + 500));
    await Promise.all(
      batches.map(async (batch) => {
        try {
          const found = await client.tracksByIds(batch);
          putTracks(found);
          const got = new Set(found.map((t) => t.id));
          const gone = batch.filter((id) => !got.has(id));
          if (gone.length) {
            const st = useLibrary.getState();
            for (const id of gone) st.gone.add(id);
            useLibrary.setState({ version: st.version + 1 });
          }
        } catch {
          /* unreachable now: asked again when shown again */
        } finally {
          for (const id of batch) pendingTracks.delete(id);
        }
      }),
    );
  },
  /** An album's detail: cached, or fetched when not cached in this library generation. */
  loadAlbum: (id: Id): Promise<AlbumDetail> => loadDetail(`album:${id}`, (s) => s.albums, id, async () => {
    const album = await client.album(id);
    putTracks(album.tracks);
    return album;
  }),
  /** An artist's detail, the same way. */
  loadArtist: (id: Id): Promise<ArtistDetail> => loadDetail(`artist:${id}`, (s) => s.artists, id, () => client.artist(id)),
  async loadGenres(): Promise<void> {
    if (useLibrary.getState().genres) return;
    const genres = await client.genres();
    useLibrary.setState({ genres });
  },
  /** Forgets an album or artist that is gone (its page says so). */
  forget(kind: 'album' | 'artist', id: Id): void {
    const s = useLibrary.getState();
    (kind === 'album' ? s.albums : s.artists).delete(id);
    useLibrary.setState({ version: s.version + 1 });
  },
  /** Tracks of several albums in album order (to play an artist). */
  async albumTracks(albumIds: readonly Id[]): Promise<Track[]> {
    const albums = await Promise.all(albumIds.map((id) => libraryActions.loadAlbum(id)));
    return albums.flatMap((a) => a.tracks);
  },
  /**
   * The library changed on disk (a scan or a watched folder finished, demo loaded): views refetch
   * what they show (keeping the old data on screen until the new arrives); the rest is dropped.
   */
  invalidate(): void {
    const s = useLibrary.getState();
    s.gone.clear();
    useLibrary.setState({ genres: null, version: s.version + 1, generation: s.generation + 1 });
    songsList.reload();
    albumsList.reload();
    artistsList.reload();
  },
};

// Narrow selector hooks.
export const useTrack = (id: Id | undefined): Track | undefined =>
  useLibrary((s) => (id === undefined ? undefined : s.tracks.get(id)));
/**
 * An album's or artist's page: its detail, fetched again whenever the library changes (a scan, a
 * watched folder) while the page keeps showing it; when it is gone it is forgotten and the page says so.
 */
export function useLibraryDetail(kind: 'album', id: Id): DetailView<AlbumDetail>;
export function useLibraryDetail(kind: 'artist', id: Id): DetailView<ArtistDetail>;
export function useLibraryDetail(kind: 'album' | 'artist', id: Id): DetailView<AlbumDetail | ArtistDetail> {
  return useDetail<AlbumDetail | ArtistDetail>({
    id,
    item: useLibrary((s) => (kind === 'album' ? s.albums : s.artists).get(id)),
    load: kind === 'album' ? libraryActions.loadAlbum : libraryActions.loadArtist,
    notFound: `This ${kind} is no longer in your library.`,
    onNotFound: (gone) => libraryActions.forget(kind, gone),
    reloadKey: useLibraryGeneration(),
  });
}
export const useGenres = (): Genre[] | null => useLibrary((s) => s.genres);
export const useLibraryGeneration = (): number => useLibrary((s) => s.generation);

export function usePagedList<R>(list: { store: StoreApi<PagedListState> }, selector: (s: PagedListState) => R): R {
  return useStore(list.store, selector);
}
