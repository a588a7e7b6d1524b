// The track table's columns: what each shows, how wide it may be, which presets (views) show
// which by default, and which the user turned on or off (kept in localStorage per preset). At
// narrow widths the lowest-priority columns give way (title, time and the number never do).
import { create } from 'zustand';
import type { TrackSort } from '../../../app/contract/index.ts';

export type ColumnId = 'index' | 'cover' | 'title' | 'artist' | 'album' | 'albumArtist' | 'year' | 'genre' | 'extra' | 'format' | 'duration';

export interface ColumnDef {
  id: ColumnId;
  label: string;
  /** CSS grid track. */
  track: string;
  /** Smallest useful width in px (used to decide what fits). */
  min: number;
  /** Higher stays longer when the table gets narrow. */
  priority: number;
  sort?: TrackSort;
  numeric?: boolean;
}

export const columnDefs: Record<ColumnId, ColumnDef> = {
  index: { id: 'index', label: '#', track: '44px', min: 44, priority: 80, numeric: true },
  cover: { id: 'cover', label: 'Cover', track: '40px', min: 40, priority: 40 },
  title: { id: 'title', label: 'Title', track: 'minmax(0, 3fr)', min: 150, priority: 100, sort: 'title' },
  artist: { id: 'artist', label: 'Artist', track: 'minmax(0, 2fr)', min: 110, priority: 70, sort: 'artist' },
  album: { id: 'album', label: 'Album', track: 'minmax(0, 2fr)', min: 110, priority: 60, sort: 'album' },
  albumArtist: { id: 'albumArtist', label: 'Album artist', track: 'minmax(0, 2fr)', min: 110, priority: 25, sort: 'albumArtist' },
  year: { id: 'year', label: 'Year', track: '52px', min: 52, priority: 30, sort: 'year', numeric: true },
  genre: { id: 'genre', label: 'Genre', track: 'minmax(0, 1fr)', min: 80, priority: 20, sort: 'genre' },
  extra: { id: 'extra', label: '', track: 'minmax(0, 2fr)', min: 110, priority: 50 },
  format: { id: 'format', label: 'Format', track: '96px', min: 96, priority: 15, sort: 'codec' },
  duration: { id: 'duration', label: 'Time', track: '56px', min: 56, priority: 90, sort: 'durationMs', numeric: true },
};

/** Where a table is used; each has its default columns and its own saved choice. */
export type TablePreset = 'songs' | 'album' | 'folder' | 'playlist' | 'queue' | 'list' | 'search';

export interface PresetDef {
  /** Visible by default, in display order. */
  columns: ColumnId[];
  /** What the user may add (in display order with the defaults). */
  optional: ColumnId[];
  /** Label of the view-specific column (plays, reason, added…). */
  extraLabel?: string;
}

export const presets: Record<TablePreset, PresetDef> = {
  songs: { columns: ['index', 'title', 'artist', 'album', 'year', 'genre', 'duration'], optional: ['cover', 'albumArtist', 'format'] },
  album: { columns: ['index', 'title', 'duration'], optional: ['artist', 'genre', 'year', 'format'] },
  folder: { columns: ['index', 'title', 'artist', 'album', 'duration'], optional: ['cover', 'year', 'genre', 'format'] },
  playlist: { columns: ['index', 'cover', 'title', 'album', 'extra', 'duration'], optional: ['artist', 'year', 'genre', 'format'], extraLabel: 'Added' },
  queue: { columns: ['index', 'cover', 'title', 'album', 'duration'], optional: ['artist', 'year', 'genre', 'format'] },
  list: { columns: ['index', 'cover', 'title', 'album', 'extra', 'duration'], optional: ['artist', 'year', 'genre', 'format'] },
  search: { columns: ['cover', 'title', 'album', 'duration'], optional: ['index', 'artist', 'year', 'genre', 'format'] },
};

const order: ColumnId[] = ['index', 'cover', 'title', 'artist', 'album', 'albumArtist', 'year', 'genre', 'extra', 'format', 'duration'];

/** Width of the actions cell: heart, play next, add to queue, remove, more — or on narrow tables heart and more. */
export const actionsWidth = (narrow: boolean): number => (narrow ? 60 : 140);
/** Below this width a table shows only the heart and "more" (the rest is in the menu). */
export const NARROW = 640;
export const GAP = 12;
export const PADDING = 24;

/**
 * The columns shown in a table `width` px wide: the chosen ones (title always), dropping the
 * lowest priority until the rest fit. A pure function of its inputs.
 */
export function fitColumns(chosen: readonly ColumnId[], width: number, hasExtra: boolean): ColumnId[] {
  let shown = order.filter((c) => (c === 'title' || chosen.includes(c)) && (c !== 'extra' || hasExtra));
  const need = (cols: ColumnId[]) => cols.reduce((s, c) => s + columnDefs[c].min + GAP, PADDING + actionsWidth(width < NARROW));
  while (width > 0 && need(shown) > width) {
    const drop = shown.filter((c) => c !== 'title').sort((a, b) => columnDefs[a].priority - columnDefs[b].priority)[0];
    if (!drop || columnDefs[drop].priority >= 80) break;
    shown = shown.filter((c) => c !== drop);
  }
  return shown;
}

export function gridTemplate(cols: readonly ColumnId[], narrow: boolean): string {
  return [...cols.map((c) => columnDefs[c].track), `${actionsWidth(narrow) - GAP}px`].join(' ');
}

// The user's column choices, per preset, remembered across sessions.
const STORAGE_KEY = 'tonearm.columns.v1';

function loadChoices(): Partial<Record<TablePreset, ColumnId[]>> {
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
    const parsed = raw ? (JSON.parse(raw) as Partial<Record<TablePreset, ColumnId[]>>) : {};
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

export const useColumnChoices = create<Partial<Record<TablePreset, ColumnId[]>>>(() => loadChoices());

export function chosenColumns(choices: Partial<Record<TablePreset, ColumnId[]>>, preset: TablePreset): ColumnId[] {
  const saved = choices[preset];
  const def = presets[preset];
  if (!saved) return def.columns;
  const allowed = new Set([...def.columns, ...def.optional]);
  return saved.filter((c) => allowed.has(c));
}

export function toggleColumn(preset: TablePreset, column: ColumnId): void {
  if (column === 'title') return;
  const now = chosenColumns(useColumnChoices.getState(), preset);
  const next = now.includes(column) ? now.filter((c) => c !== column) : order.filter((c) => c === column || now.includes(c));
  useColumnChoices.setState({ [preset]: next });
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(useColumnChoices.getState()));
  } catch {
    /* private mode: the choice lasts for this session */
  }
}

export function resetColumns(preset: TablePreset): void {
  const { [preset]: _dropped, ...rest } = useColumnChoices.getState();
  useColumnChoices.setState(rest, true);
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(rest));
  } catch {
    /* ignore */
  }
}
