// The owner's side of the socket: answers `tonearm scan` for the catalog this process has open, by
// scanning its own library (after any scan already queued, without a second catalog connection).
import fs from 'node:fs';
import net from 'node:net';
import type { z } from 'zod';
import type { ScanProgress, ScanSummary } from '../contract/index.ts';
import { isOurSocket, maxRequestBytes, ownerProtocol, ownerSocketPath, realDbPath, type OwnerMessage } from './protocol.ts';

export type OwnerProgress = Pick<ScanProgress, 'running' | 'phase' | 'found' | 'parsed' | 'errors' | 'rate' | 'currentPath'>;

/**
 * What the owner socket needs of whatever keeps the catalog: the library service, `tonearm watch`,
 * a `tonearm scan` running by itself.
 */
export interface OwnedLibrary {
  /** The library folders a request must name; null: any folders (a `tonearm scan`, which has no library of its own). */
  folders(): readonly string[] | null;
  /** A full scan of `roots` (the library folders, when it has them), after any scan queued or running. */
  scanNow(roots: string[]): Promise<ScanSummary>;
  subscribe(listener: (progress: OwnerProgress) => void): () => void;
}

export interface OwnerSocketOptions {
  dbFile: string;
  coverDir: string;
  library: OwnedLibrary;
  log: (message: string) => void;
  /** How refusals name this process (default "the running Tonearm"). */
  name?: string | undefined;
}

export interface OwnerSocket {
  /** The socket's path (or pipe name). */
  where: string;
  /** Stops taking requests; a scan being answered ends with the library (its client hears why). */
  close(): Promise<void>;
}

// zod is loaded with the first request, not with this module: a `tonearm scan` that listens while it
// scans by itself starts ~25 ms sooner, and is seldom asked anything.
async function scanRequest() {
  const { z } = await import('zod');
  return z.strictObject({
    protocol: z.literal(ownerProtocol),
    command: z.literal('scan'),
    roots: z.array(z.string().min(1).max(4096)).min(1).max(100),
    covers: z.string().min(1).max(4096).optional(),
  });
}
type ScanRequestLine = z.infer<Awaited<ReturnType<typeof scanRequest>>>;

/** A client that has not sent its request line by then is dropped. */
const requestTimeoutMs = 10_000;

/**
 * Listens beside the catalog for `tonearm scan`. Null (and a log line) when there is no safe place
 * for the socket, or when another live process already answers for this catalog.
 */
export async function listenAsOwner(options: OwnerSocketOptions): Promise<OwnerSocket | null> {
  const real = realDbPath(options.dbFile);
  const where = real ? ownerSocketPath(real) : null;
  if (!real || !where) {
    options.log(`no private place for the scan socket of ${options.dbFile}: "tonearm scan" of it will open it by itself`);
    return null;
  }
  const idle = new Set<net.Socket>();
  const server = net.createServer((socket) => answer(socket, options, idle));
  server.maxConnections = 16;
  let taken: ListenOutcome;
  try {
    taken = await listen(server, where);
  } catch (err) {
    // A folder that cannot hold a socket (some FUSE, exFAT or network mounts), no permission…: the
    // owner runs on without it.
    options.log(`cannot listen for "tonearm scan" at ${where} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): it will open this catalog by itself`);
    return null;
  }
  if (taken !== 'listening') {
    options.log(taken === 'owned'
      ? `another running Tonearm already has ${real} open: "tonearm scan" of it goes to that one`
      : `${where} is in the way of the scan socket (not a socket of this user's): "tonearm scan" of this catalog will open it by itself`);
    return null;
  }
  if (process.platform !== 'win32') fs.chmodSync(where, 0o600); // made so already (listen); kept so
  let closing: Promise<void> | undefined;
  return {
    where,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of idle) socket.destroy();
      });
      return closing;
    },
  };
}

type ListenOutcome = 'listening' | 'owned' | 'blocked';

async function listen(server: net.Server, where: string): Promise<ListenOutcome> {
  for (;;) {
    const mine = isOurSocket(where);
    if (mine === 'foreign') return 'blocked';
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        // Only this user may connect (on Linux, connecting needs write permission on the socket): the
        // socket is made 0600 (the bind happens within listen()), not opened wider and then narrowed.
        const umask = process.platform === 'win32' ? null : process.umask(0o177);
        try {
          server.listen(where, () => {
            server.off('error', reject);
            resolve();
          });
        } finally {
          if (umask !== null) process.umask(umask);
        }
      });
      return 'listening';
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      if (await answers(where)) return 'owned';
      // Left behind by an owner of ours that was killed: remove it (never anything else).
      if (process.platform === 'win32' || isOurSocket(where) !== 'ours') return 'blocked';
      fs.rmSync(where, { force: true });
    }
  }
}

function answers(where: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(where, () => {
      probe.destroy();
      resolve(true);
    });
    probe.on('error', () => resolve(false));
  });
}

function answer(socket: net.Socket, options: OwnerSocketOptions, idle: Set<net.Socket>): void {
  idle.add(socket);
  socket.setEncoding('utf8');
  socket.setTimeout(requestTimeoutMs, () => socket.destroy());
  socket.on('error', () => socket.destroy());
  socket.on('close', () => idle.delete(socket));
  let received = '';
  const onData = (chunk: string): void => {
    received += chunk;
    const end = received.indexOf('\n');
    if (end < 0) {
      if (received.length > maxRequestBytes) socket.destroy();
      return;
    }
    socket.off('data', onData);
    socket.setTimeout(0);
    idle.delete(socket);
    void serve(socket, received.slice(0, end), options);
  };
  socket.on('data', onData);
}

async function serve(socket: net.Socket, line: string, options: OwnerSocketOptions): Promise<void> {
  const send = (message: OwnerMessage): void => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
  };
  const request = await check(line, options);
  if (typeof request === 'string') {
    send({ type: 'refused', message: request });
    socket.end();
    return;
  }
  send({ type: 'accepted', pid: process.pid });
  const unsubscribe = options.library.subscribe((p) => {
    if (p.running) send({ type: 'progress', progress: { phase: p.phase, found: p.found, parsed: p.parsed, errors: p.errors, rate: p.rate, currentPath: p.currentPath } });
  });
  const cpuBefore = process.cpuUsage();
  try {
    const summary = await options.library.scanNow(request.roots);
    const cpu = process.cpuUsage(cpuBefore);
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    send({ type: 'result', summary, cpuMs: Math.round((cpu.user + cpu.system) / 1000), peakRssMb });
  } catch (err) {
    send({ type: 'failed', message: (err as Error).message });
  } finally {
    unsubscribe();
    socket.end();
  }
}

/** The request, when it is a scan this owner takes; else why not, as one sentence. */
async function check(line: string, options: OwnerSocketOptions): Promise<ScanRequestLine | string> {
  let request: ScanRequestLine;
  const schema = await scanRequest();
  try {
    const parsed = schema.safeParse(JSON.parse(line));
    if (!parsed.success) return `not a scan request of ${ownerProtocol}: ${parsed.error.issues[0]?.message ?? 'invalid'}`;
    request = parsed.data;
  } catch {
    return `not a scan request of ${ownerProtocol}: the line is not JSON`;
  }
  const owner = `${options.name ?? 'the running Tonearm'} (pid ${process.pid}) that has ${options.dbFile} open`;
  const folders = options.library.folders();
  if (folders !== null && !sameFolders(request.roots, folders)) {
    return folders.length === 0
      ? `${owner} has no library folders yet: add them there, or quit it to scan this catalog by itself`
      : `${owner} scans ${folders.join(', ')}: name exactly those folders, or quit it to scan others into this catalog`;
  }
  if (request.covers !== undefined && realOrSelf(request.covers) !== realOrSelf(options.coverDir)) {
    return `${owner} keeps its covers in ${options.coverDir}: leave out --covers, or run this once it has closed`;
  }
  return request;
}

function sameFolders(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a.map(realOrSelf));
  const right = new Set(b.map(realOrSelf));
  return left.size === right.size && [...left].every((f) => right.has(f));
}

function realOrSelf(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}
