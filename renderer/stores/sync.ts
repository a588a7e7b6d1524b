// Sync settings and runs (Settings → Sync): status from the library API, live over SSE while open.
import { create } from 'zustand';
import type { SyncStatus } from '../../app/contract/index.ts';
import { subscribeSync, syncClient } from '../api/client.ts';
import { toastActions } from './toasts.ts';

interface SyncStore {
  status: SyncStatus | null;
  saving: boolean;
}

export const useSync = create<SyncStore>(() => ({ status: null, saving: false }));
const set = useSync.setState;

export const syncActions = {
  async load(): Promise<void> {
    try {
      set({ status: await syncClient.status() });
    } catch (err) {
      toastActions.error(`Sync: ${(err as Error).message}`);
    }
  },
  /** Saves the server address and (when given) a new device token. */
  async save(server: string, token: string): Promise<boolean> {
    set({ saving: true });
    try {
      set({ status: await syncClient.save({ server, ...(token ? { token } : {}) }) });
      toastActions.show('Sync settings saved');
      return true;
    } catch (err) {
      toastActions.error(`Sync: ${(err as Error).message}`);
      return false;
    } finally {
      set({ saving: false });
    }
  },
  async run(): Promise<void> {
    try {
      set({ status: await syncClient.run() });
    } catch (err) {
      toastActions.error(`Sync: ${(err as Error).message}`);
    }
  },
  /** Follows the sync status while the Settings view is open; returns the unsubscribe function. */
  watch(): () => void {
    return subscribeSync((status) => set({ status }));
  },
};

export const useSyncStatus = (): SyncStatus | null => useSync((s) => s.status);
export const useSyncSaving = (): boolean => useSync((s) => s.saving);
