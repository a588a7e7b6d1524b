import { useEffect, useState } from 'react';
import type { Album, Id } from '../../app/contract/index.ts';
import { AlbumGrid } from '../components/AlbumGrid.tsx';
import { Icon } from '../components/Icon.tsx';
import { client } from '../api/client.ts';
import { plural } from '../lib/format.ts';
import { libraryActions, useGenres } from '../stores/library.ts';
import { playerActions } from '../stores/player.ts';
import { toastActions } from '../stores/toasts.ts';
import './DetailHeader.css';

const MAX_TRACKS = 1000;

export function GenreView({ id }: { id: Id }) {
  const genre = useGenres()?.find((g) => g.id === id);
  const [albums, setAlbums] = useState<Album[] | null>(null);
  useEffect(() => {
    void libraryActions.loadGenres().catch(() => {});
    client
      .albums({ genreId: id, limit: 500, sort: 'artist', order: 'asc' })
      .then((p) => setAlbums(p.items))
      .catch((e: Error) => toastActions.error(e.message));
  }, [id]);
  const play = async (shuffle: boolean) => {
    try {
      const page = await client.tracks({ genreId: id, limit: MAX_TRACKS, sort: 'artist', order: 'asc' });
      if (shuffle) playerActions.shufflePlay(page.items);
      else playerActions.playTracks(page.items);
    } catch (e) {
      toastActions.error((e as Error).message);
    }
  };
  return (
    <div className="view" data-testid="view-genre">
      <div className="view-header">
        <div>
          <div className="detail-kind">Genre</div>
          <h1 className="view-title">{genre?.name ?? '\u00a0'}</h1>
          <div className="view-subtitle">{genre ? `${plural(genre.albumCount, 'album')} · ${plural(genre.trackCount, 'track')}` : ''}</div>
        </div>
        <div className="detail-actions" style={{ marginTop: 0 }}>
          <button className="btn primary" onClick={() => void play(false)}>
            <Icon name="play" size={14} /> Play
          </button>
          <button className="btn" onClick={() => void play(true)}>
            <Icon name="shuffle" size={14} /> Shuffle
          </button>
        </div>
      </div>
      {albums ? <AlbumGrid albums={albums} /> : null}
    </div>
  );
}
