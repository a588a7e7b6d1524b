// What storage saw during a remote test (the s3rver harness logs every answer): the rendition reads
// since a mark, and the bytes they carried; and the playback engine's state.
import type { Page } from '@playwright/test';
import type { RemoteRig } from './remote.ts';

export interface StorageRead {
  request: string;
  range: string | null;
  status: number;
  bytes: number;
}

/** GETs of rendition objects answered since `from` (an index into the harness's log). */
export function renditionReads(rig: RemoteRig, from = 0): StorageRead[] {
  return (rig.t.s3?.served ?? []).slice(from).filter((s) => s.request.startsWith('GET ') && s.request.includes('/renditions/'));
}

/** Body bytes of those reads. */
export function storageBytes(rig: RemoteRig, from = 0): number {
  return renditionReads(rig, from).reduce((a, r) => a + r.bytes, 0);
}

export interface EngineState {
  mode: string | null;
  src: string | null;
  currentTime: number;
  paused: boolean;
  error: string | null;
  engine?: { started: number; advanced: number; underruns: number };
}

/** The playback engine's state: which path plays (`stream` / `element`) and its counters. */
export function engineState(page: Page): Promise<EngineState> {
  return page.evaluate(() => (window.__tonearm?.audioState as () => EngineState)());
}
