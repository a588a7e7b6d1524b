// Typed calls for background loudness measurement (Settings → Loudness); URLs from the contract.
import { loudnessEventName, loudnessRoutes, type LoudnessSettings, type LoudnessStatus } from '../../app/contract/index.ts';
import { request, url } from './client.ts';

export const loudnessClient = {
  status: () => request<LoudnessStatus>('GET', loudnessRoutes.loudnessStatus.path),
  save: (settings: LoudnessSettings) => request<LoudnessStatus>('PUT', loudnessRoutes.saveLoudness.path, settings),
  start: () => request<LoudnessStatus>('POST', loudnessRoutes.startLoudness.path),
  cancel: () => request<LoudnessStatus>('POST', loudnessRoutes.cancelLoudness.path),
};

/** Follows the status (server-sent events; the current state first). Returns the unsubscribe function. */
export function subscribeLoudness(onStatus: (s: LoudnessStatus) => void): () => void {
  const source = new EventSource(url(loudnessRoutes.loudnessEvents.path), { withCredentials: true });
  source.addEventListener(loudnessEventName, ((e: MessageEvent<string>) => {
    try {
      onStatus(JSON.parse(e.data) as LoudnessStatus);
    } catch {
      /* ignore malformed frames */
    }
  }) as EventListener);
  return () => source.close();
}
