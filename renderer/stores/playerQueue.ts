// What the player hands the engine, decided from the queue and the Playback settings: each queue
// entry's loudness gain (album gain while an album plays in order, per the mode), what follows the
// current track and how (gapless, or crossfaded when it is not the album's next), and where the
// sleep timer stops playback. Pure reads of the stores; stores/player.ts applies them.
import type { Id, Track } from '../../app/contract/index.ts';
import { albumInOrder, crossfadeMs, gainFor, type GainDecision, type GainTrack } from '../audio/gain.ts';
import type { NextSpec } from '../audio/engine.ts';
import { usePlayback } from './playback.ts';
import { useLibrary } from './library.ts';
import { useQueue } from './queue.ts';
import { nextIndex } from './queueLogic.ts';

export function trackOf(id: Id): Track | undefined {
  return useLibrary.getState().tracks.get(id);
}

function gainTrack(id: Id | undefined): GainTrack | undefined {
  return id === undefined ? undefined : (trackOf(id) as (Track & GainTrack) | undefined);
}

/** The loudness decision for the queue entry at `index` (null: unknown track). */
export function loudnessAt(index: number): GainDecision | null {
  const q = useQueue.getState();
  const cur = gainTrack(q.ids[index]);
  if (!cur) return null;
  const inAlbum = albumInOrder(gainTrack(q.ids[index - 1]), cur, gainTrack(q.ids[index + 1]), q.shuffle);
  return gainFor(cur, usePlayback.getState().gain, inAlbum);
}

/** The linear loudness gain of the queue entry at `index`. */
export function gainAt(index: number): number {
  return loudnessAt(index)?.linear ?? 1;
}

/** The sleep timer ends playback after the current track (end of track, or the album's last). */
export function sleepStopsHere(): boolean {
  const sleep = usePlayback.getState().sleep.mode;
  if (sleep === 'track') return true;
  if (sleep !== 'album') return false;
  const q = useQueue.getState();
  const i = nextIndex(q.ids.length, q.index, q.repeat, true);
  const cur = gainTrack(q.ids[q.index]);
  const nxt = gainTrack(i >= 0 ? q.ids[i] : undefined);
  return !(cur && nxt && cur.albumId !== null && cur.albumId === nxt.albumId);
}

/** What follows the current track in the output, or null when playback stops after it. */
export function nextSpec(): NextSpec | null {
  const q = useQueue.getState();
  const i = nextIndex(q.ids.length, q.index, q.repeat, true);
  const id = i >= 0 ? q.ids[i] : undefined;
  if (id === undefined || i === q.index || sleepStopsHere()) return null;
  const xfadeMs = crossfadeMs(gainTrack(q.ids[q.index]), gainTrack(id), usePlayback.getState().crossfadeSeconds, q.shuffle);
  return { id, track: trackOf(id), gain: gainAt(i), xfadeMs };
}
