// Preload (`node --import`) that kills its own process with SIGKILL — a real `kill -9` — at a chosen
// point of a scan, for the crash-consistency tests. The point comes from TONEARM_CRASH_AT:
//   sql:<text>:<n>     as the n-th run of a statement whose SQL contains <text> starts
//   readdir:<n>        at the n-th folder listing (the walk)
//   open:<n>           at a worker's n-th file open (the parse; every worker counts its own)
import fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import Database from 'better-sqlite3';

const spec = process.env.TONEARM_CRASH_AT ?? '';
const [kind = '', ...rest] = spec.split(':');
const n = Number(rest.at(-1));
const text = rest.slice(0, -1).join(':');
let count = 0;

function die(): never {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable: SIGKILL was sent');
}

if (kind === 'sql' && isMainThread) {
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, unknown> & { source?: string };
  probe.close();
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const original = proto[method] as (...args: unknown[]) => unknown;
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      if (this.source.includes(text) && ++count === n) die();
      return original.apply(this, args);
    };
  }
} else if (kind === 'readdir' && isMainThread) {
  const original = fs.readdirSync;
  fs.readdirSync = function (...args: Parameters<typeof fs.readdirSync>) {
    if (++count === n) die();
    return original.apply(fs, args);
  } as typeof fs.readdirSync;
} else if (kind === 'open' && !isMainThread) {
  const original = fs.openSync;
  fs.openSync = function (...args: Parameters<typeof fs.openSync>) {
    if (++count === n) die();
    return original.apply(fs, args);
  } as typeof fs.openSync;
}
