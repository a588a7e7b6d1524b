// CPU and memory of a Chromium launched by the benches, read from /proc: its processes are found by
// an environment variable they all inherit, and told apart by their --type (renderer, utility audio…).
import fs from 'node:fs';

export interface ChromiumProcess {
  pid: number;
  /** 'browser', 'renderer', 'gpu-process', 'audio' (the audio service), 'utility', … */
  kind: string;
}

function read(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * The processes of the Chromium whose browser process carries `envMarker` in its environment (e.g.
 * the private PulseAudio server a bench launched it with): that process and all below it (the
 * zygotes start with a clean environment, so the rest are found by parentage).
 */
export function chromiumProcesses(envMarker: string): ChromiumProcess[] {
  const parent = new Map<number, number>();
  const cmdline = new Map<number, string>();
  let browser = 0;
  for (const name of fs.readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const stat = read(`/proc/${pid}/stat`);
    const cmd = (read(`/proc/${pid}/cmdline`) ?? '').replaceAll('\0', ' ');
    if (!stat || !/chromium/.test(cmd) || /chrome_crashpad_handler/.test(cmd)) continue;
    // Fields after the command (in parentheses): state, ppid, …
    parent.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    cmdline.set(pid, cmd);
    if (!cmd.includes('--type=') && (read(`/proc/${pid}/environ`) ?? '').includes(envMarker)) browser = pid;
  }
  const below = (pid: number): boolean => {
    for (let p = pid, n = 0; p > 1 && n < 16; p = parent.get(p) ?? 0, n++) if (p === browser) return true;
    return false;
  };
  const out: ChromiumProcess[] = [];
  for (const [pid, cmd] of cmdline) {
    if (browser === 0 || !below(pid)) continue;
    const type = /--type=(\S+)/.exec(cmd)?.[1] ?? 'browser';
    const sub = /--utility-sub-type=(\S+)/.exec(cmd)?.[1] ?? '';
    out.push({ pid, kind: type === 'utility' && /audio/i.test(sub) ? 'audio' : type });
  }
  return out;
}

/** CPU seconds (user + system, all threads) a process has used. */
export function cpuSeconds(pid: number): number {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return 0;
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat (11 and 12 after the command and state).
  return (Number(f[11]) + Number(f[12])) / 100;
}

/** CPU seconds per thread name (`kind:comm`) of the given processes. */
export function threadCpu(procs: ChromiumProcess[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of procs) {
    let tids: string[] = [];
    try {
      tids = fs.readdirSync(`/proc/${p.pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const stat = read(`/proc/${p.pid}/task/${tid}/stat`);
      if (!stat) continue;
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const key = `${p.kind}:${comm}`;
      out.set(key, (out.get(key) ?? 0) + (Number(f[11]) + Number(f[12])) / 100);
    }
  }
  return out;
}

/** Resident set size of a process, MB. */
export function rssMb(pid: number): number {
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(read(`/proc/${pid}/status`) ?? '')?.[1] ?? 0) / 1024;
}

/** Proportional set size of a process, MB (shared pages split among their users). */
export function pssMb(pid: number): number {
  const rollup = read(`/proc/${pid}/smaps_rollup`) ?? '';
  const kb = Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
  return kb / 1024;
}

/** Samples CPU use (% of one core) of `pids` over `ms`. */
export async function cpuPercent(pids: number[], ms: number): Promise<number> {
  const t0 = performance.now();
  const c0 = pids.reduce((s, p) => s + cpuSeconds(p), 0);
  await new Promise((r) => setTimeout(r, ms));
  const c1 = pids.reduce((s, p) => s + cpuSeconds(p), 0);
  return ((c1 - c0) / ((performance.now() - t0) / 1000)) * 100;
}

/** The machine's load averages, as `uptime` prints them. */
export function loadAverage(): string {
  return (read('/proc/loadavg') ?? '').split(' ').slice(0, 3).join(', ');
}
