// What the table's commands do with rows: resolve them to tracks or ids (a paged list may not have
// every selected row loaded), open the track menu, start an in-app drag.
import type React from 'react';
import type { Id, Track } from '../../../app/contract/index.ts';
import { menuActions } from '../../stores/menus.ts';
import type { MenuItem } from '../Menu.tsx';
import type { TableRow } from './TrackRow.tsx';

export interface RowLookup {
  rowAt(index: number): TableRow | undefined;
  /** Ids of rows that may not be loaded (a paged list); the table falls back to loaded rows. */
  idsAt?(indexes: readonly number[]): Promise<Id[]>;
}

/** The tracks (when all are loaded) or else the ids of these rows, in order. */
export async function resolveRows(lookup: RowLookup, indexes: readonly number[]): Promise<(Track | Id)[]> {
  const tracks = indexes.map((i) => lookup.rowAt(i)?.track);
  if (tracks.every((t): t is Track => t !== undefined)) return tracks;
  if (lookup.idsAt) return lookup.idsAt(indexes);
  return tracks.filter((t): t is Track => t !== undefined);
}

export async function openRowMenu(lookup: RowLookup, indexes: readonly number[], x: number, y: number, extra: MenuItem[]): Promise<void> {
  const items = await resolveRows(lookup, indexes);
  menuActions.openTrackMenu(x, y, items, extra);
}

/** The MIME type of an in-app track drag (the sidebar's playlists and queue accept it). */
export const TRACKS_MIME = 'application/x-tonearm-tracks';

/** The rows of the drag in progress (ids may still be resolving for a big paged selection). */
let dragged: Promise<Id[]> | null = null;

export function startTrackDrag(dt: DataTransfer, lookup: RowLookup, indexes: readonly number[], label: string): void {
  dragged = resolveRows(lookup, indexes).then((items) => items.map((t) => (typeof t === 'number' ? t : t.id)));
  dt.effectAllowed = 'copyMove';
  dt.setData(TRACKS_MIME, String(indexes.length));
  dt.setData('text/plain', label);
}

export function draggedTracks(): Promise<Id[]> | null {
  return dragged;
}

export function endTrackDrag(): void {
  dragged = null;
}

/** Props that make an element accept dragged tracks (the sidebar's playlists and queue). */
export function trackDropTarget(onTracks: (ids: Id[]) => void): {
  onDragOver: (e: React.DragEvent) => void;
  onDragLeave: (e: React.DragEvent) => void;
  onDrop: (e: React.DragEvent) => void;
} {
  const accepts = (e: React.DragEvent) => e.dataTransfer.types.includes(TRACKS_MIME) && dragged !== null;
  return {
    onDragOver(e) {
      if (!accepts(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      (e.currentTarget as HTMLElement).classList.add('drop-target');
    },
    onDragLeave(e) {
      (e.currentTarget as HTMLElement).classList.remove('drop-target');
    },
    onDrop(e) {
      (e.currentTarget as HTMLElement).classList.remove('drop-target');
      const payload = dragged;
      if (!accepts(e) || !payload) return;
      e.preventDefault();
      void payload.then((ids) => ids.length && onTracks(ids));
    },
  };
}
