// Taskbar/dock progress during scans: main follows the library API's scan events (the same SSE
// stream the renderer uses) and turns them into `BrowserWindow.setProgressBar` values.
import type { ScanProgress } from '../app/contract/index.ts';
import { scanEventName } from '../app/contract/index.ts';
import { createParser } from 'eventsource-parser';

/**
 * The progress bar value for a scan state: -1 removes the bar, 2 (>1) shows an indeterminate bar
 * (Windows/Linux) while files are still being found, else the parsed fraction in [0, 1].
 */
export function progressBarValue(p: ScanProgress | null): number {
  if (!p || !p.running) return -1;
  if (p.phase === 'walking' || p.found <= 0) return 2;
  return Math.min(1, Math.max(0, p.parsed / p.found));
}

/**
 * An incremental parser for `text/event-stream` (eventsource-parser): feed it chunks, get the
 * `data` of each complete event named `progress` (or unnamed) back, parsed as JSON. Malformed
 * events are skipped.
 */
export function createSseParser(onEvent: (p: ScanProgress) => void): (chunk: string) => void {
  const parser = createParser({
    onEvent(e) {
      if (e.event !== undefined && e.event !== scanEventName && e.event !== 'message') return;
      try {
        const p = JSON.parse(e.data) as ScanProgress;
        if (typeof p === 'object' && p !== null && typeof p.running === 'boolean') onEvent(p);
      } catch {
        /* skip */
      }
    },
  });
  return (chunk) => parser.feed(chunk);
}
