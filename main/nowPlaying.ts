// Now-playing bookkeeping for the tray and OS notifications. The renderer sends only
// `{ trackId, playing }` (IPC); titles come from the library API (`GET /api/tracks/:id`).
import type { NowPlaying } from '../app/contract/desktop.ts';

/** Whether a change of state deserves a notification: a new track that plays, setting on, window not focused. */
export function shouldNotify(prev: NowPlaying | null, next: NowPlaying, opts: { enabled: boolean; focused: boolean }): boolean {
  if (!opts.enabled || opts.focused || next.trackId === null || !next.playing) return false;
  return prev?.trackId !== next.trackId;
}
