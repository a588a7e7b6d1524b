// Taskbar/dock progress during scans: main follows the library API's scan events (the same SSE
// stream the renderer uses) and turns them into `BrowserWindow.setProgressBar` values.
import type { ScanProgress } from '../app/contract/index.ts';
import { scanEventName } from '../app/contract/index.ts';

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
 * An incremental parser for `text/event-stream`: feed it chunks, get the `data` of each complete
 * event named `progress` (or unnamed) back, parsed as JSON. Malformed events are skipped.
 */
export function createSseParser(onEvent: (p: ScanProgress) => void): (chunk: string) => void {
  let buffer = '';
  return (chunk) => {
    buffer += chunk.replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length === 0 || (event !== scanEventName && event !== 'message')) continue;
      try {
        const p = JSON.parse(data.join('\n')) as ScanProgress;
        if (typeof p === 'object' && p !== null && typeof p.running === 'boolean') onEvent(p);
      } catch {
        /* skip */
      }
    }
  };
}
