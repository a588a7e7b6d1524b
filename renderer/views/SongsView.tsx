import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { Id, SortOrder, Track, TrackSort } from '../../app/contract/index.ts';
import { Icon } from '../components/Icon.tsx';
import { NowIndicator, openTrackMenu, RowActions, RowExtras } from '../components/TrackList.tsx';
import { menuActions } from '../stores/menus.ts';
import { formatTime, plural } from '../lib/format.ts';
import { href } from '../lib/router.ts';
import { scrollParent, useScrollMargin } from '../lib/useElementWidth.ts';
import { songsList, usePagedList } from '../stores/library.ts';
import { playerActions } from '../stores/player.ts';
import { useCurrentId } from '../stores/queue.ts';
import './SongsView.css';

const ROW = 36;
/** How many following rows "play from here" queues. */
const PLAY_FROM_HERE = 500;

const columns: { key: TrackSort | null; label: string; className: string }[] = [
  { key: null, label: '#', className: 'c-num' },
  { key: 'title', label: 'Title', className: 'c-title' },
  { key: 'artist', label: 'Artist', className: 'c-artist' },
  { key: 'album', label: 'Album', className: 'c-album' },
  { key: 'year', label: 'Year', className: 'c-year' },
  { key: 'genre', label: 'Genre', className: 'c-genre' },
  { key: null, label: '', className: 'c-actions' },
  { key: 'durationMs', label: 'Time', className: 'c-time' },
];

const SongRow = memo(function SongRow({ track, index, top, current, selected, onMouseDown, onPlay, onMenu, onMenuTracks }: {
  track: Track | undefined;
  index: number;
  top: number;
  current: boolean;
  selected: boolean;
  onMouseDown: (index: number, e: MouseEvent) => void;
  onPlay: (index: number) => void;
  onMenu: (index: number, e: MouseEvent) => void;
  onMenuTracks: (index: number) => Track[];
}) {
  const style = { transform: `translateY(${top}px)` };
  if (!track) {
    return (
      <div className="song-row loading" style={style} aria-hidden>
        <span className="c-num muted">{index + 1}</span>
        <span className="c-title"><span className="skeleton" style={{ width: `${40 + ((index * 37) % 40)}%` }} /></span>
        <span className="c-artist"><span className="skeleton" style={{ width: '50%' }} /></span>
        <span className="c-album"><span className="skeleton" style={{ width: '60%' }} /></span>
      </div>
    );
  }
  return (
    <div
      className={`song-row${current ? ' current' : ''}${selected ? ' selected' : ''}`}
      style={style}
      onMouseDown={(e) => onMouseDown(index, e)}
      onDoubleClick={() => onPlay(index)}
      onContextMenu={(e) => onMenu(index, e)}
      data-testid="song-row"
      data-track-id={track.id}
      role="row"
      aria-selected={selected}
    >
      <span className="c-num muted">{current ? <NowIndicator /> : index + 1}</span>
      <span className="c-title">
        <span className="ellipsis">{track.title}</span>
        <RowExtras track={track} tracks={() => onMenuTracks(index)} />
      </span>
      <span className="c-artist ellipsis">
        {track.artists[0] ? <a href={href('artist', track.artists[0].id)}>{track.artist}</a> : track.artist}
      </span>
      <span className="c-album ellipsis">
        {track.albumId !== null ? <a href={href('album', track.albumId)}>{track.album}</a> : track.album}
      </span>
      <span className="c-year muted">{track.year ?? ''}</span>
      <span className="c-genre ellipsis muted">{track.genres.join(', ')}</span>
      <span className="c-actions"><RowActions track={track} extras={false} /></span>
      <span className="c-time muted">{formatTime(track.durationMs)}</span>
    </div>
  );
});

export function SongsView() {
  const total = usePagedList(songsList, (s) => s.total);
  const rows = usePagedList(songsList, (s) => s.rows);
  usePagedList(songsList, (s) => s.version);
  const error = usePagedList(songsList, (s) => s.error);
  const query = songsList.query();
  const currentId = useCurrentId();
  const [selection, setSelection] = useState<Set<number>>(new Set());
  const [anchor, setAnchor] = useState(-1);
  const [cursor, setCursor] = useState(-1);
  const body = useRef<HTMLDivElement>(null);
  const margin = useScrollMargin(body);

  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: scrollParent,
    estimateSize: () => ROW,
    overscan: 12,
    scrollMargin: margin,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => songsList.ensureRange(first, last + 1), [first, last, total]);

  const sortBy = (key: TrackSort) => {
    const order: SortOrder = query.sort === key ? (query.order === 'asc' ? 'desc' : 'asc') : key === 'addedAt' ? 'desc' : 'asc';
    setSelection(new Set());
    songsList.setQuery({ ...query, sort: key, order });
    scrollParent()?.scrollTo({ top: 0 });
  };

  const play = useCallback(
    (index: number) => {
      const all = songsList.store.getState().rows;
      if (selection.size > 1 && selection.has(index)) {
        const picked = [...selection].sort((a, b) => a - b);
        const tracks = picked.map((i) => all[i]).filter((t): t is Track => t !== undefined);
        playerActions.playTracks(tracks, Math.max(0, tracks.findIndex((t) => t === all[index])));
        return;
      }
      // Play from here: this row and the loaded rows after it.
      const ids: Id[] = [];
      for (let i = index; i < all.length && ids.length < PLAY_FROM_HERE; i++) {
        const t = all[i];
        if (!t) break;
        ids.push(t.id);
      }
      playerActions.playTracks(ids, 0);
    },
    [selection],
  );

  const onMouseDown = useCallback(
    (index: number, e: MouseEvent) => {
      if ((e.target as HTMLElement).closest('a,button')) return;
      setCursor(index);
      if (e.shiftKey && anchor >= 0) {
        const [a, b] = anchor < index ? [anchor, index] : [index, anchor];
        setSelection(new Set(Array.from({ length: b - a + 1 }, (_, k) => a + k)));
      } else if (e.ctrlKey || e.metaKey) {
        setSelection((s) => {
          const next = new Set(s);
          if (next.has(index)) next.delete(index);
          else next.add(index);
          return next;
        });
        setAnchor(index);
      } else {
        setSelection(new Set([index]));
        setAnchor(index);
      }
    },
    [anchor],
  );

  const onKeyDown = (e: KeyboardEvent) => {
    const count = total ?? 0;
    if (!count) return;
    const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : e.key === 'PageDown' ? 20 : e.key === 'PageUp' ? -20 : 0;
    if (step) {
      e.preventDefault();
      const next = Math.max(0, Math.min(count - 1, cursor + step));
      setCursor(next);
      if (e.shiftKey && anchor >= 0) {
        const [a, b] = anchor < next ? [anchor, next] : [next, anchor];
        setSelection(new Set(Array.from({ length: b - a + 1 }, (_, k) => a + k)));
      } else {
        setSelection(new Set([next]));
        setAnchor(next);
      }
      virtualizer.scrollToIndex(next, { align: 'auto' });
    } else if (e.key === 'Enter' && cursor >= 0) {
      e.preventDefault();
      play(cursor);
    } else if (e.key === 'a' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      setSelection(new Set(Array.from({ length: Math.min(count, 5000) }, (_, k) => k)));
    }
  };

  /** The tracks a menu on row `index` acts on: the selection when the row is part of it. */
  const menuTracks = useCallback(
    (index: number): Track[] => {
      const all = songsList.store.getState().rows;
      if (selection.size > 1 && selection.has(index)) {
        return [...selection].sort((a, b) => a - b).map((i) => all[i]).filter((t): t is Track => t !== undefined);
      }
      const t = all[index];
      return t ? [t] : [];
    },
    [selection],
  );
  const onMenu = useCallback(
    (index: number, e: MouseEvent) => {
      if (!selection.has(index)) {
        setSelection(new Set([index]));
        setAnchor(index);
      }
      const tracks = selection.has(index) ? menuTracks(index) : [songsList.store.getState().rows[index]].filter((t): t is Track => t !== undefined);
      openTrackMenu(e, tracks);
    },
    [selection, menuTracks],
  );

  const selectedTracks = () =>
    [...selection].sort((a, b) => a - b).map((i) => rows[i]).filter((t): t is Track => t !== undefined);

  return (
    <div className="view songs-view" data-testid="view-songs">
      <div className="view-header">
        <div>
          <h1 className="view-title">Songs</h1>
          <div className="view-subtitle">{total === null ? '\u00a0' : plural(total, 'song')}</div>
        </div>
        {selection.size > 1 ? (
          <div className="detail-actions" style={{ marginTop: 0 }}>
            <span className="muted" style={{ alignSelf: 'center' }}>{selection.size} selected</span>
            <button className="btn primary" onClick={() => playerActions.playTracks(selectedTracks())} data-testid="play-selection">
              <Icon name="play" size={14} /> Play
            </button>
            <button className="btn" onClick={() => playerActions.playNext(selectedTracks())}>
              <Icon name="playNext" size={14} /> Play next
            </button>
            <button className="btn" onClick={() => playerActions.addToQueue(selectedTracks())}>
              <Icon name="plus" size={14} /> Add to queue
            </button>
            <button
              className="btn"
              onClick={(e) => {
                const r = e.currentTarget.getBoundingClientRect();
                const tracks = selectedTracks();
                menuActions.openAddMenu(r.left, r.bottom + 6, { trackIds: tracks.map((t) => t.id), label: `${tracks.length} tracks` });
              }}
              data-testid="selection-add-to-playlist"
            >
              <Icon name="playlist" size={14} /> Add to playlist…
            </button>
          </div>
        ) : null}
      </div>
      {error ? <div className="placeholder">{error}</div> : null}
      <div className="songs-table" role="table" tabIndex={0} onKeyDown={onKeyDown} data-testid="songs-table">
        <div className="song-head" role="row">
          {columns.map((c) =>
            c.key ? (
              <button
                key={c.className}
                className={`${c.className} head-cell${query.sort === c.key ? ' sorted' : ''}`}
                onClick={() => sortBy(c.key as TrackSort)}
                data-testid={`sort-${c.key}`}
                aria-sort={query.sort === c.key ? (query.order === 'asc' ? 'ascending' : 'descending') : 'none'}
              >
                {c.label}
                {query.sort === c.key ? <span className="sort-arrow">{query.order === 'asc' ? '▲' : '▼'}</span> : null}
              </button>
            ) : (
              <span key={c.className} className={`${c.className} head-cell static`}>
                {c.label}
              </span>
            ),
          )}
        </div>
        <div ref={body} className="song-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((v) => {
            const track = rows[v.index];
            return (
              <SongRow
                key={v.index}
                track={track}
                index={v.index}
                top={v.start - margin}
                current={track !== undefined && track.id === currentId}
                selected={selection.has(v.index)}
                onMouseDown={onMouseDown}
                onPlay={play}
                onMenu={onMenu}
                onMenuTracks={menuTracks}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
