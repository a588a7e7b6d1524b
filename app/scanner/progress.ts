// Scan progress: one mutable state, emitted at most every 100 ms plus at every phase change.
import type { ScanProgressEvent } from './types.ts';
import { displayPath } from '../text/fsPath.ts';

export interface Progress {
  set(patch: Partial<ScanProgressEvent>): void;
  add(delta: { parsed?: number; errors?: number }): void;
}

export function createProgress(onProgress: ((e: ScanProgressEvent) => void) | undefined): Progress {
  const state: ScanProgressEvent = { phase: 'walking', found: 0, parsed: 0, errors: 0, rate: 0, currentPath: null };
  const t0 = performance.now();
  let last = 0;
  const emit = (force: boolean): void => {
    if (!onProgress) return;
    const now = performance.now();
    if (!force && now - last < 100) return;
    last = now;
    state.rate = Math.round((state.parsed / Math.max(1, now - t0)) * 1000);
    onProgress({ ...state, currentPath: state.currentPath === null ? null : displayPath(state.currentPath) });
  };
  return {
    set(patch) {
      const phaseChanged = patch.phase !== undefined && patch.phase !== state.phase;
      Object.assign(state, patch);
      emit(phaseChanged);
    },
    add(delta) {
      state.parsed += delta.parsed ?? 0;
      state.errors += delta.errors ?? 0;
      emit(false);
    },
  };
}
