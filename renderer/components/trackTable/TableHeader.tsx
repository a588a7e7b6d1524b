// The table's header row (sortable column titles; right-click or the ⋯ button picks columns) and
// the bar that acts on a multi-row selection.
import { useState } from 'react';
import type { Id, SortOrder, Track, TrackSort } from '../../../app/contract/index.ts';
import { playerActions } from '../../stores/player.ts';
import { AddToPlaylistButton } from '../AddToPlaylistButton.tsx';
import { Icon } from '../Icon.tsx';
import { Menu } from '../Menu.tsx';
import { chosenColumns, columnDefs, presets, resetColumns, toggleColumn, useColumnChoices, type ColumnId, type TablePreset } from './columns.ts';

export function TableHeader({ preset, cols, template, sort, extraLabel }: {
  preset: TablePreset;
  cols: readonly ColumnId[];
  template: string;
  sort: { key: TrackSort; order: SortOrder; onSort(key: TrackSort): void } | undefined;
  extraLabel: string;
}) {
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const choices = useColumnChoices();
  const chosen = chosenColumns(choices, preset);
  const def = presets[preset];
  const all = [...new Set([...def.columns, ...def.optional])].filter((c) => c !== 'title');
  const label = (c: ColumnId) => (c === 'extra' ? extraLabel || 'Details' : c === 'index' ? 'Number' : columnDefs[c].label);
  return (
    <div
      className="tt-head"
      role="row"
      aria-rowindex={1}
      style={{ gridTemplateColumns: template }}
      onContextMenu={(e) => {
        e.preventDefault();
        e.stopPropagation();
        setMenu({ x: e.clientX, y: e.clientY });
      }}
      onMouseDown={(e) => e.stopPropagation()}
      onClick={(e) => e.stopPropagation()}
    >
      {cols.map((c) => {
        const d = columnDefs[c];
        const text = c === 'extra' ? extraLabel : c === 'cover' ? '' : d.label;
        const key = sort && d.sort ? d.sort : null;
        const sorted = key !== null && sort?.key === key;
        return (
          <span
            key={c}
            role="columnheader"
            className={`tt-h${d.numeric ? ' tt-num' : ''}`}
            aria-sort={sorted ? (sort?.order === 'asc' ? 'ascending' : 'descending') : undefined}
          >
            {key !== null && sort ? (
              <button className={`tt-sort${sorted ? ' sorted' : ''}`} onClick={() => sort.onSort(key)} data-testid={`sort-${key}`} tabIndex={-1}>
                {text}
                {sorted ? <span className="sort-arrow" aria-hidden>{sort.order === 'asc' ? '▲' : '▼'}</span> : null}
              </button>
            ) : (
              text
            )}
          </span>
        );
      })}
      <span role="columnheader" className="tt-h tt-h-actions">
        <button
          className="icon-btn"
          onClick={(e) => {
            const r = e.currentTarget.getBoundingClientRect();
            setMenu({ x: r.left, y: r.bottom + 4 });
          }}
          aria-label="Choose columns"
          title="Choose columns (or right-click the header)"
          data-testid="columns-button"
          tabIndex={-1}
        >
          <Icon name="more" size={15} />
        </button>
      </span>
      {menu ? (
        <Menu
          x={menu.x}
          y={menu.y}
          header="Columns"
          onClose={() => setMenu(null)}
          items={[
            ...all.map((c) => ({
              label: `${chosen.includes(c) ? '✓' : '\u2003'} ${label(c)}`,
              testId: `column-${c}`,
              onSelect: () => toggleColumn(preset, c),
            })),
            { label: 'Reset to defaults', separator: true, onSelect: () => resetColumns(preset) },
          ]}
        />
      ) : null}
    </div>
  );
}

export function SelectionBar({ count, resolve, onClear }: { count: number; resolve: () => Promise<(Track | Id)[]>; onClear: () => void }) {
  const run = (fn: (t: (Track | Id)[]) => void) => () => void resolve().then(fn);
  return (
    <div className="tt-selection" role="toolbar" aria-label="Selected tracks" data-testid="selection-bar">
      <span className="muted">{count.toLocaleString()} selected</span>
      <button className="btn primary" onClick={run((t) => playerActions.playTracks(t))} data-testid="play-selection">
        <Icon name="play" size={14} /> Play
      </button>
      <button className="btn" onClick={run((t) => playerActions.playNext(t))}>
        <Icon name="playNext" size={14} /> Play next
      </button>
      <button className="btn" onClick={run((t) => playerActions.addToQueue(t))}>
        <Icon name="plus" size={14} /> Add to queue
      </button>
      <AddToPlaylistButton
        target={async () => {
          const t = await resolve();
          return { trackIds: t.map((x) => (typeof x === 'number' ? x : x.id)), label: `${t.length} tracks` };
        }}
        testId="selection-add-to-playlist"
      />
      <button className="btn" onClick={onClear} aria-label="Clear the selection">
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}
