// Gives the memory of a finished burst of work (a full scan, the watcher's set-up) back to the system.
//
// V8 keeps the pages a peak of its heap freed in a pool for reuse and releases them only on a
// memory-reducing collection, which an idle process never gets (its memory reducer waits for a low
// allocation rate measured at collections that no longer come). At 100k tracks `tonearm serve` kept
// ~45 MB of such pages after its start-up scan: resident, counted in its RSS, never used again.
// Node has no API for a memory-reducing collection; V8's `gc` extension has one (`flavor:
// 'last-resort'`), and a context made while `--expose-gc` is set gets it — the flag is set for that
// moment only, so no other context (and not the main one) sees a `gc`.
import v8 from 'node:v8';
import vm from 'node:vm';

type Gc = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;
let gc: Gc | null | undefined;

function collector(): Gc | null {
  if (gc !== undefined) return gc;
  try {
    v8.setFlagsFromString('--expose-gc');
    const found: unknown = vm.runInNewContext('typeof gc === "function" ? gc : null');
    gc = typeof found === 'function' ? (found as Gc) : null;
  } catch {
    gc = null;
  } finally {
    if (!process.execArgv.includes('--expose-gc')) v8.setFlagsFromString('--no-expose-gc');
  }
  return gc;
}

/** A full, memory-reducing collection now (tens of ms at 100k tracks); nothing where V8 offers none. */
export function releaseMemory(): void {
  collector()?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}
