// The sleep timer's "after N minutes": over its last 15 s the output fades out (evenly in decibels,
// down to −60 dB), then playback pauses and the volume comes back for the next play. "End of
// track / album" is the player's (stores/player.ts: nothing is queued past that point and playback
// stops there). The timer's state lives in stores/playback.ts.
import { engine, playerActions, usePlayer } from './player.ts';
import { playbackActions, usePlayback } from './playback.ts';

export const SLEEP_FADE_MS = 15_000;
const FADE_FLOOR_DB = -60;

let tick: ReturnType<typeof setInterval> | null = null;
let faded = false;

function restore(): void {
  faded = false;
  const { volume, muted } = usePlayer.getState();
  engine.setVolume(volume, muted);
}

/** Gain of the fade with `leftMs` to go (1 before the fade, 10^(−60/20) at the end). */
export function sleepFadeGain(leftMs: number): number {
  if (leftMs >= SLEEP_FADE_MS) return 1;
  const done = 1 - Math.max(0, leftMs) / SLEEP_FADE_MS;
  return 10 ** ((FADE_FLOOR_DB * done) / 20);
}

function check(): void {
  const { sleep } = usePlayback.getState();
  if (sleep.mode !== 'minutes' || sleep.endsAt === null) return;
  const left = sleep.endsAt - Date.now();
  const { volume, muted, isPlaying } = usePlayer.getState();
  if (left <= 0) {
    if (isPlaying) playerActions.pause();
    playbackActions.setSleep('off');
    return;
  }
  if (left < SLEEP_FADE_MS && isPlaying) {
    faded = true;
    engine.setVolume(volume * sleepFadeGain(left), muted);
  }
}

export function startSleepTimer(): void {
  usePlayback.subscribe((s, prev) => {
    if (s.sleep === prev.sleep) return;
    if (tick) clearInterval(tick);
    tick = null;
    if (s.sleep.mode === 'minutes') tick = setInterval(check, 200);
    // Cancelled or done: the volume comes back once the pause's own fade has played out.
    else if (faded) setTimeout(restore, usePlayer.getState().isPlaying ? 0 : 800);
  });
}
