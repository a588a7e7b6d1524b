// Scan progress for a terminal: a progress bar on a TTY, plain lines (at most one a second) otherwise.
import { createRequire } from 'node:module';
import type { ScanProgressEvent } from '../scanner/types.ts';

export interface ProgressReporter {
  update(event: ScanProgressEvent): void;
  stop(): void;
}

export function createProgressReporter(stream: NodeJS.WritableStream & { isTTY?: boolean }): ProgressReporter {
  if (stream.isTTY) {
    // Loaded only for a terminal: a script or a pipe never pays for it.
    const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');
    const bar = new cliProgress.SingleBar({
      stream,
      format: '{phase} [{bar}] {value}/{total} files · {rate} files/s · {errors} errors',
      hideCursor: true,
      clearOnComplete: true,
      barsize: 30,
    }, cliProgress.Presets.shades_classic);
    let started = false;
    return {
      update(e) {
        const payload = { phase: e.phase.padEnd(7), rate: e.rate, errors: e.errors };
        if (!started) {
          bar.start(Math.max(e.found, 1), e.parsed, payload);
          started = true;
        }
        bar.setTotal(Math.max(e.found, e.parsed, 1));
        bar.update(e.parsed, payload);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let last = 0;
  return {
    update(e) {
      const now = Date.now();
      if (now - last < 1000 && e.phase !== 'done') return;
      last = now;
      stream.write(`${e.phase}: ${e.found} found, ${e.parsed} read, ${e.errors} errors, ${e.rate} files/s\n`);
    },
    stop() {},
  };
}
