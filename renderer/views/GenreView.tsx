import { useCallback, useEffect } from 'react';
import type { Album, Id } from '../../app/contract/index.ts';
import { client } from '../api/client.ts';
import { VirtualAlbumGrid } from '../components/AlbumGrid.tsx';
import { Icon } from '../components/Icon.tsx';
import { usePagedRows } from '../components/trackTable/usePagedRows.ts';
import { ViewActions, ViewHeader } from '../components/ViewHeader.tsx';
import { plural } from '../lib/format.ts';
import { libraryActions, useGenres, useLibraryGeneration } from '../stores/library.ts';
import { playerActions } from '../stores/player.ts';
import { toastActions } from '../stores/toasts.ts';

/** A genre: every album (paged as the grid scrolls), Play and Shuffle over every track. */
export function GenreView({ id }: { id: Id }) {
  const genre = useGenres()?.find((g) => g.id === id);
  const generation = useLibraryGeneration();
  const albums = usePagedRows<Album, Album>(`${id}:${generation}`, (offset, limit, signal) =>
    client.albums({ genreId: id, offset, limit, sort: 'artist', order: 'asc' }, { signal }), (a) => a);
  useEffect(() => {
    void libraryActions.loadGenres().catch(() => {});
  }, [generation]);
  const play = async (shuffle: boolean) => {
    try {
      const { ids } = await client.trackIds({ genreId: id, sort: 'albumArtist', order: 'asc' });
      if (shuffle) playerActions.shufflePlay(ids);
      else playerActions.playTracks(ids);
    } catch (e) {
      toastActions.error((e as Error).message);
    }
  };
  const at = useCallback((i: number) => albums.rowAt(i), [albums.rowAt]);
  return (
    <div className="view" data-testid="view-genre">
      <ViewHeader
        kind="Genre"
        title={genre?.name ?? '\u00a0'}
        subtitle={genre ? `${plural(genre.albumCount, 'album')} · ${plural(genre.trackCount, 'track')}` : null}
        lineTestId="genre-counts"
      >
        <ViewActions>
          <button className="btn primary" onClick={() => void play(false)} data-testid="play-genre">
            <Icon name="play" size={14} /> Play
          </button>
          <button className="btn" onClick={() => void play(true)} data-testid="shuffle-genre">
            <Icon name="shuffle" size={14} /> Shuffle
          </button>
        </ViewActions>
      </ViewHeader>
      {albums.error ? <div className="placeholder" role="alert">{albums.error}</div> : null}
      {albums.total ? <VirtualAlbumGrid at={at} total={albums.total} ensureRange={albums.onRange} version={albums.version} /> : null}
    </div>
  );
}
