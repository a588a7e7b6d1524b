// The player state (queue, position, volume, modes), one row in `player_state` (migration 0002).
import type { Db } from '../open.ts';
import type { PlayerState } from '../../contract/index.ts';

export interface PlayerStore {
  get(): PlayerState;
  put(state: PlayerState): void;
}

export const initialPlayerState: PlayerState = {
  queue: [], index: 0, positionMs: 0, volume: 1, muted: false, shuffle: false, repeat: 'off', updatedAt: 0,
};

export function createPlayerStore(db: Db): PlayerStore {
  const read = db.prepare<[], { state: string }>('SELECT state FROM player_state WHERE id = 1');
  const write = db.prepare(`INSERT INTO player_state (id, state, updated_at) VALUES (1, ?, ?)
    ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`);
  return {
    get() {
      const row = read.get();
      if (!row) return { ...initialPlayerState };
      try {
        return { ...initialPlayerState, ...(JSON.parse(row.state) as Partial<PlayerState>) };
      } catch {
        return { ...initialPlayerState };
      }
    },
    put(state) {
      write.run(JSON.stringify(state), state.updatedAt);
    },
  };
}
