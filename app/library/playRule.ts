// The play rule, as a pure function: when a play counts, when it is a skip.
import { playCountThresholdMs, skipThresholdMs } from '../contract/index.ts';

export interface PlayFacts {
  /** Actual listening time reported by the client (audio played, not the playhead position). */
  msListened: number;
  /** The track's length; 0 or less when unknown. */
  durationMs: number;
  /** The track played to its natural end. */
  completed: boolean;
  /** Wall-clock time between start and end, when known: listening can't exceed it. */
  wallMs?: number | undefined;
}

export interface PlayVerdict {
  /** msListened after clamping to what was physically possible. */
  msListened: number;
  /** Counts as a play: ≥ 30 s, or ≥ half the track, whichever comes first. */
  counted: boolean;
  /** Stopped before 30 s (a track that ends on its own is never a skip). */
  skipped: boolean;
}

/** Slack for clock jitter between the wall clock and the audio clock. */
const slackMs = 2_000;

/**
 * A play counts after 30 s or half the track of actual listening, whichever comes first. Seeking
 * adds nothing: a scrub to the end followed by 5 s of audio is 5 s, even if the track "completed".
 * Reported listening is clamped to the wall-clock time (when known) and the track length.
 */
export function judgePlay(facts: PlayFacts): PlayVerdict {
  let ms = Math.max(0, Math.floor(Number.isFinite(facts.msListened) ? facts.msListened : 0));
  if (facts.wallMs !== undefined && facts.wallMs >= 0) ms = Math.min(ms, facts.wallMs + slackMs);
  if (facts.durationMs > 0) ms = Math.min(ms, facts.durationMs + slackMs);
  const threshold = facts.durationMs > 0 ? Math.min(playCountThresholdMs, facts.durationMs / 2) : playCountThresholdMs;
  return {
    msListened: ms,
    counted: ms >= threshold,
    skipped: !facts.completed && ms < skipThresholdMs,
  };
}
