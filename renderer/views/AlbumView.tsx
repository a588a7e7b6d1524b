import { useEffect, useState } from 'react';
import type { Id } from '../../app/contract/index.ts';
import { Cover } from '../components/Cover.tsx';
import { Icon } from '../components/Icon.tsx';
import { Heart, Stars } from '../components/Prefs.tsx';
import { TrackList } from '../components/TrackList.tsx';
import { menuActions } from '../stores/menus.ts';
import { formatLongDuration, plural } from '../lib/format.ts';
import { href } from '../lib/router.ts';
import { libraryActions, useAlbumDetail } from '../stores/library.ts';
import { playerActions } from '../stores/player.ts';
import { PinButton } from '../remote/RemoteSettings.tsx';
import { useIsRemote } from '../remote/store.ts';
import './DetailHeader.css';

export function AlbumView({ id }: { id: Id }) {
  const album = useAlbumDetail(id);
  const [error, setError] = useState<string | null>(null);
  const remote = useIsRemote();
  useEffect(() => {
    libraryActions.loadAlbum(id).catch((e: Error) => setError(e.message));
  }, [id]);
  if (error) return <div className="view placeholder">{error}</div>;
  if (!album) return <div className="view" />;
  const discs = new Set(album.tracks.map((t) => t.discNo ?? 1)).size;
  return (
    <div className="view" data-testid="view-album">
      <header className="detail-header">
        <Cover coverId={album.coverId} alt={album.title} size="full" className="detail-cover" />
        <div className="detail-meta">
          <div className="detail-kind">{album.isCompilation ? 'Compilation' : 'Album'}</div>
          <h1 className="detail-title" data-testid="album-title">{album.title}</h1>
          <div className="detail-sub">
            <a href={href('artist', album.artistId)}>{album.artist}</a>
            {album.year ? <span> · {album.year}</span> : null}
            <span> · {plural(album.trackCount, 'track')}</span>
            <span> · {formatLongDuration(album.durationMs)}</span>
            {discs > 1 ? <span> · {discs} discs</span> : null}
          </div>
          {album.genres.length ? <div className="detail-genres">{album.genres.join(' · ')}</div> : null}
          <div className="detail-prefs">
            <Heart kind="album" id={album.id} size={20} label={album.title} />
            <Stars kind="album" id={album.id} size={16} />
          </div>
          <div className="detail-actions">
            <button className="btn primary" onClick={() => playerActions.playTracks(album.tracks)} data-testid="play-album">
              <Icon name="play" size={14} /> Play
            </button>
            <button
              className="btn"
              onClick={() => playerActions.shufflePlay(album.tracks)}
              data-testid="shuffle-album"
            >
              <Icon name="shuffle" size={14} /> Shuffle
            </button>
            <button className="btn" onClick={() => playerActions.playNext(album.tracks)} data-testid="album-play-next">
              <Icon name="playNext" size={14} /> Play next
            </button>
            <button className="btn" onClick={() => playerActions.addToQueue(album.tracks)} data-testid="album-add-queue">
              <Icon name="plus" size={14} /> Add to queue
            </button>
            <button
              className="btn"
              onClick={(e) => {
                const r = e.currentTarget.getBoundingClientRect();
                menuActions.openAddMenu(r.left, r.bottom + 6, { albumIds: [album.id], label: album.title });
              }}
              data-testid="album-add-playlist"
            >
              <Icon name="playlist" size={14} /> Add to playlist…
            </button>
            {remote ? <PinButton pinKey={`album:${album.id}`} label={album.title} trackIds={() => album.tracks.map((t) => t.id)} /> : null}
          </div>
        </div>
      </header>
      <TrackList tracks={album.tracks} numbers="trackNo" onPlay={(i) => playerActions.playTracks(album.tracks, i)} testId="album-tracks" />
    </div>
  );
}
