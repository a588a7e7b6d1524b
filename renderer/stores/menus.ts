// Which popup is open: a track context menu, the "Add to playlist" menu, or a playlist dialog.
// Rendered once by components/Overlays.tsx; any view opens them through `menuActions`.
import { create } from 'zustand';
import type { Id, Track } from '../../app/contract/index.ts';
import type { MenuItem } from '../components/Menu.tsx';

/** What "Add to playlist" adds: tracks (a row, a selection) or whole albums. */
export type AddTarget = { trackIds: Id[]; albumIds?: undefined; label: string } | { albumIds: Id[]; trackIds?: undefined; label: string };

export type OpenMenu =
  | { kind: 'tracks'; x: number; y: number; tracks: (Track | Id)[]; extra: MenuItem[] }
  | { kind: 'add'; x: number; y: number; target: AddTarget };

export type OpenDialog =
  | { kind: 'new-playlist'; add?: AddTarget }
  | { kind: 'edit-playlist'; id: Id }
  | { kind: 'shortcuts' };

interface MenusState {
  menu: OpenMenu | null;
  dialog: OpenDialog | null;
}

export const useMenus = create<MenusState>(() => ({ menu: null, dialog: null }));

export const menuActions = {
  /**
   * Right-click (or the ⋯ button) on tracks — Track objects, or ids for a big selection whose rows
   * are not all loaded. `extra` items go at the end (e.g. "Remove from playlist").
   */
  openTrackMenu(x: number, y: number, tracks: readonly (Track | Id)[], extra: MenuItem[] = []): void {
    if (!tracks.length) return;
    useMenus.setState({ menu: { kind: 'tracks', x, y, tracks: tracks.slice(), extra } });
  },
  openAddMenu(x: number, y: number, target: AddTarget): void {
    useMenus.setState({ menu: { kind: 'add', x, y, target } });
  },
  closeMenu(): void {
    useMenus.setState({ menu: null });
  },
  openDialog(dialog: OpenDialog): void {
    useMenus.setState({ dialog, menu: null });
  },
  closeDialog(): void {
    useMenus.setState({ dialog: null });
  },
};

export const useOpenMenu = (): OpenMenu | null => useMenus((s) => s.menu);
export const useOpenDialog = (): OpenDialog | null => useMenus((s) => s.dialog);
