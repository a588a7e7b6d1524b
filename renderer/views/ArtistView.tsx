import { useEffect, useState } from 'react';
import type { Id } from '../../app/contract/index.ts';
import { AlbumGrid } from '../components/AlbumGrid.tsx';
import { Cover } from '../components/Cover.tsx';
import { Icon } from '../components/Icon.tsx';
import { Heart, Stars } from '../components/Prefs.tsx';
import { plural } from '../lib/format.ts';
import { libraryActions, useArtistDetail, useLibraryGeneration } from '../stores/library.ts';
import { playerActions } from '../stores/player.ts';
import './DetailHeader.css';

export function ArtistView({ id }: { id: Id }) {
  const artist = useArtistDetail(id);
  const generation = useLibraryGeneration();
  const [error, setError] = useState<string | null>(null);
  // Fetched again whenever the library changes; the page keeps showing the artist meanwhile.
  useEffect(() => {
    libraryActions.loadArtist(id).then(
      () => setError(null),
      (e: Error & { status?: number }) => {
        if (e.status === 404) libraryActions.forget('artist', id);
        setError(e.status === 404 ? 'This artist is no longer in your library.' : e.message);
      },
    );
  }, [id, generation]);
  if (error && !artist) return <div className="view placeholder" role="alert" data-testid="view-error">{error}</div>;
  if (!artist) return <div className="view" aria-busy="true" data-testid="view-loading" />;
  const albumIds = artist.albums.map((a) => a.id);
  const all = albumIds.length ? albumIds : artist.appearsOn.map((a) => a.id);
  return (
    <div className="view" data-testid="view-artist">
      <header className="detail-header">
        <Cover coverId={artist.coverId} alt={artist.name} size="medium" className="detail-cover round" />
        <div className="detail-meta">
          <div className="detail-kind">Artist</div>
          <h1 className="detail-title" data-testid="artist-name">{artist.name}</h1>
          <div className="detail-sub">
            {plural(artist.albumCount, 'album')} · {plural(artist.trackCount, 'track')}
          </div>
          <div className="detail-prefs">
            <Heart kind="artist" id={artist.id} size={20} label={artist.name} />
            <Stars kind="artist" id={artist.id} size={16} />
          </div>
          <div className="detail-actions">
            <button className="btn primary" onClick={() => void playerActions.playAlbums(all)} disabled={!all.length} data-testid="play-artist">
              <Icon name="play" size={14} /> Play
            </button>
            <button
              className="btn"
              onClick={() => void libraryActions.albumTracks(all).then((t) => playerActions.shufflePlay(t))}
              disabled={!all.length}
            >
              <Icon name="shuffle" size={14} /> Shuffle
            </button>
          </div>
        </div>
      </header>
      {artist.albums.length ? (
        <>
          <h2 className="section-title">Albums</h2>
          <AlbumGrid albums={artist.albums} />
        </>
      ) : null}
      {artist.appearsOn.length ? (
        <>
          <h2 className="section-title">Appears on</h2>
          <AlbumGrid albums={artist.appearsOn} />
        </>
      ) : null}
    </div>
  );
}
