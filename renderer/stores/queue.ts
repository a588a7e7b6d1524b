// The play queue: track ids, the current index, shuffle and repeat. Pure rules live in queueLogic.ts.
import { create } from 'zustand';
import type { Id, RepeatMode } from '../../app/contract/index.ts';
import * as Q from './queueLogic.ts';

interface QueueStore {
  ids: Id[];
  index: number;
  shuffle: boolean;
  repeat: RepeatMode;
  /** Order before shuffle was turned on (memory only). */
  original: Id[] | null;
}

export const useQueue = create<QueueStore>(() => ({ ids: [], index: -1, shuffle: false, repeat: 'off', original: null }));

const get = () => useQueue.getState();
const q = (): Q.QueueState => ({ ids: get().ids, index: get().index });

export const queueActions = {
  /** Replaces the queue; with shuffle on, the start track plays first and the rest is shuffled. */
  replace(ids: readonly Id[], start = 0): void {
    const base = { ids: ids.slice(), index: ids.length ? Math.max(0, Math.min(start, ids.length - 1)) : -1 };
    if (get().shuffle) {
      const { queue, original } = Q.shuffleOn(base);
      useQueue.setState({ ...queue, original });
    } else useQueue.setState({ ...base, original: null });
  },
  insertNext(ids: readonly Id[]): void {
    useQueue.setState(Q.insertNext(q(), ids));
  },
  append(ids: readonly Id[]): void {
    useQueue.setState(Q.append(q(), ids));
  },
  removeAt(positions: readonly number[]): void {
    useQueue.setState(Q.removeAt(q(), positions));
  },
  move(from: number, to: number): void {
    useQueue.setState(Q.move(q(), from, to));
  },
  /** Moves these positions, as one block, to right before `before` (null: the end). */
  moveMany(positions: readonly number[], before: number | null): void {
    useQueue.setState(Q.moveMany(q(), positions, before));
  },
  playNextFrom(from: number): void {
    useQueue.setState(Q.playNextFrom(q(), from));
  },
  setIndex(index: number): void {
    useQueue.setState({ index });
  },
  clear(): void {
    useQueue.setState({ ids: [], index: -1, original: null });
  },
  toggleShuffle(): void {
    const s = get();
    if (s.shuffle) useQueue.setState({ ...Q.shuffleOff(q(), s.original), shuffle: false, original: null });
    else {
      const { queue, original } = Q.shuffleOn(q());
      useQueue.setState({ ...queue, original, shuffle: true });
    }
  },
  cycleRepeat(): void {
    const order: RepeatMode[] = ['off', 'all', 'one'];
    const next = order[(order.indexOf(get().repeat) + 1) % order.length] ?? 'off';
    useQueue.setState({ repeat: next });
  },
  restore(state: { ids: Id[]; index: number; shuffle: boolean; repeat: RepeatMode }): void {
    const index = state.ids.length === 0 ? -1 : Math.max(0, Math.min(state.index, state.ids.length - 1));
    useQueue.setState({ ids: state.ids, index, shuffle: state.shuffle, repeat: state.repeat, original: null });
  },
};

export const currentId = (): Id | undefined => {
  const s = get();
  return s.index >= 0 ? s.ids[s.index] : undefined;
};

// Narrow selector hooks.
export const useCurrentId = (): Id | undefined => useQueue((s) => (s.index >= 0 ? s.ids[s.index] : undefined));
export const useQueueIds = (): Id[] => useQueue((s) => s.ids);
export const useQueueIndex = (): number => useQueue((s) => s.index);
export const useShuffle = (): boolean => useQueue((s) => s.shuffle);
export const useRepeat = (): RepeatMode => useQueue((s) => s.repeat);
export const useHasNext = (): boolean => useQueue((s) => s.repeat !== 'off' || s.index < s.ids.length - 1);
