// The CLI's processes that keep a catalog open (`tonearm scan` while it scans, `tonearm watch`) own
// it: a `tonearm scan` of it started meanwhile is handed to them (app/owner) and runs here, in turn,
// instead of opening the catalog a second time and writing beside them.
import { listenAsOwner, type OwnedLibrary, type OwnerProgress, type OwnerSocket } from '../owner/listen.ts';
import { summaryOf } from '../scanner/library.ts';
import type { ScanProgressEvent, ScanResult } from '../scanner/types.ts';

export interface OwnedScansOptions {
  dbFile: string;
  coverDir: string;
  /** The folders a handed scan must name; null: whichever it names (`tonearm scan` has no library). */
  folders: readonly string[] | null;
  /** A handed scan of `roots`; the queue runs it in turn. */
  scan(roots: string[], onProgress: (event: ScanProgressEvent) => void): Promise<ScanResult>;
  /** Runs a handed scan when this process allows (`tonearm watch`: between its watcher's scans). */
  turn?: (<T>(job: () => Promise<T>) => Promise<T>) | undefined;
  /** A handed scan finished (`tonearm watch` prints it like its own). */
  onHanded?: ((result: ScanResult) => void) | undefined;
  /** How refusals name this process. */
  name: string;
  log(message: string): void;
}

export interface OwnedScans {
  /** Whether this process answers for the catalog (false: no place for the socket, or another process does). */
  listening: boolean;
  /** Runs a scan after any queued or running; it passes its progress to `progress` (the handed scans' clients follow it). */
  run(scan: (progress: (event: ScanProgressEvent) => void) => Promise<ScanResult>): Promise<ScanResult>;
  /** Stops taking scans, then waits for every scan taken (null socket: none were taken). */
  close(): Promise<void>;
}

/** Listens as the catalog's owner; scans (this process's and handed ones) run one after another. */
export async function ownScans(options: OwnedScansOptions): Promise<OwnedScans> {
  const listeners = new Set<(p: OwnerProgress) => void>();
  let queue: Promise<unknown> = Promise.resolve();
  const progress = (e: ScanProgressEvent): void => {
    for (const listener of listeners) listener({ ...e, running: e.phase !== 'done' });
  };
  const run: OwnedScans['run'] = (scan) => {
    const next = queue.then(() => scan(progress));
    queue = next.catch(() => {});
    return next;
  };
  const turn = options.turn ?? (<T>(job: () => Promise<T>) => job());
  const library: OwnedLibrary = {
    folders: () => options.folders,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    scanNow: (roots) => turn(async () => {
      const result = await run((onProgress) => options.scan(roots, onProgress));
      options.onHanded?.(result);
      return summaryOf(result);
    }),
  };
  const socket: OwnerSocket | null = await listenAsOwner({ dbFile: options.dbFile, coverDir: options.coverDir, library, log: options.log, name: options.name });
  return {
    listening: socket !== null,
    run,
    async close() {
      // Closing waits for the connections whose scans were taken; then the queue holds the last.
      await socket?.close();
      await queue;
    },
  };
}
