// Saves the player state to the server (debounced, and on pagehide) and restores it on load, so a
// reload resumes on the same track at the same position. A reload takes the state its previous page
// left in the tab (handoff.ts): the pagehide save may reach the server after the new page's read.
import type { PlayerStateUpdate } from '../../app/contract/index.ts';
import { client } from '../api/client.ts';
import { libraryActions } from '../stores/library.ts';
import { playerActions, positionNow, usePlayer } from '../stores/player.ts';
import { queueActions, useQueue } from '../stores/queue.ts';
import { createHandoff } from './handoff.ts';

let restored = false;
let timer: ReturnType<typeof setTimeout> | null = null;
let lastSaved = '';
const handoff = createHandoff<Required<PlayerStateUpdate>>({ storage: sessionStore() });

function sessionStore(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // storage disabled
  }
}

function snapshot(): Required<PlayerStateUpdate> {
  const q = useQueue.getState();
  const p = usePlayer.getState();
  return {
    queue: q.ids,
    index: Math.max(0, q.index),
    positionMs: Math.round(positionNow()),
    volume: p.volume,
    muted: p.muted,
    shuffle: q.shuffle,
    repeat: q.repeat,
  };
}

export function saveNow(keepalive = false): void {
  if (!restored) return;
  if (timer) clearTimeout(timer);
  timer = null;
  const state = snapshot();
  const key = JSON.stringify(state);
  if (key === lastSaved) return;
  lastSaved = key;
  client.savePlayer(state, keepalive).catch(() => {
    lastSaved = '';
  });
}

function scheduleSave(ms = 800): void {
  if (!restored) return;
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => saveNow(), ms);
}

/** Whether the saved player state has been restored (or found missing) since the page loaded. */
export function playerRestored(): boolean {
  return restored;
}

export async function restorePlayer(): Promise<void> {
  const left = handoff.take();
  try {
    const state = left ?? (await client.player());
    if (state && Array.isArray(state.queue)) {
      queueActions.restore({ ids: state.queue, index: state.index, shuffle: state.shuffle, repeat: state.repeat });
      const q = useQueue.getState();
      const around = q.ids.slice(Math.max(0, q.index - 20), q.index + 50);
      await libraryActions.ensureTracks(around.slice(0, 1).concat(q.index >= 0 ? [q.ids[q.index] as number] : [])).catch(() => {});
      void libraryActions.ensureTracks(around);
      playerActions.restore({ volume: state.volume ?? 0.8, muted: state.muted ?? false, positionMs: state.positionMs ?? 0 });
    }
  } catch {
    /* first run or no saved state */
  } finally {
    restored = true;
    // A state taken from the hand-off is saved again: the previous page's request may have been lost.
    lastSaved = left ? '' : JSON.stringify(snapshot());
    if (left) saveNow();
  }
}

export function startPersistence(): void {
  useQueue.subscribe((s, prev) => {
    if (s.ids !== prev.ids || s.index !== prev.index || s.shuffle !== prev.shuffle || s.repeat !== prev.repeat) scheduleSave();
  });
  usePlayer.subscribe((s, prev) => {
    if (s.volume !== prev.volume || s.muted !== prev.muted) scheduleSave();
    // Paused or started: save the exact position soon.
    if (s.isPlaying !== prev.isPlaying) scheduleSave(150);
    // Position while playing: at most every 5 s.
    else if (s.isPlaying && Math.abs(s.positionMs - prev.positionMs) > 1500) scheduleSave(150);
    else if (s.isPlaying && !timer) scheduleSave(5000);
  });
  window.addEventListener('pagehide', () => {
    if (restored) handoff.leave(snapshot());
    saveNow(true);
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') saveNow(true);
  });
}
