import { memo, useState, type KeyboardEvent } from 'react';
import type { Track } from '../../app/contract/index.ts';
import { formatTime } from '../lib/format.ts';
import { href } from '../lib/router.ts';
import { playerActions, useIsPlaying, useNowPlayingId } from '../stores/player.ts';
import { menuActions } from '../stores/menus.ts';
import { Icon } from './Icon.tsx';
import { Heart } from './Prefs.tsx';
import './TrackList.css';

export function NowIndicator() {
  const playing = useIsPlaying();
  return (
    <span className={`eq${playing ? ' on' : ''}`} aria-label="Now playing">
      <i />
      <i />
      <i />
    </span>
  );
}

/** Opens the track menu (Add to playlist, Love, …) for a right-click or the ⋯ button. */
export function openTrackMenu(e: { clientX: number; clientY: number; preventDefault: () => void; stopPropagation: () => void }, tracks: Track[]): void {
  e.preventDefault();
  e.stopPropagation();
  menuActions.openTrackMenu(e.clientX, e.clientY, tracks);
}

/** Heart and ⋯ (the track menu) — inside RowActions, or on their own where a row has no room. */
export function RowExtras({ track, tracks }: { track: Track; tracks?: () => Track[] }) {
  return (
    <span className="row-extras">
      <Heart kind="track" id={track.id} className="row-heart" />
      <button
        className="icon-btn row-more"
        onClick={(e) => openTrackMenu(e, tracks?.() ?? [track])}
        aria-label="More"
        title="More: add to playlist, love… (right-click)"
        data-testid="row-more"
      >
        <Icon name="more" size={16} />
      </button>
    </span>
  );
}

export function RowActions({ track, tracks, extras = true }: { track: Track; tracks?: () => Track[]; extras?: boolean }) {
  return (
    <span className="row-actions-wrap">
    {extras ? <RowExtras track={track} {...(tracks ? { tracks } : {})} /> : null}
    <span className="row-actions">
      <button
        className="icon-btn"
        onClick={(e) => {
          e.stopPropagation();
          playerActions.playNext([track]);
        }}
        aria-label="Play next"
        title="Play next"
        data-testid="row-play-next"
      >
        <Icon name="playNext" size={16} />
      </button>
      <button
        className="icon-btn"
        onClick={(e) => {
          e.stopPropagation();
          playerActions.addToQueue([track]);
        }}
        aria-label="Add to queue"
        title="Add to queue"
        data-testid="row-add-queue"
      >
        <Icon name="plus" size={16} />
      </button>
    </span>
    </span>
  );
}

const Row = memo(function Row({ track, index, number, showAlbum, current, selected, onPlay, onSelect }: {
  track: Track;
  index: number;
  number: number | string;
  showAlbum: boolean;
  current: boolean;
  selected: boolean;
  onPlay: (index: number) => void;
  onSelect: (index: number) => void;
}) {
  return (
    <div
      role="row"
      className={`track-row${current ? ' current' : ''}${selected ? ' selected' : ''}${showAlbum ? ' with-album' : ''}`}
      onDoubleClick={() => onPlay(index)}
      onClick={() => onSelect(index)}
      onContextMenu={(e) => {
        onSelect(index);
        openTrackMenu(e, [track]);
      }}
      data-testid="track-row"
      data-track-id={track.id}
      aria-selected={selected}
    >
      <span className="tr-num" role="cell">
        {current ? <NowIndicator /> : <span className="tr-n">{number}</span>}
        <button className="tr-play" onClick={(e) => { e.stopPropagation(); onPlay(index); }} aria-label={`Play ${track.title}`} tabIndex={-1}>
          <Icon name="play" size={14} />
        </button>
      </span>
      <span className="tr-title" role="cell">
        <span className="ellipsis title">{track.title}</span>
        <span className="ellipsis sub">
          {track.artists.length
            ? track.artists.map((a, i) => (
                <span key={a.id}>
                  {i > 0 ? ', ' : ''}
                  <a href={href('artist', a.id)} onClick={(e) => e.stopPropagation()}>{a.name}</a>
                </span>
              ))
            : track.artist}
        </span>
      </span>
      {showAlbum ? (
        <span className="tr-album ellipsis muted" role="cell">
          {track.albumId !== null ? <a href={href('album', track.albumId)} onClick={(e) => e.stopPropagation()}>{track.album}</a> : track.album}
        </span>
      ) : null}
      <RowActions track={track} />
      <span className="tr-dur muted" role="cell">{formatTime(track.durationMs)}</span>
    </div>
  );
});

/** A short track list (album, folder, search): all rows rendered, keyboard-navigable. */
export function TrackList({ tracks, onPlay, showAlbum = false, numbers = 'index', testId = 'track-list' }: {
  tracks: Track[];
  onPlay: (index: number) => void;
  showAlbum?: boolean;
  numbers?: 'index' | 'trackNo';
  testId?: string;
}) {
  const currentId = useNowPlayingId();
  const [selected, setSelected] = useState(-1);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      e.stopPropagation();
      const next = Math.max(0, Math.min(tracks.length - 1, selected + (e.key === 'ArrowDown' ? 1 : -1)));
      setSelected(next);
      (e.currentTarget.children[next] as HTMLElement | undefined)?.scrollIntoView({ block: 'nearest' });
    } else if (e.key === 'Enter' && selected >= 0) {
      e.preventDefault();
      onPlay(selected);
    }
  };
  return (
    <div className="track-list" role="table" tabIndex={0} onKeyDown={onKeyDown} data-testid={testId}>
      {tracks.map((t, i) => (
        <Row
          key={`${t.id}-${i}`}
          track={t}
          index={i}
          number={numbers === 'trackNo' ? (t.trackNo ?? i + 1) : i + 1}
          showAlbum={showAlbum}
          current={t.id === currentId}
          selected={i === selected}
          onPlay={onPlay}
          onSelect={setSelected}
        />
      ))}
    </div>
  );
}
