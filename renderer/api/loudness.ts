// Typed calls for background loudness measurement (Settings → Loudness); routes from the contract.
import type { LoudnessSettings, LoudnessStatus } from '../../app/contract/index.ts';
import { loudnessEventName, loudnessRoutes as r } from './contract.ts';
import { call, subscribeEvents } from './client.ts';

export const loudnessClient = {
  status: () => call(r.loudnessStatus),
  save: (settings: LoudnessSettings) => call(r.saveLoudness, { body: settings }),
  start: () => call(r.startLoudness),
  cancel: () => call(r.cancelLoudness),
};

/** Follows the status (server-sent events; the current state first). Returns the unsubscribe function. */
export const subscribeLoudness = (onStatus: (s: LoudnessStatus) => void): (() => void) => subscribeEvents(r.loudnessEvents, loudnessEventName, onStatus);
