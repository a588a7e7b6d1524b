import type { Id } from '../../app/contract/index.ts';
import { AlbumGrid } from '../components/AlbumGrid.tsx';
import { DetailHeader } from '../components/DetailHeader.tsx';
import { DetailStatus, StaleNotice } from '../components/DetailStatus.tsx';
import { plural } from '../lib/format.ts';
import { libraryActions, useLibraryDetail } from '../stores/library.ts';
import { playerActions } from '../stores/player.ts';

export function ArtistView({ id }: { id: Id }) {
  const state = useLibraryDetail('artist', id);
  if (state.kind !== 'ready') return <DetailStatus state={state} />;
  const artist = state.item;
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
      <StaleNotice view={state} />
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
