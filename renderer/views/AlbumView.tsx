import { useCallback, useEffect, useState } from 'react';
import type { Id } from '../../app/contract/index.ts';
import { AddToPlaylistButton } from '../components/AddToPlaylistButton.tsx';
import { DetailHeader } from '../components/DetailHeader.tsx';
import { Icon } from '../components/Icon.tsx';
import { TrackTable } from '../components/trackTable/TrackTable.tsx';
import { formatLongDuration, plural } from '../lib/format.ts';
import { href } from '../lib/router.ts';
import { libraryActions, useAlbumDetail, useLibraryGeneration } from '../stores/library.ts';
import { playerActions } from '../stores/player.ts';
import { PinButton } from '../remote/RemoteSettings.tsx';
import { useIsRemote } from '../remote/store.ts';

export function AlbumView({ id }: { id: Id }) {
  const album = useAlbumDetail(id);
  const generation = useLibraryGeneration();
  const [error, setError] = useState<string | null>(null);
  const remote = useIsRemote();
  // Fetched again whenever the library changes (a scan, a watched folder): the page keeps showing
  // the album meanwhile, and says so when the album is gone.
  useEffect(() => {
    libraryActions.loadAlbum(id).then(
      () => setError(null),
      (e: Error & { status?: number }) => {
        if (e.status === 404) libraryActions.forget('album', id);
        setError(e.status === 404 ? 'This album is no longer in your library.' : e.message);
      },
    );
  }, [id, generation]);
  const tracks = album?.tracks;
  const discs = new Set(tracks?.map((t) => t.discNo ?? 1)).size;
  const headingAt = useCallback(
    (i: number): string | null => {
      const t = tracks?.[i];
      if (!t || discs < 2) return null;
      const prev = tracks?.[i - 1];
      return !prev || (prev.discNo ?? 1) !== (t.discNo ?? 1) ? `Disc ${t.discNo ?? 1}` : null;
    },
    [tracks, discs],
  );
  if (error && !album) return <div className="view placeholder" role="alert" data-testid="view-error">{error}</div>;
  if (!album) return <div className="view" aria-busy="true" data-testid="view-loading" />;
  return (
    <div className="view" data-testid="view-album">
      <DetailHeader
        cover={{ of: 'album', coverId: album.coverId }}
        kind={album.isCompilation ? 'Compilation' : 'Album'}
        title={album.title}
        sub={
          <>
            <a href={href('artist', album.artistId)}>{album.artist}</a>
            {album.year ? <span> · {album.year}</span> : null}
            <span> · {plural(album.trackCount, 'track')}</span>
            <span> · {formatLongDuration(album.durationMs)}</span>
            {discs > 1 ? <span> · {discs} discs</span> : null}
          </>
        }
        genres={album.genres}
        prefs={{ kind: 'album', id: album.id }}
        play={{ onPlay: () => playerActions.playTracks(album.tracks), onShuffle: () => playerActions.shufflePlay(album.tracks) }}
        testIds={{ title: 'album-title', play: 'play-album', shuffle: 'shuffle-album' }}
      >
        <button className="btn" onClick={() => playerActions.playNext(album.tracks)} data-testid="album-play-next">
          <Icon name="playNext" size={14} /> Play next
        </button>
        <button className="btn" onClick={() => playerActions.addToQueue(album.tracks)} data-testid="album-add-queue">
          <Icon name="plus" size={14} /> Add to queue
        </button>
        <AddToPlaylistButton target={() => ({ albumIds: [album.id], label: album.title })} testId="album-add-playlist" />
        {remote ? <PinButton pinKey={`album:${album.id}`} label={album.title} trackIds={() => album.tracks.map((t) => t.id)} /> : null}
      </DetailHeader>
      <TrackTable
        preset="album"
        label={`Tracks of ${album.title}`}
        count={album.tracks.length}
        rowAt={(i) => {
          const t = album.tracks[i];
          return t ? { key: t.id, track: t } : undefined;
        }}
        version={album}
        numberAt={(i) => album.tracks[i]?.trackNo ?? i + 1}
        headingAt={discs > 1 ? headingAt : undefined}
        onPlay={(i) => playerActions.playTracks(album.tracks, i)}
        testId="album-tracks"
      />
    </div>
  );
}
