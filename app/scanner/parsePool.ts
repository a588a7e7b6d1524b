// Phase 3, parse: a piscina worker pool reading tags. Files go in tasks of several (one message
// round trip per task keeps the workers busy); a task that fails or overruns its time budget is
// re-run file by file, so only the culprit is reported.
import { Piscina } from 'piscina';
import type { FileTask, ParseBatch, ParseOutcome } from './parseFile.ts';

const workerFile = new URL('./parse.worker.ts', import.meta.url).href;
/** A file whose tags take longer than this to read is recorded as an error and skipped. */
export const FILE_TIMEOUT_MS = 5_000;
/** Above this size a file without a duration in its headers gets an estimate, not a full parse. */
const EXACT_DURATION_MAX_BYTES = 64 * 1024 * 1024;

export interface ParsePoolOptions {
  threads: number;
  exceptions: readonly string[];
}

export interface ParsePool {
  parse(files: FileTask[], signal?: AbortSignal): Promise<ParseOutcome[]>;
  close(): Promise<void>;
}

export function createParsePool(options: ParsePoolOptions): ParsePool {
  const pool = new Piscina<ParseBatch, ParseOutcome[]>({
    filename: workerFile,
    minThreads: options.threads,
    maxThreads: options.threads,
    idleTimeout: 1_000,
    // Small heaps: tag reading needs little, and the scan must stay lean on big libraries.
    resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 4 },
  });
  const parse = async (files: FileTask[], signal?: AbortSignal): Promise<ParseOutcome[]> => {
    const budget = AbortSignal.timeout(FILE_TIMEOUT_MS + files.length * 250);
    try {
      const task: ParseBatch = { files, exceptions: options.exceptions, exactDurationMaxBytes: EXACT_DURATION_MAX_BYTES };
      return await pool.run(task, { signal: signal ? AbortSignal.any([signal, budget]) : budget });
    } catch (err) {
      signal?.throwIfAborted();
      if (files.length > 1) return (await Promise.all(files.map((f) => parse([f], signal)))).flat();
      const reason = budget.aborted ? `took longer than ${FILE_TIMEOUT_MS / 1000} s to read; skipped` : `reader failed: ${(err as Error).message}`;
      return [{ ok: false, reason }];
    }
  };
  return { parse, close: () => pool.destroy() };
}
