// bench:scan's "handed over" figure: `tonearm serve` owns the scanned catalog (as the desktop app
// would), and `tonearm scan` of it is timed as a user runs it, the scan done by the running server
// (app/owner). The counterpart of MPD's `mpc update` to a running daemon.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface OwnedRescanOptions {
  /** bin/tonearm.js */
  cli: string;
  cwd: string;
  db: string;
  library: string;
  runs: number;
  /** Runs `tonearm <args>` and times it (the bench's own runner). */
  run(args: readonly string[]): Promise<{ wallMs: number; json: { cpuMs?: number; unchanged: number; elapsedMs: number; ownerPid?: number } }>;
}

export interface OwnedRescans {
  /** Median wall time of the handed `tonearm scan` runs, process start included. */
  wallMs: number;
  /** Median CPU time: the command's own plus the owner's for its scan. */
  cpuMs: number;
  /** Median of the owner's own scan time. */
  scanMs: number;
  unchanged: number;
  /** The owner's resident memory after the runs (it watches the library, holds the search index). */
  ownerRssMb: number | null;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** CPU time (user + system) a process has used so far, from /proc. */
export function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 1/100 s
}

/** A process's resident memory now (VmRSS) or at its peak (VmHWM), in MB; null once it is gone. */
export function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export async function ownedRescans(o: OwnedRescanOptions): Promise<OwnedRescans> {
  const server = spawn(process.execPath, [o.cli, 'serve', '--db', o.db, '--library', o.library, '--port', '0'], { cwd: o.cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  try {
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`tonearm serve did not finish its first scan in 5 min: ${stderr.slice(-500)}`)), 300_000);
      server.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        if (stderr.includes('library scanned')) {
          clearTimeout(timer);
          resolve();
        }
      });
      server.once('exit', (code) => reject(new Error(`tonearm serve exited with ${code}: ${stderr.slice(-500)}`)));
    });
    // Then idle, as a server is between a user's commands: no CPU used for a whole second (its search
    // index is saved 2 s after a scan).
    const pid = server.pid as number;
    for (let last = cpuMsOf(pid), quiet = 0; quiet < 4;) {
      await new Promise((r) => setTimeout(r, 250));
      const now = cpuMsOf(pid);
      quiet = now === last ? quiet + 1 : 0;
      last = now;
    }
    const runs = [];
    for (let i = 0; i < o.runs; i++) {
      const r = await o.run(['scan', o.library, '--db', o.db, '--json']);
      if (r.json.ownerPid !== pid) throw new Error(`tonearm scan was not handed to the running server (pid ${pid}): ${JSON.stringify(r.json)}`);
      runs.push(r);
    }
    return {
      wallMs: median(runs.map((r) => r.wallMs)),
      cpuMs: median(runs.map((r) => r.json.cpuMs ?? NaN)),
      scanMs: median(runs.map((r) => r.json.elapsedMs)),
      unchanged: Math.min(...runs.map((r) => r.json.unchanged)),
      ownerRssMb: memoryMb(pid, 'VmRSS'),
    };
  } finally {
    server.kill('SIGTERM');
    await exited;
  }
}
