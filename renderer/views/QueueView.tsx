import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { Id } from '../../app/contract/index.ts';
import { Cover } from '../components/Cover.tsx';
import { Icon } from '../components/Icon.tsx';
import { Heart } from '../components/Prefs.tsx';
import { NowIndicator } from '../components/TrackList.tsx';
import { menuActions } from '../stores/menus.ts';
import { formatTime, plural } from '../lib/format.ts';
import { href } from '../lib/router.ts';
import { scrollParent, useScrollMargin } from '../lib/useElementWidth.ts';
import { libraryActions, useTrack } from '../stores/library.ts';
import { playerActions } from '../stores/player.ts';
import { queueActions, useQueueIds, useQueueIndex } from '../stores/queue.ts';
import './QueueView.css';

const ROW = 56;

const QueueRow = memo(function QueueRow({ id, index, top, current, played, selected, dropEdge, onSelect, onDragStart, onDragOver, onDrop, onDragEnd }: {
  id: Id;
  index: number;
  top: number;
  current: boolean;
  played: boolean;
  selected: boolean;
  dropEdge: 'before' | 'after' | null;
  onSelect: (i: number) => void;
  onDragStart: (i: number, e: DragEvent) => void;
  onDragOver: (i: number, e: DragEvent) => void;
  onDrop: (i: number, e: DragEvent) => void;
  onDragEnd: () => void;
}) {
  const track = useTrack(id);
  return (
    <div
      className={`queue-row${current ? ' current' : ''}${played ? ' played' : ''}${selected ? ' selected' : ''}${dropEdge ? ` drop-${dropEdge}` : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      draggable
      onDragStart={(e) => onDragStart(index, e)}
      onDragOver={(e) => onDragOver(index, e)}
      onDrop={(e) => onDrop(index, e)}
      onDragEnd={onDragEnd}
      onClick={() => onSelect(index)}
      onDoubleClick={() => playerActions.jumpTo(index)}
      onContextMenu={(e) => {
        e.preventDefault();
        onSelect(index);
        if (track) {
          menuActions.openTrackMenu(e.clientX, e.clientY, [track], [
            { label: 'Remove from queue', icon: 'close', onSelect: () => queueActions.removeAt([index]) },
          ]);
        }
      }}
      data-testid="queue-item"
      data-track-id={id}
      data-index={index}
      data-current={current}
      role="option"
      aria-selected={selected}
    >
      <span className="q-handle" aria-hidden>
        <Icon name="drag" size={16} />
      </span>
      <span className="q-num">{current ? <NowIndicator /> : index + 1}</span>
      <Cover coverId={track?.coverId} alt={track?.album ?? track?.title ?? ''} size="thumb" className="q-cover" />
      <span className="q-text">
        <span className="ellipsis q-title" data-testid="queue-item-title">{track?.title ?? '…'}</span>
        <span className="ellipsis muted q-sub">
          {track ? (
            <>
              {track.artist}
              {track.albumId !== null ? (
                <>
                  {' · '}
                  <a href={href('album', track.albumId)} onClick={(e) => e.stopPropagation()}>{track.album}</a>
                </>
              ) : null}
            </>
          ) : (
            ''
          )}
        </span>
      </span>
      <span className="q-actions">
        <Heart kind="track" id={id} className="q-heart" />
        {!current ? (
          <button
            className="icon-btn"
            onClick={(e) => {
              e.stopPropagation();
              queueActions.playNextFrom(index);
            }}
            aria-label="Play next"
            title="Play next"
            data-testid="queue-play-next"
          >
            <Icon name="playNext" size={16} />
          </button>
        ) : null}
        <button
          className="icon-btn"
          onClick={(e) => {
            e.stopPropagation();
            queueActions.removeAt([index]);
          }}
          aria-label="Remove from queue"
          title="Remove"
          data-testid="queue-remove"
        >
          <Icon name="close" size={16} />
        </button>
      </span>
      <span className="muted q-dur">{track ? formatTime(track.durationMs) : ''}</span>
    </div>
  );
});

export function QueueView() {
  const ids = useQueueIds();
  const index = useQueueIndex();
  const [selected, setSelected] = useState(-1);
  const [drag, setDrag] = useState<{ from: number; over: number; edge: 'before' | 'after' } | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const margin = useScrollMargin(ref);
  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: scrollParent,
    estimateSize: () => ROW,
    overscan: 10,
    scrollMargin: margin,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    void libraryActions.ensureTracks(ids.slice(first, last + 1));
  }, [ids, first, last]);

  const onDragStart = (i: number, e: DragEvent) => {
    e.dataTransfer.effectAllowed = 'move';
    e.dataTransfer.setData('text/plain', String(i));
    setDrag({ from: i, over: i, edge: 'before' });
  };
  const onDragOver = (i: number, e: DragEvent) => {
    if (!drag) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    const rect = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const edge = e.clientY < rect.top + rect.height / 2 ? 'before' : 'after';
    if (drag.over !== i || drag.edge !== edge) setDrag({ ...drag, over: i, edge });
  };
  const onDrop = (i: number, e: DragEvent) => {
    e.preventDefault();
    if (!drag) return;
    const rect = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const edge = e.clientY < rect.top + rect.height / 2 ? 'before' : 'after';
    let to = edge === 'before' ? i : i + 1;
    if (drag.from < to) to--;
    queueActions.move(drag.from, to);
    setSelected(to);
    setDrag(null);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (!ids.length) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const delta = e.key === 'ArrowDown' ? 1 : -1;
      const next = Math.max(0, Math.min(ids.length - 1, selected + delta));
      if (e.altKey && selected >= 0) queueActions.move(selected, next);
      setSelected(next);
      virtualizer.scrollToIndex(next);
    } else if ((e.key === 'Delete' || e.key === 'Backspace') && selected >= 0) {
      e.preventDefault();
      queueActions.removeAt([selected]);
      setSelected(Math.min(selected, ids.length - 2));
    } else if (e.key === 'Enter' && selected >= 0) {
      e.preventDefault();
      playerActions.jumpTo(selected);
    }
  };

  return (
    <div className="view" data-testid="view-queue">
      <div className="view-header">
        <div>
          <h1 className="view-title">Queue</h1>
          <div className="view-subtitle">
            {ids.length ? `${plural(ids.length, 'track')} · drag to reorder · Alt+↑↓ moves, Del removes` : 'Nothing queued'}
          </div>
        </div>
        {ids.length ? (
          <div className="detail-actions" style={{ marginTop: 0 }}>
            <button
              className="btn"
              onClick={(e) => {
                const r = e.currentTarget.getBoundingClientRect();
                menuActions.openAddMenu(r.left, r.bottom + 6, { trackIds: ids.slice(), label: 'the queue' });
              }}
              data-testid="queue-save-playlist"
            >
              <Icon name="playlist" size={14} /> Save as playlist…
            </button>
            <button className="btn" onClick={queueActions.clear} data-testid="queue-clear">
              <Icon name="trash" size={14} /> Clear
            </button>
          </div>
        ) : null}
      </div>
      {ids.length === 0 ? (
        <div className="placeholder">
          The queue is empty. Play an album, or use <Icon name="playNext" size={14} /> and <Icon name="plus" size={14} /> on any song.
        </div>
      ) : null}
      <div
        ref={ref}
        className="queue-list"
        style={{ height: virtualizer.getTotalSize() }}
        tabIndex={0}
        onKeyDown={onKeyDown}
        role="listbox"
        aria-label="Queue"
        data-testid="queue-list"
      >
        {items.map((v) => {
          const id = ids[v.index];
          if (id === undefined) return null;
          return (
            <QueueRow
              key={`${v.index}:${id}`}
              id={id}
              index={v.index}
              top={v.start - margin}
              current={v.index === index}
              played={v.index < index}
              selected={v.index === selected}
              dropEdge={drag && drag.over === v.index && drag.from !== v.index ? drag.edge : null}
              onSelect={setSelected}
              onDragStart={onDragStart}
              onDragOver={onDragOver}
              onDrop={onDrop}
              onDragEnd={() => setDrag(null)}
            />
          );
        })}
      </div>
    </div>
  );
}
