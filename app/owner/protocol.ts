// The owner socket: a running Tonearm (the desktop app or `tonearm serve`) has its catalog open and
// watches its library; `tonearm scan` of that catalog hands the scan to it over a local socket
// instead of opening the catalog a second time. One request line, then answer lines, as JSON.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ScanProgress, ScanSummary } from '../contract/index.ts';

export const ownerProtocol = 'tonearm-owner/1';

/** The one thing a client may ask: a full scan of the library the owner has (nothing else). */
export interface ScanRequest {
  protocol: typeof ownerProtocol;
  command: 'scan';
  /** The folders the client means, absolute: they must be the owner's library folders. */
  roots: string[];
  /** A cover folder the client named (`--covers`): it must be the owner's. */
  covers?: string | undefined;
}

export type ScanProgressLine = Pick<ScanProgress, 'phase' | 'found' | 'parsed' | 'errors' | 'rate' | 'currentPath'>;

export type OwnerMessage =
  | { type: 'accepted'; pid: number }
  | { type: 'progress'; progress: ScanProgressLine }
  /** `cpuMs`: CPU time of the owner's process (all its threads) while it scanned. */
  | { type: 'result'; summary: ScanSummary; cpuMs: number; peakRssMb: number }
  /** The request was not taken (another library, a broken request): one sentence, nothing was scanned. */
  | { type: 'refused'; message: string }
  | { type: 'failed'; message: string };

/** A request line longer than this is not one of ours. */
export const maxRequestBytes = 256 * 1024;

/** Longest Unix socket path every platform takes (sun_path is 104 bytes on macOS, 108 on Linux). */
const maxSocketPath = 100;

/**
 * Where the owner of a catalog listens: `<catalog>.sock` beside the catalog file (its real path),
 * or, when that path is too long for a socket, `tonearm-<uid>/<hash>.sock` in the temp folder, in a
 * folder only this user may use; on Windows a named pipe. Null when no safe place exists.
 */
export function ownerSocketPath(realDbFile: string, platform: NodeJS.Platform = process.platform): string | null {
  if (platform === 'win32') return `\\\\.\\pipe\\tonearm-${digest(realDbFile.toLowerCase())}`;
  const beside = `${realDbFile}.sock`;
  if (Buffer.byteLength(beside) <= maxSocketPath) return beside;
  const dir = privateTempDir();
  return dir ? path.join(dir, `${digest(realDbFile)}.sock`) : null;
}

/**
 * Whether `where` is a socket this user made (on Windows, any pipe of that name): a socket someone
 * else put beside a catalog in a shared folder is neither answered to nor removed.
 */
export function isOurSocket(where: string): 'ours' | 'absent' | 'foreign' {
  if (process.platform === 'win32') return 'ours';
  const st = fs.lstatSync(where, { throwIfNoEntry: false });
  if (!st) return 'absent';
  return st.isSocket() && st.uid === process.getuid?.() ? 'ours' : 'foreign';
}

/** The catalog's real path (symlinks resolved), or null when it does not exist. */
export function realDbPath(dbFile: string): string | null {
  try {
    return fs.realpathSync(dbFile);
  } catch {
    return null;
  }
}

function digest(text: string): string {
  // Loaded here, not imported: only long paths need it, and `tonearm scan` starts ~4 ms sooner without it.
  const crypto = process.getBuiltinModule('node:crypto');
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** `<tmp>/tonearm-<uid>`, made 0700 if missing; null unless it is a folder of ours that no one else can enter. */
function privateTempDir(): string | null {
  const uid = process.getuid?.();
  if (uid === undefined) return null;
  const dir = path.join(os.tmpdir(), `tonearm-${uid}`);
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return null;
  }
  const st = fs.lstatSync(dir, { throwIfNoEntry: false });
  return st?.isDirectory() && st.uid === uid && (st.mode & 0o077) === 0 ? dir : null;
}
