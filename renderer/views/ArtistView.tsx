import { useEffect, useState } from 'react';
import type { Id } from '../../app/contract/index.ts';
import { AlbumGrid } from '../components/AlbumGrid.tsx';
import { DetailHeader } from '../components/DetailHeader.tsx';
import { plural } from '../lib/format.ts';
import { libraryActions, useArtistDetail, useLibraryGeneration } from '../stores/library.ts';
import { playerActions } from '../stores/player.ts';

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
      <DetailHeader
        cover={{ of: 'artist', coverId: artist.coverId }}
        kind="Artist"
        title={artist.name}
        sub={`${plural(artist.albumCount, 'album')} · ${plural(artist.trackCount, 'track')}`}
        prefs={{ kind: 'artist', id: artist.id }}
        play={{
          onPlay: () => void playerActions.playAlbums(all),
          onShuffle: () => void libraryActions.albumTracks(all).then((t) => playerActions.shufflePlay(t)),
          disabled: !all.length,
        }}
        testIds={{ title: 'artist-name', play: 'play-artist' }}
      />
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
