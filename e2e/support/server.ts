// Starts the real library server (`tonearm serve`) as a child process on a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { api, type LibraryStats } from '../../app/contract/index.ts';
import { repoRoot } from './library.ts';

export interface RunningServer {
  /** http://127.0.0.1:<port> */
  base: string;
  token: string;
  /** The entry URL: sets the session cookie and redirects to the app. */
  entry: string;
  dir: string;
  output: () => string;
  get<T>(route: string): Promise<T>;
  /** Any API request with a JSON body, as another window (or the remote app) makes it behind a page's back. */
  call<T>(method: string, route: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** `catalog`: serve a copy of this catalog file (a synthetic one; no library folders needed). */
export async function startServer(options: { library?: string; catalog?: string; extraArgs?: string[] } = {}): Promise<RunningServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tonearm-e2e-'));
  if (options.catalog) fs.copyFileSync(options.catalog, path.join(dir, 'e2e.db'));
  const port = await freePort();
  const token = crypto.randomBytes(16).toString('hex');
  const args = [
    path.join(repoRoot, 'app/cli/main.ts'), 'serve',
    ...(options.library ? ['--library', options.library] : []),
    '--db', path.join(dir, 'e2e.db'),
    '--port', String(port),
    '--token', token,
    ...(options.extraArgs ?? []),
  ];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let stdout = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const base = `http://127.0.0.1:${port}`;

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Ready when it prints its URL (or answers /api/health).
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`tonearm serve exited (${child.exitCode}):\n${output}`);
    if (/https?:\/\/\S+/.test(stdout)) break;
    try {
      const res = await fetch(base + api.health());
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`tonearm serve did not start within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  const call = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const res = await fetch(base + route, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  const get = <T>(route: string): Promise<T> => call<T>('GET', route);

  return {
    base,
    token,
    entry: `${base}/?token=${token}`,
    dir,
    output: () => output,
    get,
    call,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until the catalog holds `tracks` tracks and no scan is running. */
export async function waitForLibrary(server: RunningServer, tracks: number, timeoutMs = 30_000): Promise<LibraryStats> {
  const deadline = Date.now() + timeoutMs;
  let last: LibraryStats | null = null;
  while (Date.now() < deadline) {
    try {
      last = await server.get<LibraryStats>(api.stats());
      if (last.tracks >= tracks) return last;
    } catch {
      /* scanning */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`library not ready: ${JSON.stringify(last)}\n${server.output()}`);
}
