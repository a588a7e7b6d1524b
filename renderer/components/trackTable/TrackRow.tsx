// One row of the track table — the only track-row markup in the app. Light on purpose: a span
// per visible column, links that are not tab stops (the table is one tab stop; its rows move with
// the arrow keys), and the row's buttons only while it is hovered or the keyboard is on it (a
// loved heart always shows). Events are delegated to the table (data-action on the buttons).
import { memo, type ReactNode } from 'react';
import type { Track } from '../../../app/contract/index.ts';
import { artistNames, differsFromAlbumArtist } from '../../lib/artists.ts';
import { formatTime } from '../../lib/format.ts';
import { href } from '../../lib/router.ts';
import { useIsPlaying } from '../../stores/player.ts';
import { ArtistLinks } from '../ArtistLinks.tsx';
import { Cover } from '../Cover.tsx';
import { Icon } from '../Icon.tsx';
import type { ColumnId } from './columns.ts';

export interface TableRow {
  /** Stable across scrolling and reloads: a track id, a playlist entry id, … */
  key: string | number;
  track: Track;
  /** The view-specific column (plays, reason, date added). */
  extra?: ReactNode;
}

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

export type Subline = 'artist' | 'inline' | 'none';

export interface RowProps {
  /** The row's parts, not the row object (a paged list makes a new one per render: memo compares these). */
  track: Track;
  extra: ReactNode;
  rowKey: string | number;
  index: number;
  /** Shown in the # column: the position or the track number. */
  number: number | string;
  top: number;
  height: number;
  cols: readonly ColumnId[];
  template: string;
  subline: Subline;
  current: boolean;
  selected: boolean;
  played: boolean;
  /** Hovered, or the keyboard cursor: show the row's buttons. */
  active: boolean;
  loved: boolean;
  dropEdge: 'before' | 'after' | null;
  removable: boolean;
  removeLabel: string;
  /** A narrow table: only the heart and "more" (the menu has the rest). */
  narrow: boolean;
  testId: string;
  domId: string;
}

function format(t: Track): string {
  const codec = t.codec ?? t.container ?? '';
  if (t.lossless) return t.bitDepth && t.sampleRate ? `${codec} ${t.bitDepth}/${Math.round(t.sampleRate / 100) / 10}` : codec;
  return t.bitrate ? `${codec} ${Math.round(t.bitrate / 1000)}k` : codec;
}

function cell(c: ColumnId, p: RowProps): ReactNode {
  const t = p.track;
  switch (c) {
    case 'index':
      return (
        <span key={c} className="tt-c tt-index" role="gridcell">
          {p.current ? <NowIndicator /> : <span className="tt-n">{p.number}</span>}
          {p.active ? (
            <button className="tt-play" data-action="play" aria-label={`Play ${t.title}`} tabIndex={-1}>
              <Icon name="play" size={14} />
            </button>
          ) : null}
        </span>
      );
    case 'cover':
      return <span key={c} className="tt-c tt-cover" role="gridcell"><Cover coverId={t.coverId} alt="" seed={t.album ?? t.title} size="thumb" /></span>;
    case 'title':
      return (
        <span key={c} className="tt-c tt-title" role="gridcell">
          <span className="tt-t ellipsis" data-testid="row-title">{t.title}</span>
          {p.subline === 'artist' ? (
            <span className="tt-sub ellipsis" data-testid="row-artist"><ArtistLinks track={t} tabIndex={-1} /></span>
          ) : p.subline === 'inline' && differsFromAlbumArtist(t) ? (
            <span className="tt-inline ellipsis" data-testid="row-artist">{artistNames(t)}</span>
          ) : null}
        </span>
      );
    case 'artist':
      return <span key={c} className="tt-c ellipsis muted" role="gridcell" data-testid="row-artist"><ArtistLinks track={t} tabIndex={-1} /></span>;
    case 'album':
      return (
        <span key={c} className="tt-c ellipsis muted" role="gridcell">
          {t.albumId !== null ? <a href={href('album', t.albumId)} tabIndex={-1}>{t.album}</a> : t.album}
        </span>
      );
    case 'albumArtist':
      return (
        <span key={c} className="tt-c ellipsis muted" role="gridcell">
          {t.albumArtistId !== null ? <a href={href('artist', t.albumArtistId)} tabIndex={-1}>{t.albumArtist}</a> : t.albumArtist}
        </span>
      );
    case 'year':
      return <span key={c} className="tt-c tt-num muted" role="gridcell">{t.year ?? ''}</span>;
    case 'genre':
      return <span key={c} className="tt-c ellipsis muted" role="gridcell">{t.genres.join(', ')}</span>;
    case 'extra':
      return <span key={c} className="tt-c tt-extra ellipsis muted" role="gridcell">{p.extra}</span>;
    case 'format':
      return <span key={c} className="tt-c ellipsis muted" role="gridcell">{format(t)}</span>;
    case 'duration':
      return <span key={c} className="tt-c tt-num tt-dur muted" role="gridcell">{formatTime(t.durationMs)}</span>;
  }
}

export const TrackRow = memo(function TrackRow(p: RowProps) {
  const t = p.track;
  const cls = `tt-row${p.current ? ' current' : ''}${p.selected ? ' selected' : ''}${p.played ? ' played' : ''}${p.dropEdge ? ` drop-${p.dropEdge}` : ''}${p.subline === 'artist' ? ' two-line' : ''}`;
  return (
    <div
      id={p.domId}
      className={cls}
      role="row"
      aria-selected={p.selected}
      aria-rowindex={p.index + 2}
      draggable
      style={{ transform: `translateY(${p.top}px)`, height: p.height, gridTemplateColumns: p.template }}
      data-testid={p.testId}
      data-index={p.index}
      data-track-id={t.id}
      data-key={p.rowKey}
      data-current={p.current}
    >
      {p.cols.map((c) => cell(c, p))}
      <span className="tt-c tt-actions" role="gridcell">
        {p.loved || p.active ? (
          <button
            className={`icon-btn heart${p.loved ? ' on' : ''}`}
            data-action="love"
            aria-pressed={p.loved}
            aria-label={p.loved ? `Remove ${t.title} from favorites` : `Add ${t.title} to favorites`}
            title={p.loved ? 'Loved (click to remove)' : 'Love'}
            tabIndex={-1}
            data-testid="heart-track"
            data-on={p.loved}
          >
            <Icon name="heart" size={15} fill={p.loved} />
          </button>
        ) : null}
        {p.active && !p.narrow ? (
          <>
            <button className="icon-btn" data-action="play-next" aria-label="Play next" title="Play next" tabIndex={-1} data-testid="row-play-next">
              <Icon name="playNext" size={15} />
            </button>
            <button className="icon-btn" data-action="add-queue" aria-label="Add to queue" title="Add to queue" tabIndex={-1} data-testid="row-add-queue">
              <Icon name="plus" size={15} />
            </button>
            {p.removable ? (
              <button className="icon-btn" data-action="remove" aria-label={p.removeLabel} title={p.removeLabel} tabIndex={-1} data-testid="row-remove">
                <Icon name="close" size={15} />
              </button>
            ) : null}
          </>
        ) : null}
        {p.active ? (
          <>
            <button className="icon-btn" data-action="more" aria-label="More" title="More (right-click, Shift+F10)" tabIndex={-1} data-testid="row-more">
              <Icon name="more" size={15} />
            </button>
          </>
        ) : null}
      </span>
    </div>
  );
});

/** A row whose page has not arrived: one element, its skeleton drawn by CSS. */
export const PlaceholderRow = memo(function PlaceholderRow({ top, height }: { top: number; height: number }) {
  return <div className="tt-row tt-loading" style={{ transform: `translateY(${top}px)`, height }} aria-hidden data-testid="row-loading" />;
});

export const HeadingRow = memo(function HeadingRow({ top, height, label }: { top: number; height: number; label: string }) {
  return (
    <div className="tt-heading" role="row" style={{ transform: `translateY(${top}px)`, height }} data-testid="disc-heading">
      <span role="columnheader">{label}</span>
    </div>
  );
});
