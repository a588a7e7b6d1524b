// A track list for playlists, history, favorites, smart playlists and mixes: cover, title/artist,
// album, an extra column (play count, reason, date…), heart, duration. Click/Ctrl/Shift select,
// double-click or Enter plays, right-click opens the track menu; optional remove and drag-reorder.
import { memo, useState, type DragEvent, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import type { Track } from '../../app/contract/index.ts';
import { formatTime } from '../lib/format.ts';
import { href } from '../lib/router.ts';
import { menuActions } from '../stores/menus.ts';
import { Cover } from './Cover.tsx';
import { Icon } from './Icon.tsx';
import type { MenuItem } from './Menu.tsx';
import { Heart } from './Prefs.tsx';
import { NowIndicator } from './TrackList.tsx';
import { useNowPlayingId } from '../stores/player.ts';
import './TrackTable.css';

export interface TrackRow {
  key: string | number;
  track: Track;
  /** Right-hand info column (plays, reason, date). */
  extra?: ReactNode;
  /** Replaces the artist line under the title. */
  sub?: ReactNode;
}

type Edge = 'before' | 'after';

const Row = memo(function Row({ row, index, current, selected, dropEdge, draggable, removable, extraCol, onMouseDown, onPlay, onMenu, onRemove, onDragStart, onDragOver, onDrop, onDragEnd, rowTestId }: {
  row: TrackRow;
  index: number;
  current: boolean;
  selected: boolean;
  dropEdge: Edge | null;
  draggable: boolean;
  removable: boolean;
  extraCol: boolean;
  onMouseDown: (i: number, e: MouseEvent) => void;
  onPlay: (i: number) => void;
  onMenu: (i: number, e: MouseEvent) => void;
  onRemove: (i: number) => void;
  onDragStart: (i: number, e: DragEvent) => void;
  onDragOver: (i: number, e: DragEvent) => void;
  onDrop: (i: number, e: DragEvent) => void;
  onDragEnd: () => void;
  rowTestId: string;
}) {
  const t = row.track;
  return (
    <div
      className={`tt-row${current ? ' current' : ''}${selected ? ' selected' : ''}${dropEdge ? ` drop-${dropEdge}` : ''}${extraCol ? ' with-extra' : ''}`}
      role="row"
      aria-selected={selected}
      draggable={draggable}
      onDragStart={(e) => onDragStart(index, e)}
      onDragOver={(e) => onDragOver(index, e)}
      onDrop={(e) => onDrop(index, e)}
      onDragEnd={onDragEnd}
      onMouseDown={(e) => onMouseDown(index, e)}
      onDoubleClick={() => onPlay(index)}
      onContextMenu={(e) => onMenu(index, e)}
      data-testid={rowTestId}
      data-track-id={t.id}
      data-key={row.key}
      data-index={index}
    >
      <span className="tt-num" role="cell">
        {draggable ? (
          <span className="tt-handle" aria-hidden>
            <Icon name="drag" size={14} />
          </span>
        ) : null}
        {current ? <NowIndicator /> : <span className="tt-n">{index + 1}</span>}
        <button className="tt-play" onClick={(e) => { e.stopPropagation(); onPlay(index); }} aria-label={`Play ${t.title}`} tabIndex={-1}>
          <Icon name="play" size={14} />
        </button>
      </span>
      <Cover coverId={t.coverId} alt={t.album ?? t.title} size="thumb" className="tt-cover" />
      <span className="tt-title" role="cell">
        <span className="ellipsis title" data-testid="row-title">{t.title}</span>
        <span className="ellipsis sub">
          {row.sub ??
            (t.artists.length
              ? t.artists.map((a, i) => (
                  <span key={a.id}>
                    {i > 0 ? ', ' : ''}
                    <a href={href('artist', a.id)} onClick={(e) => e.stopPropagation()}>{a.name}</a>
                  </span>
                ))
              : t.artist)}
        </span>
      </span>
      <span className="tt-album ellipsis muted" role="cell">
        {t.albumId !== null ? <a href={href('album', t.albumId)} onClick={(e) => e.stopPropagation()}>{t.album}</a> : t.album}
      </span>
      {extraCol ? <span className="tt-extra ellipsis muted" role="cell">{row.extra}</span> : null}
      <span className="tt-actions" role="cell">
        <Heart kind="track" id={t.id} className="tt-heart" />
        <button
          className="icon-btn tt-more"
          onClick={(e) => {
            e.stopPropagation();
            onMenu(index, e);
          }}
          aria-label="More"
          title="More (right-click)"
          data-testid="row-more"
        >
          <Icon name="more" size={16} />
        </button>
        {removable ? (
          <button
            className="icon-btn tt-remove"
            onClick={(e) => {
              e.stopPropagation();
              onRemove(index);
            }}
            aria-label="Remove"
            title="Remove"
            data-testid="row-remove"
          >
            <Icon name="close" size={15} />
          </button>
        ) : null}
      </span>
      <span className="tt-dur muted" role="cell">{formatTime(t.durationMs)}</span>
    </div>
  );
});

export function TrackTable({ rows, onPlay, onRemove, onMove, menuExtra, testId = 'track-table', rowTestId = 'tt-row', removeLabel = 'Remove' }: {
  rows: TrackRow[];
  onPlay: (index: number) => void;
  /** Removes these row indexes (Delete key, the × button, the menu). */
  onRemove?: (indexes: number[]) => void;
  /** Drag to reorder: row `from` lands right before row `before` (null = at the end). */
  onMove?: (from: number, before: number | null) => void;
  menuExtra?: (indexes: number[]) => MenuItem[];
  testId?: string;
  rowTestId?: string;
  removeLabel?: string;
}) {
  const currentId = useNowPlayingId();
  const [selection, setSelection] = useState<Set<number>>(new Set());
  const [anchor, setAnchor] = useState(-1);
  const [drag, setDrag] = useState<{ from: number; over: number; edge: Edge } | null>(null);
  const extraCol = rows.some((r) => r.extra !== undefined);

  const selectedIndexes = (i: number) => (selection.has(i) && selection.size > 1 ? [...selection].sort((a, b) => a - b) : [i]);

  const onMouseDown = (i: number, e: MouseEvent) => {
    if (e.button !== 0 && selection.has(i)) return;
    if ((e.target as HTMLElement).closest('a,button,[role=slider]')) return;
    if (e.shiftKey && anchor >= 0) {
      const [a, b] = anchor < i ? [anchor, i] : [i, anchor];
      setSelection(new Set(Array.from({ length: b - a + 1 }, (_, k) => a + k)));
    } else if (e.ctrlKey || e.metaKey) {
      setSelection((s) => {
        const next = new Set(s);
        if (next.has(i)) next.delete(i);
        else next.add(i);
        return next;
      });
      setAnchor(i);
    } else {
      setSelection(new Set([i]));
      setAnchor(i);
    }
  };

  const onMenu = (i: number, e: MouseEvent) => {
    e.preventDefault();
    const idx = selectedIndexes(i);
    if (!selection.has(i)) setSelection(new Set([i]));
    const tracks = idx.map((k) => rows[k]?.track).filter((t): t is Track => t !== undefined);
    const extra = [...(menuExtra?.(idx) ?? [])];
    if (onRemove) extra.push({ label: idx.length > 1 ? `${removeLabel} ${idx.length} tracks` : removeLabel, icon: 'trash', testId: 'menu-remove', onSelect: () => onRemove(idx) });
    menuActions.openTrackMenu(e.clientX, e.clientY, tracks, extra);
  };

  const edgeOf = (e: DragEvent): Edge => {
    const rect = (e.currentTarget as HTMLElement).getBoundingClientRect();
    return e.clientY < rect.top + rect.height / 2 ? 'before' : 'after';
  };
  const onDragStart = (i: number, e: DragEvent) => {
    if (!onMove) return;
    e.dataTransfer.effectAllowed = 'move';
    e.dataTransfer.setData('text/plain', String(i));
    setDrag({ from: i, over: i, edge: 'before' });
  };
  const onDragOver = (i: number, e: DragEvent) => {
    if (!drag) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    const edge = edgeOf(e);
    if (drag.over !== i || drag.edge !== edge) setDrag({ ...drag, over: i, edge });
  };
  const onDrop = (i: number, e: DragEvent) => {
    e.preventDefault();
    if (!drag || !onMove) return;
    const before = edgeOf(e) === 'before' ? i : i + 1;
    setDrag(null);
    if (before === drag.from || before === drag.from + 1) return;
    onMove(drag.from, before >= rows.length ? null : before);
    setSelection(new Set());
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (!rows.length) return;
    const cursor = anchor;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      e.stopPropagation();
      const next = Math.max(0, Math.min(rows.length - 1, cursor + (e.key === 'ArrowDown' ? 1 : -1)));
      if (e.altKey && onMove && cursor >= 0 && next !== cursor) {
        onMove(cursor, next > cursor ? (next + 1 >= rows.length ? null : next + 1) : next);
      }
      setSelection(new Set([next]));
      setAnchor(next);
      (e.currentTarget.children[next] as HTMLElement | undefined)?.scrollIntoView({ block: 'nearest' });
    } else if (e.key === 'Enter' && cursor >= 0) {
      e.preventDefault();
      onPlay(cursor);
    } else if ((e.key === 'Delete' || e.key === 'Backspace') && onRemove && selection.size) {
      e.preventDefault();
      onRemove([...selection].sort((a, b) => a - b));
      setSelection(new Set());
    }
  };

  return (
    <div className="track-table" role="table" tabIndex={0} onKeyDown={onKeyDown} data-testid={testId}>
      {rows.map((r, i) => (
        <Row
          key={r.key}
          row={r}
          index={i}
          current={r.track.id === currentId}
          selected={selection.has(i)}
          dropEdge={drag && drag.over === i && drag.from !== i ? drag.edge : null}
          draggable={!!onMove}
          removable={!!onRemove}
          extraCol={extraCol}
          onMouseDown={onMouseDown}
          onPlay={onPlay}
          onMenu={onMenu}
          onRemove={(k) => onRemove?.([k])}
          onDragStart={onDragStart}
          onDragOver={onDragOver}
          onDrop={onDrop}
          onDragEnd={() => setDrag(null)}
          rowTestId={rowTestId}
        />
      ))}
    </div>
  );
}
