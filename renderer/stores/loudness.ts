// Background loudness measurement (Settings → Loudness): status from the library API, live over SSE.
import { create } from 'zustand';
import type { LoudnessStatus } from '../../app/contract/index.ts';
import { loudnessClient, subscribeLoudness } from '../api/loudness.ts';
import { toastActions } from './toasts.ts';

export const useLoudness = create<{ status: LoudnessStatus | null }>(() => ({ status: null }));
const set = useLoudness.setState;

async function call(task: () => Promise<LoudnessStatus>): Promise<boolean> {
  try {
    set({ status: await task() });
    return true;
  } catch (err) {
    toastActions.error(`Loudness: ${(err as Error).message}`);
    return false;
  }
}

export const loudnessActions = {
  load: () => void call(loudnessClient.status),
  start: () => void call(loudnessClient.start),
  cancel: () => void call(loudnessClient.cancel),
  /** The switch follows the click at once (a controlled checkbox would otherwise snap back until the
   *  server answers); the server's answer then sets the truth, and a failure puts the old value back. */
  setAuto: async (auto: boolean): Promise<void> => {
    const before = useLoudness.getState().status;
    if (before) set({ status: { ...before, auto } });
    const saved = await call(() => loudnessClient.save({ auto }));
    const now = useLoudness.getState().status;
    if (!saved && now) set({ status: { ...now, auto: !auto } });
  },
  /** Follows the status while the Settings view is open; returns the unsubscribe function. */
  watch: (): (() => void) => subscribeLoudness((status) => set({ status })),
};

export const useLoudnessStatus = (): LoudnessStatus | null => useLoudness((s) => s.status);
