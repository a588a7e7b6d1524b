// THE track table: Songs, Album, Folder, Playlist, Queue, History, Favorites, Search, mixes. One
// virtualized grid (rows scroll with the page, keyed by track/entry id), one selection model
// (selection.ts: click, Ctrl/⌘, Shift ranges, keyboard), one context menu, drag and drop (reorder
// where the view allows it; onto the sidebar's playlists and queue everywhere), configurable
// columns (columns.ts). Views give rows (in memory or paged) and say what play/remove/move mean.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent, type MouseEvent } from 'react';
import type { Id, SortOrder, TrackSort } from '../../../app/contract/index.ts';
import { useElementWidth, scrollParent, useScrollMargin } from '../../lib/useElementWidth.ts';
import { playerActions, useNowPlayingId } from '../../stores/player.ts';
import { prefsActions, usePrefsStore } from '../../stores/prefs.ts';
import type { MenuItem } from '../Menu.tsx';
import { chosenColumns, fitColumns, gridTemplate, NARROW, presets, useColumnChoices, type TablePreset } from './columns.ts';
import { SelectionBar, TableHeader } from './TableHeader.tsx';
import { endTrackDrag, openRowMenu, resolveRows, startTrackDrag, type RowLookup } from './tableActions.ts';
import { HeadingRow, PlaceholderRow, TrackRow, type TableRow } from './TrackRow.tsx';
import * as S from './selection.ts';
import './TrackTable.css';

export type { TableRow } from './TrackRow.tsx';

export interface TrackTableProps {
  preset: TablePreset;
  /** Accessible name of the grid ("Songs", "Queue", …). */
  label: string;
  count: number;
  /** The row at `index`; undefined while a paged list has not loaded it (a placeholder shows). */
  rowAt(index: number): TableRow | undefined;
  /** Changes whenever rows arrive or change (re-renders the visible rows). */
  version?: unknown;
  /** Rows [start, end) are in view (a paged list fetches them). */
  onRange?(start: number, end: number): void;
  idsAt?: RowLookup['idsAt'];
  /** Double-click / Enter on a row that is not part of a multi-selection. */
  onPlay(index: number): void;
  /** The queue: which position is current (else: rows whose track is playing are marked). */
  currentIndex?: number;
  /** The queue: rows before this one have played. */
  playedBefore?: number;
  onRemove?(indexes: number[]): void;
  removeLabel?: string;
  /** Drag or Alt+↑/↓ to reorder: rows `indexes` land right before row `before` (null: the end). */
  onMove?(indexes: number[], before: number | null): void;
  menuExtra?(indexes: number[]): MenuItem[];
  sort?: { key: TrackSort; order: SortOrder; onSort(key: TrackSort): void };
  /** A heading before row `index` (disc headings on an album). */
  headingAt?(index: number): string | null;
  /** What the # column shows. */
  numberAt?(index: number): number | string;
  extraLabel?: string;
  testId?: string;
  rowTestId?: string;
}

type Item = { kind: 'row'; index: number } | { kind: 'heading'; label: string; before: number };

const ROW = 36;
const TALL = 52;

export function TrackTable(props: TrackTableProps) {
  const { preset, count, rowAt, version, headingAt } = props;
  const uid = useId();
  const ref = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref);
  const margin = useScrollMargin(body);
  const narrow = width > 0 && width < NARROW;
  const choices = useColumnChoices();
  const hasExtra = props.extraLabel !== undefined || presets[preset].extraLabel !== undefined || preset === 'list';
  const chosen = chosenColumns(choices, preset);
  const cols = useMemo(() => fitColumns(chosen, width, hasExtra), [chosen.join(), width, hasExtra]);
  const template = useMemo(() => gridTemplate(cols, narrow), [cols, narrow]);
  const subline = cols.includes('artist') ? 'none' : preset === 'album' ? 'inline' : 'artist';
  const rowHeight = subline === 'artist' || cols.includes('cover') ? TALL : ROW;

  const [sel, setSel] = useState<S.Selection>(S.emptySelection);
  const [hover, setHover] = useState(-1);
  const [drop, setDrop] = useState<{ index: number; edge: 'before' | 'after' } | null>(null);
  const dragFrom = useRef<number[] | null>(null);
  const pendingClick = useRef<number | null>(null);
  useEffect(() => setSel((s) => S.clampTo(s, count)), [count]);

  // Headings (album discs) are items of their own; without them item i is row i.
  const items = useMemo<Item[] | null>(() => {
    if (!headingAt) return null;
    const out: Item[] = [];
    for (let i = 0; i < count; i++) {
      const label = headingAt(i);
      if (label) out.push({ kind: 'heading', label, before: i });
      out.push({ kind: 'row', index: i });
    }
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [headingAt, count, version]);
  const itemCount = items ? items.length : count;
  const itemAt = (i: number): Item => items?.[i] ?? { kind: 'row', index: i };
  const itemOfRow = (index: number) => (items ? items.findIndex((it) => it.kind === 'row' && it.index === index) : index);

  // Sizes are fixed per row kind. The estimate keeps its identity between renders and the
  // virtualizer keys items by index: a new function or key per render would make it re-measure
  // all 100,000 items every frame. React keys rows by their own stable key (below).
  const estimateSize = useCallback((i: number) => (items?.[i]?.kind === 'heading' ? ROW : rowHeight), [items, rowHeight]);
  const virtualizer = useVirtualizer({
    count: itemCount,
    getScrollElement: scrollParent,
    estimateSize,
    overscan: 6,
    scrollMargin: margin,
  });
  useLayoutEffect(() => virtualizer.measure(), [rowHeight, virtualizer, version]);
  const virtual = virtualizer.getVirtualItems();
  const firstRow = virtual.length ? rowIndexNear(virtual[0]?.index ?? 0) : 0;
  const lastRow = virtual.length ? rowIndexNear(virtual[virtual.length - 1]?.index ?? 0) : 0;
  function rowIndexNear(item: number): number {
    const it = itemAt(item);
    return it.kind === 'row' ? it.index : it.before;
  }
  const onRange = props.onRange;
  useEffect(() => onRange?.(firstRow, lastRow + 1), [onRange, firstRow, lastRow, count]);

  // Favorites of the rows in view: looked up in one batch per page by paged lists; here for the rest.
  usePrefsStore((s) => s.version);
  const prefs = usePrefsStore.getState().items;
  useEffect(() => {
    if (props.onRange) return;
    const ids: Id[] = [];
    for (let i = 0; i < count; i++) {
      const t = rowAt(i)?.track;
      if (t) ids.push(t.id);
    }
    prefsActions.ensure('track', ids);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [count, version]);

  const currentId = useNowPlayingId();
  const lookup: RowLookup = { rowAt, ...(props.idsAt ? { idsAt: props.idsAt } : {}) };
  const latest = useRef({ props, sel, lookup });
  latest.current = { props, sel, lookup };

  const play = useCallback((index: number) => {
    const { props: p, sel: s, lookup: l } = latest.current;
    if (S.isSelected(s, index) && S.selectedCount(s) > 1) {
      void resolveRows(l, S.selectedIndexes(s)).then((tracks) => playerActions.playTracks(tracks, 0));
    } else p.onPlay(index);
  }, []);

  const menuAt = (index: number, x: number, y: number) => {
    const s = S.contextClick(sel, index);
    setSel(s);
    const idx = S.targetIndexes(s, index);
    const extra = [...(props.menuExtra?.(idx) ?? [])];
    if (props.onRemove) {
      const label = props.removeLabel ?? 'Remove';
      extra.push({ label: idx.length > 1 ? `${label} (${idx.length} tracks)` : label, icon: 'trash', testId: 'menu-remove', onSelect: () => remove(idx) });
    }
    void openRowMenu(lookup, idx, x, y, extra);
  };

  const remove = (indexes: number[]) => {
    if (!props.onRemove || !indexes.length) return;
    props.onRemove(indexes);
    setSel(S.afterRemove(indexes, count - indexes.length));
  };

  const move = (indexes: number[], before: number | null) => {
    if (!props.onMove || !indexes.length) return;
    props.onMove(indexes, before);
    setSel(S.afterMove(indexes, before, count));
  };

  const rowOf = (e: { target: EventTarget }): number => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    return el ? Number(el.dataset.index) : -1;
  };

  const onMouseDown = (e: MouseEvent) => {
    const i = rowOf(e);
    if (i < 0 || (e.target as HTMLElement).closest('a,button')) return;
    ref.current?.focus({ preventScroll: true });
    if (e.button !== 0) return;
    const mods = { shift: e.shiftKey, toggle: e.ctrlKey || e.metaKey };
    // A plain press inside a multi-selection may start dragging it: decide on click.
    if (!mods.shift && !mods.toggle && S.isSelected(sel, i) && S.selectedCount(sel) > 1) pendingClick.current = i;
    else setSel(S.click(sel, i, mods));
  };

  const onClick = (e: MouseEvent) => {
    const action = (e.target as HTMLElement).closest<HTMLElement>('[data-action]')?.dataset.action;
    const i = rowOf(e);
    if (pendingClick.current !== null && !action) setSel(S.click(sel, pendingClick.current));
    pendingClick.current = null;
    if (!action || i < 0) return;
    e.stopPropagation();
    const track = rowAt(i)?.track;
    const targets = S.targetIndexes(sel, i);
    if (action === 'play') play(i);
    else if (action === 'love' && track) void prefsActions.toggleFavorite('track', track.id);
    else if (action === 'play-next') void resolveRows(lookup, targets).then((t) => playerActions.playNext(t));
    else if (action === 'add-queue') void resolveRows(lookup, targets).then((t) => playerActions.addToQueue(t));
    else if (action === 'remove') remove(S.isSelected(sel, i) ? targets : [i]);
    else if (action === 'more') {
      const r = (e.target as HTMLElement).closest('button')?.getBoundingClientRect();
      menuAt(i, r ? r.left : e.clientX, r ? r.bottom : e.clientY);
    }
  };

  const onDoubleClick = (e: MouseEvent) => {
    const i = rowOf(e);
    if (i >= 0 && !(e.target as HTMLElement).closest('a,button')) play(i);
  };

  const onContextMenu = (e: MouseEvent) => {
    const i = rowOf(e);
    if (i < 0) return;
    e.preventDefault();
    menuAt(i, e.clientX, e.clientY);
  };

  const onMouseOver = (e: MouseEvent) => {
    const i = rowOf(e);
    if (i !== hover) setHover(i);
  };

  const onDragStart = (e: DragEvent) => {
    const i = rowOf(e);
    if (i < 0) return;
    pendingClick.current = null;
    const idx = S.isSelected(sel, i) ? S.selectedIndexes(sel) : [i];
    if (!S.isSelected(sel, i)) setSel(S.click(sel, i));
    dragFrom.current = idx;
    const first = rowAt(idx[0] ?? i)?.track;
    startTrackDrag(e.dataTransfer, lookup, idx, idx.length > 1 ? `${idx.length} tracks` : (first?.title ?? 'track'));
  };
  const edgeOf = (e: DragEvent): 'before' | 'after' => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    const r = el?.getBoundingClientRect();
    return r && e.clientY < r.top + r.height / 2 ? 'before' : 'after';
  };
  const onDragOver = (e: DragEvent) => {
    autoScroll(e.clientY);
    if (!props.onMove || !dragFrom.current) return;
    const i = rowOf(e);
    if (i < 0) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    const edge = edgeOf(e);
    if (drop?.index !== i || drop.edge !== edge) setDrop({ index: i, edge });
  };
  const onDrop = (e: DragEvent) => {
    const from = dragFrom.current;
    const i = rowOf(e);
    setDrop(null);
    if (!props.onMove || !from || i < 0) return;
    e.preventDefault();
    const before = edgeOf(e) === 'before' ? i : i + 1;
    dragFrom.current = null;
    move(from, before >= count ? null : before);
  };
  const onDragEnd = () => {
    dragFrom.current = null;
    setDrop(null);
    endTrackDrag();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (!count) return;
    const page = Math.max(1, Math.floor((scrollParent()?.clientHeight ?? 600) / rowHeight) - 1);
    const steps: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -count, End: count };
    const step = steps[e.key];
    const mods = { shift: e.shiftKey };
    if (step !== undefined && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      e.stopPropagation();
      if (e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
        if (!props.onMove || sel.cursor < 0) return;
        const idx = S.isSelected(sel, sel.cursor) ? S.selectedIndexes(sel) : [sel.cursor];
        const first = idx[0] ?? 0;
        const last = idx[idx.length - 1] ?? 0;
        if (step < 0 && first > 0) move(idx, first - 1);
        else if (step > 0 && last < count - 1) move(idx, last + 2 >= count ? null : last + 2);
        return;
      }
      const next = S.moveCursor(sel, step, count, mods);
      setSel(next);
      virtualizer.scrollToIndex(itemOfRow(next.cursor), { align: 'auto' });
    } else if (e.key === 'Enter' && sel.cursor >= 0) {
      e.preventDefault();
      play(sel.cursor);
    } else if ((e.key === 'Delete' || e.key === 'Backspace') && props.onRemove && S.selectedCount(sel) > 0) {
      e.preventDefault();
      remove(S.selectedIndexes(sel));
    } else if ((e.key === 'a' || e.key === 'A') && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      setSel(S.selectAll(count, sel));
    } else if (e.key === 'Escape' && S.selectedCount(sel) > 0) {
      e.preventDefault();
      setSel(S.emptySelection);
    } else if ((e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) && sel.cursor >= 0) {
      e.preventDefault();
      const row = document.getElementById(`${uid}-r${sel.cursor}`)?.getBoundingClientRect();
      menuAt(sel.cursor, row ? row.left + 48 : 100, row ? row.bottom : 100);
    }
  };

  const rowTestId = props.rowTestId ?? 'track-row';
  const selectedCount = S.selectedCount(sel);
  return (
    <div className="track-table" data-testid={props.testId ?? 'track-table'} style={{ ['--row' as string]: `${rowHeight}px` }}>
      {selectedCount > 1 ? (
        <SelectionBar count={selectedCount} resolve={() => resolveRows(lookup, S.selectedIndexes(sel))} onClear={() => setSel(S.emptySelection)} />
      ) : null}
      <div
        ref={ref}
        className={`tt-grid${narrow ? ' narrow' : ''}`}
        role="grid"
        aria-label={props.label}
        aria-rowcount={count + 1}
        aria-multiselectable
        aria-activedescendant={sel.cursor >= 0 ? `${uid}-r${sel.cursor}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onMouseDown={onMouseDown}
        onClick={onClick}
        onDoubleClick={onDoubleClick}
        onContextMenu={onContextMenu}
        onMouseOver={onMouseOver}
        onMouseLeave={() => setHover(-1)}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDrop={onDrop}
        onDragEnd={onDragEnd}
      >
        <TableHeader preset={preset} cols={cols} template={template} sort={props.sort} extraLabel={props.extraLabel ?? presets[preset].extraLabel ?? ''} />
        <div ref={body} className="tt-body" style={{ height: virtualizer.getTotalSize() }}>
          {virtual.map((v) => {
            const it = itemAt(v.index);
            const top = v.start - margin;
            if (it.kind === 'heading') return <HeadingRow key={`h:${it.label}:${it.before}`} top={top} height={ROW} label={it.label} />;
            const row = rowAt(it.index);
            // Placeholders are keyed by slot, not index: while a fling moves the window, React moves
            // the same few elements instead of unmounting and mounting ~40 of them every frame.
            if (!row) return <PlaceholderRow key={`~${it.index % 256}`} top={top} height={rowHeight} />;
            const i = it.index;
            const current = props.currentIndex !== undefined ? i === props.currentIndex : row.track.id === currentId;
            return (
              <TrackRow
                key={row.key}
                track={row.track}
                extra={row.extra}
                rowKey={row.key}
                index={i}
                number={props.numberAt ? props.numberAt(i) : i + 1}
                top={top}
                height={rowHeight}
                cols={cols}
                template={template}
                subline={subline}
                current={current}
                selected={S.isSelected(sel, i)}
                played={props.playedBefore !== undefined && i < props.playedBefore}
                active={hover === i || (sel.cursor === i && S.selectedCount(sel) === 1)}
                loved={prefs.get(`track:${row.track.id}`)?.favorite === true}
                dropEdge={drop && drop.index === i ? drop.edge : null}
                removable={props.onRemove !== undefined}
                removeLabel={props.removeLabel ?? 'Remove'}
                narrow={narrow}
                testId={rowTestId}
                domId={`${uid}-r${i}`}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** Scrolls the page while a drag hovers near its top or bottom edge. */
function autoScroll(clientY: number): void {
  const el = scrollParent();
  if (!el) return;
  const r = el.getBoundingClientRect();
  if (clientY < r.top + 48) el.scrollBy(0, -24);
  else if (clientY > r.bottom - 48) el.scrollBy(0, 24);
}

/** The table over rows held in memory (mixes, similar tracks, a smart playlist's first page…). */
export function RowsTable({ rows, preset = 'list', label, ...rest }: Omit<TrackTableProps, 'count' | 'rowAt' | 'version' | 'preset' | 'label'> & { rows: readonly TableRow[]; preset?: TablePreset; label: string }) {
  return <TrackTable {...rest} preset={preset} label={label} count={rows.length} rowAt={(i) => rows[i]} version={rows} />;
}
