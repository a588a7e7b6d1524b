// Phase 3, parse: a piscina worker pool reading tags. Files go in tasks of several (one message
// round trip per task keeps the workers busy); a task that fails or overruns its time budget is
// re-run file by file, so only the culprit is reported. A worker that cannot even start (its file
// or a module it imports is missing) fails the scan with one sentence: no file is blamed for it.
import { createRequire, getCompileCacheDir } from 'node:module';
import v8 from 'node:v8';
import type { Piscina as PiscinaPool } from 'piscina';
import type { FileTask, ParseBatch, ParseOutcome } from './parseFile.ts';
import { ScanError } from './scanError.ts';
import { builtUrl } from '../prebuilt.ts';

/** Each parse worker's semi-space (its young generation is three of them). */
const WORKER_SEMI_SPACE_MB = 8;
/** A file whose tags take longer than this to read is recorded as an error and skipped. */
export const FILE_TIMEOUT_MS = 5_000;
/** How long the workers may take to load the reader (start-up on a loaded machine). */
const START_TIMEOUT_MS = 60_000;
/** Above this size a file without a duration in its headers gets an estimate, not a full parse. */
const EXACT_DURATION_MAX_BYTES = 64 * 1024 * 1024;

function compileCacheEnv(): NodeJS.ProcessEnv {
  const dir = getCompileCacheDir();
  return dir ? { ...process.env, NODE_COMPILE_CACHE: dir } : process.env;
}

export interface ParsePoolOptions {
  threads: number;
  /** The worker's entry file or URL (default: parse.worker.ts beside this module, or its current bundle: app/prebuilt.ts). */
  workerFile?: string | undefined;
}

export interface ParsePool {
  /**
   * Outcomes in the order of `files` (artist names split with `exceptions` kept whole); rejects
   * with a ScanError when no worker can start.
   */
  parse(files: FileTask[], options: { exceptions: readonly string[]; signal?: AbortSignal | undefined }): Promise<ParseOutcome[]>;
  /** Resolves when a worker is up; rejects with the ScanError when they cannot start. */
  started: Promise<void>;
  /** Stops the workers (again: the same promise). */
  close(): Promise<void>;
}

export function createParsePool(options: ParsePoolOptions): ParsePool {
  // Loaded when a scan has files to read: a no-change rescan never loads the pool (or worker_threads).
  const { Piscina } = createRequire(import.meta.url)('piscina') as { Piscina: typeof PiscinaPool };
  // A tag read makes much short-lived garbage: with the CLI's 1 MB semi-space (app/cli/main.ts) a
  // worker scavenged every few files. A new isolate reads these flags when it is made, so the workers
  // made next get 8 MB semi-spaces while this thread keeps its own (bench:scan at 10k tracks: 4 MB
  // against 1 MB −9% wall; 8 MB against 4 MB −3.5% wall, −2.5% CPU, +19 MB peak RSS, 172 → 192 MB;
  // the same for the main thread cost +30–40 MB and gained nothing measurable).
  v8.setFlagsFromString(`--min-semi-space-size=${WORKER_SEMI_SPACE_MB}`);
  v8.setFlagsFromString(`--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`);
  const pool = new Piscina<ParseBatch, ParseOutcome[]>({
    filename: options.workerFile ?? builtUrl(new URL('./parse.worker.ts', import.meta.url)).href,
    minThreads: options.threads,
    maxThreads: options.threads,
    idleTimeout: 1_000,
    // Small heaps: tag reading needs little, and the scan must stay lean on big libraries.
    resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 3 * WORKER_SEMI_SPACE_MB },
    // With the compile cache on in this process, the workers use it from their first module on (the
    // entry too, whose type stripping would otherwise load the TypeScript stripper in every worker).
    env: compileCacheEnv(),
  });
  // A first, empty task proves a worker can load the reader: until it has, a failure is the
  // pool's, never a file's. Piscina reports a worker that dies while booting with no task in
  // flight as an 'error' event, which would be thrown without a listener.
  const cannotStart = (err: unknown): ScanError => {
    const why = (err instanceof Error ? err.message : String(err)).replace(/ imported from .*$/s, '').replace(/\.$/, '');
    return new ScanError(`the tag reader could not start (${why})`);
  };
  const task = (files: FileTask[], exceptions: readonly string[]): ParseBatch => ({ files, exceptions, exactDurationMaxBytes: EXACT_DURATION_MAX_BYTES });
  pool.on('error', () => {}); // the boot failure also rejects the first task, reported below
  const started = pool.run(task([], []), { signal: AbortSignal.timeout(START_TIMEOUT_MS) }).then(
    () => undefined,
    (err: unknown) => { throw cannotStart((err as Error).name === 'AbortError' ? `no worker was ready after ${START_TIMEOUT_MS / 1000} s` : err); },
  );
  started.catch(() => {}); // awaited by parse()

  const parse: ParsePool['parse'] = async (files, { exceptions, signal }) => {
    await started;
    const budget = AbortSignal.timeout(FILE_TIMEOUT_MS + files.length * 250);
    try {
      return await pool.run(task(files, exceptions), { signal: signal ? AbortSignal.any([signal, budget]) : budget });
    } catch (err) {
      signal?.throwIfAborted();
      if (files.length > 1) return (await Promise.all(files.map((f) => parse([f], { exceptions, signal })))).flat();
      const reason = budget.aborted ? `took longer than ${FILE_TIMEOUT_MS / 1000} s to read; skipped` : `reader failed: ${(err as Error).message}`;
      return [{ ok: false, reason }];
    }
  };
  let closing: Promise<void> | null = null;
  return { parse, started, close: () => (closing ??= pool.destroy()) };
}
