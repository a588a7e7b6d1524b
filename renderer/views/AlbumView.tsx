import { useCallback } from 'react';
import type { Id } from '../../app/contract/index.ts';
import { AddToPlaylistButton } from '../components/AddToPlaylistButton.tsx';
import { DetailHeader } from '../components/DetailHeader.tsx';
import { DetailStatus, StaleNotice } from '../components/DetailStatus.tsx';
import { Icon } from '../components/Icon.tsx';
import { TrackTable } from '../components/trackTable/TrackTable.tsx';
import { formatLongDuration, plural } from '../lib/format.ts';
import { href } from '../lib/router.ts';
import { useLibraryDetail } from '../stores/library.ts';
import { playerActions } from '../stores/player.ts';
import { PinButton } from '../remote/RemoteSettings.tsx';
import { useIsRemote } from '../remote/store.ts';

export function AlbumView({ id }: { id: Id }) {
  const state = useLibraryDetail('album', id);
  const album = state.kind === 'ready' ? state.item : undefined;
  const remote = useIsRemote();
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
  if (!album) return <DetailStatus state={state} />;
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
      <StaleNotice view={state} />
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
