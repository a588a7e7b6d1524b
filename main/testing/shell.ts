// Runs a built main bundle as its own process under the stand-in electron (register.ts) and talks
// to it: the calls it records arrive here; commands (control.ts) drive it.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Call } from './electron.ts';
import type { Command } from './control.ts';

export interface ShellProcess {
  child: ChildProcess;
  calls: Call[];
  /** stderr so far (the glue logs there). */
  stderr(): string;
  /** The first recorded call (from `from` on) matching, waiting for it. */
  waitFor(api: string, match?: (args: unknown[]) => boolean, from?: number): Promise<Call>;
  command<T = unknown>(c: Command): Promise<T>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

export function launchShell(options: { mainDir: string; argv?: string[]; env: Record<string, string | undefined>; cwd?: string }): ShellProcess {
  const child = fork(path.join(options.mainDir, 'index.js'), options.argv ?? [], {
    execArgv: ['--import', path.join(import.meta.dirname, 'register.ts')],
    env: options.env,
    cwd: options.cwd,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const calls: Call[] = [];
  const waiters = new Set<() => void>();
  const replies = new Map<number, (m: { result?: unknown; error?: string }) => void>();
  let err = '';
  let nextId = 1;
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  child.on('message', (m: { type: string } & Record<string, unknown>) => {
    if (m.type === 'call') {
      calls.push({ api: m.api as string, args: m.args as unknown[] });
      for (const w of [...waiters]) w();
    } else if (m.type === 'reply') replies.get(m.id as number)?.(m as { result?: unknown; error?: string });
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    for (const w of [...waiters]) w();
    resolve(code);
  }));
  return {
    child,
    calls,
    stderr: () => err,
    waitFor(api, match = () => true, from = 0) {
      return new Promise((resolve, reject) => {
        // A hang guard with a diagnosis, not a timing assertion.
        const guard = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${api} call after 20 s; last calls: ${JSON.stringify(calls.slice(-5))}\n${err}`));
        }, 20_000);
        const check = () => {
          const found = calls.slice(from).find((c) => c.api === api && match(c.args));
          if (found) {
            clearTimeout(guard);
            waiters.delete(check);
            resolve(found);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearTimeout(guard);
            waiters.delete(check);
            reject(new Error(`the shell exited (${child.exitCode ?? child.signalCode}) without calling ${api}\n${err}`));
          }
        };
        waiters.add(check);
        check();
      });
    },
    command<T>(c: Command): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        replies.set(id, (m) => {
          replies.delete(id);
          if (m.error) reject(new Error(m.error));
          else resolve(m.result as T);
        });
        child.send({ id, ...c });
      });
    },
    exited,
  };
}
