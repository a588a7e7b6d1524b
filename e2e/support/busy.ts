// CPU load for a listening test to run under: `n` busy loops at normal priority (nice 0, also when
// the test runner itself runs niced: `nice -n -N` from a root runner brings them back to 0, and a
// runner that may not raise priority leaves them at its own). Stop them before reading results.
import { spawn } from 'node:child_process';
import os from 'node:os';

export function busyLoops(n: number): () => void {
  const raise = -os.getPriority();
  const loops = Array.from({ length: n }, () =>
    spawn('nice', ['-n', String(raise), 'sh', '-c', 'while :; do :; done'], { stdio: 'ignore' }));
  return () => {
    for (const p of loops) p.kill('SIGKILL');
  };
}
