// Library cache: entities by id (tracks, album and artist details), genres, and the paged lists
// behind the Songs, Albums and Artists views.
import { create } from 'zustand';
import { useStore, type StoreApi } from 'zustand';
import type {
  Album, AlbumDetail, AlbumSort, ArtistDetail, Artist, Genre, Id, SortOrder, Track, TrackSort,
} from '../../app/contract/index.ts';
import { client } from '../api/client.ts';
import { createPagedList, type PagedListState } from './pagedList.ts';

interface LibraryState {
  /** Tracks by id; mutated in place, `version` bumps on change. */
  tracks: Map<Id, Track>;
  albums: Map<Id, AlbumDetail>;
  artists: Map<Id, ArtistDetail>;
  genres: Genre[] | null;
  version: number;
  /** Bumps after a scan or the demo library lands: views refetch. */
  generation: number;
}

export const useLibrary = create<LibraryState>(() => ({
  tracks: new Map(),
  albums: new Map(),
  artists: new Map(),
  genres: null,
  version: 0,
  generation: 0,
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

export const songsList = createPagedList<Track, SongsQuery>(
  { sort: 'artist', order: 'asc' },
  (q, offset, limit, signal) => client.tracks({ ...q, offset, limit }, { signal }),
  putTracks,
);
export const albumsList = createPagedList<Album, AlbumsQuery>(
  { sort: 'artist', order: 'asc' },
  (q, offset, limit, signal) => client.albums({ ...q, offset, limit }, { signal }),
);
export const artistsList = createPagedList<Artist, Record<string, never>>({}, (_q, offset, limit) =>
  client.artists({ offset, limit }),
);

const pendingTracks = new Set<Id>();
const pendingAlbums = new Map<Id, Promise<AlbumDetail>>();
const pendingArtists = new Map<Id, Promise<ArtistDetail>>();

export const libraryActions = {
  putTracks,
  /** Fetches missing tracks by id (a few at a time). */
  async ensureTracks(ids: readonly Id[]): Promise<void> {
    const s = useLibrary.getState();
    const missing = [...new Set(ids)].filter((id) => !s.tracks.has(id) && !pendingTracks.has(id));
    for (const id of missing) pendingTracks.add(id);
    const queue = missing.slice();
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        try {
          putTracks([await client.track(id)]);
        } catch {
          /* gone from the library: the queue shows it as unavailable */
        } finally {
          pendingTracks.delete(id);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(6, queue.length) }, worker));
  },
  async loadAlbum(id: Id): Promise<AlbumDetail> {
    const cached = useLibrary.getState().albums.get(id);
    if (cached) return cached;
    let p = pendingAlbums.get(id);
    if (!p) {
      p = client.album(id).then((album) => {
        putTracks(album.tracks);
        const st = useLibrary.getState();
        st.albums.set(id, album);
        useLibrary.setState({ version: st.version + 1 });
        return album;
      });
      p.finally(() => pendingAlbums.delete(id)).catch(() => {});
      pendingAlbums.set(id, p);
    }
    return p;
  },
  async loadArtist(id: Id): Promise<ArtistDetail> {
    const cached = useLibrary.getState().artists.get(id);
    if (cached) return cached;
    let p = pendingArtists.get(id);
    if (!p) {
      p = client.artist(id).then((artist) => {
        const st = useLibrary.getState();
        st.artists.set(id, artist);
        useLibrary.setState({ version: st.version + 1 });
        return artist;
      });
      p.finally(() => pendingArtists.delete(id)).catch(() => {});
      pendingArtists.set(id, p);
    }
    return p;
  },
  async loadGenres(): Promise<void> {
    if (useLibrary.getState().genres) return;
    const genres = await client.genres();
    useLibrary.setState({ genres });
  },
  /** Tracks of several albums in album order (to play an artist). */
  async albumTracks(albumIds: readonly Id[]): Promise<Track[]> {
    const albums = await Promise.all(albumIds.map((id) => libraryActions.loadAlbum(id)));
    return albums.flatMap((a) => a.tracks);
  },
  /** The library changed on disk (scan finished, demo loaded): drop caches and refetch. */
  invalidate(): void {
    const s = useLibrary.getState();
    s.albums.clear();
    s.artists.clear();
    useLibrary.setState({ genres: null, version: s.version + 1, generation: s.generation + 1 });
    songsList.reload();
    albumsList.reload();
    artistsList.reload();
  },
};

// Narrow selector hooks.
export const useTrack = (id: Id | undefined): Track | undefined =>
  useLibrary((s) => (id === undefined ? undefined : s.tracks.get(id)));
export const useAlbumDetail = (id: Id): AlbumDetail | undefined => useLibrary((s) => s.albums.get(id));
export const useArtistDetail = (id: Id): ArtistDetail | undefined => useLibrary((s) => s.artists.get(id));
export const useGenres = (): Genre[] | null => useLibrary((s) => s.genres);
export const useLibraryGeneration = (): number => useLibrary((s) => s.generation);

export function usePagedList<T, R>(list: { store: StoreApi<PagedListState<T>> }, selector: (s: PagedListState<T>) => R): R {
  return useStore(list.store, selector);
}
