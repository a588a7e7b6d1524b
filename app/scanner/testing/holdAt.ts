// Preload (`node --import`) that holds a scan's parse worker at its n-th file open until the test lets
// it go: the process's main thread stays free (it answers its owner socket) while its scan is under
// way, at a known point. TONEARM_HOLD_AT=open:<n>; TONEARM_HOLD_FILE=<path>: `<path>.held` is written
// when the hold starts, and the worker goes on once `<path>.release` exists (or after 30 s).
import fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const [kind = '', nth = ''] = (process.env.TONEARM_HOLD_AT ?? '').split(':');
const file = process.env.TONEARM_HOLD_FILE ?? '';
let count = 0;

function hold(): void {
  fs.writeFileSync(`${file}.held`, String(process.pid));
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (const until = Date.now() + 30_000; !fs.existsSync(`${file}.release`) && Date.now() < until;) Atomics.wait(nap, 0, 0, 5);
}

if (kind === 'open' && file && !isMainThread) {
  const original = fs.openSync;
  fs.openSync = function (...args: Parameters<typeof fs.openSync>) {
    if (++count === Number(nth)) hold();
    return original.apply(fs, args);
  } as typeof fs.openSync;
}
