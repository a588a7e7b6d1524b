// Background loudness measurement (Settings → Loudness): status from the library API, live over SSE.
import { create } from 'zustand';
import type { LoudnessStatus } from '../../app/contract/index.ts';
import { loudnessClient, subscribeLoudness } from '../api/loudness.ts';
import { toastActions } from './toasts.ts';

export const useLoudness = create<{ status: LoudnessStatus | null }>(() => ({ status: null }));
const set = useLoudness.setState;

async function call(task: () => Promise<LoudnessStatus>): Promise<void> {
  try {
    set({ status: await task() });
  } catch (err) {
    toastActions.error(`Loudness: ${(err as Error).message}`);
  }
}

export const loudnessActions = {
  load: () => call(loudnessClient.status),
  start: () => call(loudnessClient.start),
  cancel: () => call(loudnessClient.cancel),
  setAuto: (auto: boolean) => call(() => loudnessClient.save({ auto })),
  /** Follows the status while the Settings view is open; returns the unsubscribe function. */
  watch: (): (() => void) => subscribeLoudness((status) => set({ status })),
};

export const useLoudnessStatus = (): LoudnessStatus | null => useLoudness((s) => s.status);
