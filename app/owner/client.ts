// The client's side of the owner socket (`tonearm scan`): hands the scan to the running Tonearm that
// has the catalog open, if there is one. Imports only what a process start can afford (no zod, no
// HTTP client): when a Tonearm answers, this is all `tonearm scan` loads.
import net from 'node:net';
import type { ScanSummary } from '../contract/index.ts';
import { UserError } from '../userError.ts';
import { isOurSocket, ownerProtocol, ownerSocketPath, realDbPath, type OwnerMessage, type ScanProgressLine, type ScanRequest } from './protocol.ts';

export interface HandOverOptions {
  /** The catalog file. */
  db: string;
  /** The folders to scan, absolute. */
  roots: readonly string[];
  covers?: string | undefined;
  onProgress?: ((progress: ScanProgressLine) => void) | undefined;
  /** The owner took the request (its scan runs after any it has queued or running). */
  onAccepted?: ((pid: number) => void) | undefined;
  /** How long a Tonearm that accepted the connection has to take the request (default 10 s). */
  acceptTimeoutMs?: number | undefined;
}

export interface HandedScan {
  /** The process that scanned. */
  pid: number;
  summary: ScanSummary;
  /** CPU time of that process while it scanned (all its threads). */
  cpuMs: number;
  peakRssMb: number;
}

/**
 * Asks the Tonearm that has `db` open to scan it. Null when none does (no socket, one left by a
 * process that is gone, one another user put there, or an owner that closed without taking the
 * request): the caller scans by itself. Throws a UserError when that Tonearm refuses (other
 * folders), an Error when it fails or stops after taking the request, before the scan finished.
 */
export async function handOverScan(options: HandOverOptions): Promise<HandedScan | null> {
  const real = realDbPath(options.db);
  const where = real ? ownerSocketPath(real) : null;
  if (!where || isOurSocket(where) !== 'ours') return null;
  const request: ScanRequest = { protocol: ownerProtocol, command: 'scan', roots: [...options.roots], covers: options.covers };
  return new Promise<HandedScan | null>((resolve, reject) => {
    let pid: number | null = null;
    let settled = false;
    let received = '';
    const socket = net.connect(where);
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      outcome();
    };
    const owner = (): string => `the running Tonearm${pid === null ? '' : ` (pid ${pid})`}`;
    const acceptMs = options.acceptTimeoutMs ?? 10_000;
    const timer = setTimeout(() => finish(() => reject(new Error(`${where} answers but did not take the scan within ${acceptMs / 1000} s`))), acceptMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      socket.write(`${JSON.stringify(request)}\n`);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // Nobody listens (a socket left by a Tonearm that was killed: the next one removes it), or the
      // owner went before it took the request: nothing was scanned.
      if (pid === null) finish(() => resolve(null));
      else finish(() => reject(new Error(`${owner()} went away during the scan (${err.code ?? err.message})`)));
    });
    // Closed before it took the request (it was closing itself, or was killed): nothing was scanned.
    socket.on('close', () => finish(() => (pid === null ? resolve(null) : reject(new Error(`${owner()} stopped before the scan finished`)))));
    socket.on('data', (chunk: string) => {
      received += chunk;
      for (let end = received.indexOf('\n'); end >= 0 && !settled; end = received.indexOf('\n')) {
        const message = parse(received.slice(0, end));
        received = received.slice(end + 1);
        if (!message) {
          finish(() => reject(new Error(`${where} answered something other than a Tonearm scan`)));
          break;
        }
        switch (message.type) {
          case 'accepted':
            pid = message.pid;
            clearTimeout(timer);
            options.onAccepted?.(message.pid);
            break;
          case 'progress':
            options.onProgress?.(message.progress);
            break;
          case 'result':
            finish(() => resolve({ pid: pid ?? 0, summary: message.summary, cpuMs: message.cpuMs, peakRssMb: message.peakRssMb }));
            break;
          case 'refused':
            finish(() => reject(new UserError(message.message)));
            break;
          case 'failed':
            finish(() => reject(new Error(`${owner()} could not finish the scan: ${message.message}`)));
            break;
        }
      }
    });
  });
}

function parse(line: string): OwnerMessage | null {
  try {
    const message = JSON.parse(line) as unknown;
    return typeof message === 'object' && message !== null && 'type' in message ? (message as OwnerMessage) : null;
  } catch {
    return null;
  }
}
