// Library settings: folders, scan progress (SSE), scan errors, stats.
import { create } from 'zustand';
import type { LibraryStats, ScanError, ScanProgress } from '../../app/contract/index.ts';
import { client, subscribeScan } from '../api/client.ts';
import { libraryActions } from './library.ts';
import { toastActions } from './toasts.ts';

interface SettingsStore {
  folders: string[] | null;
  progress: ScanProgress | null;
  errors: ScanError[] | null;
  stats: LibraryStats | null;
  /** The API could not be reached at all. */
  offline: string | null;
  demoLoading: boolean;
}

export const useSettings = create<SettingsStore>(() => ({
  folders: null,
  progress: null,
  errors: null,
  stats: null,
  offline: null,
  demoLoading: false,
}));

const set = useSettings.setState;
let unsubscribe: (() => void) | null = null;

async function refreshAfterScan(): Promise<void> {
  libraryActions.invalidate();
  await Promise.all([settingsActions.loadStats(), settingsActions.loadErrors()]);
}

export const settingsActions = {
  async loadStats(): Promise<void> {
    try {
      set({ stats: await client.stats(), offline: null });
    } catch (err) {
      set({ offline: (err as Error).message });
    }
  },
  async loadFolders(): Promise<void> {
    try {
      set({ folders: (await client.libraryFolders()).folders });
    } catch (err) {
      toastActions.error(`Library folders: ${(err as Error).message}`);
    }
  },
  async loadErrors(): Promise<void> {
    try {
      set({ errors: await client.scanErrors() });
    } catch {
      set({ errors: [] });
    }
  },
  async addFolder(path: string): Promise<boolean> {
    const trimmed = path.trim();
    if (!trimmed) return false;
    try {
      set({ folders: (await client.addLibraryFolder(trimmed)).folders });
      toastActions.show(`Added ${trimmed} — scanning`);
      return true;
    } catch (err) {
      toastActions.error((err as Error).message);
      return false;
    }
  },
  async removeFolder(path: string): Promise<void> {
    try {
      set({ folders: (await client.removeLibraryFolder(path)).folders });
    } catch (err) {
      toastActions.error((err as Error).message);
    }
  },
  async rescan(): Promise<void> {
    try {
      set({ progress: await client.rescan() });
    } catch (err) {
      toastActions.error(`Rescan: ${(err as Error).message}`);
    }
  },
  async loadDemo(): Promise<void> {
    set({ demoLoading: true });
    try {
      await client.demo();
      // The scan's `done` event refreshes the views; refresh now too in case it was instant.
      await refreshAfterScan();
    } catch (err) {
      toastActions.error(`Demo library: ${(err as Error).message}`);
    } finally {
      set({ demoLoading: false });
    }
  },
  /** Follows scan progress for the app's lifetime; refreshes the library when a scan finishes. */
  watchScans(): void {
    if (unsubscribe) return;
    unsubscribe = subscribeScan((p) => {
      const before = useSettings.getState().progress;
      set({ progress: p });
      // A scan finished (seen running, or a new summary arrived): refresh the views.
      const finished = (before?.running && !p.running) || (before && JSON.stringify(before.last) !== JSON.stringify(p.last));
      if (finished) void refreshAfterScan();
    });
  },
};

export const useScanProgress = (): ScanProgress | null => useSettings((s) => s.progress);
export const useLibraryFolders = (): string[] | null => useSettings((s) => s.folders);
export const useScanErrors = (): ScanError[] | null => useSettings((s) => s.errors);
export const useStats = (): LibraryStats | null => useSettings((s) => s.stats);
export const useOffline = (): string | null => useSettings((s) => s.offline);
export const useDemoLoading = (): boolean => useSettings((s) => s.demoLoading);
export const useLibraryEmpty = (): boolean => useSettings((s) => s.stats !== null && s.stats.tracks === 0);
