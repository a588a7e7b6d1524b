// Worker thread: computes recommendations from the catalog file on its own read-only connection
// (WAL lets it read while the main thread writes), so requests never wait for a computation.
import { parentPort, workerData } from 'node:worker_threads';
import { openDb } from '../../catalog/open.ts';
import { compute, createLookup } from './engine.ts';

interface Input { file: string; now: number; tzOffsetMin: number }

const input = workerData as Input;
const db = openDb({ file: input.file, readonly: true });
try {
  parentPort?.postMessage(compute(createLookup(db), { now: input.now, tzOffsetMin: input.tzOffsetMin }));
} finally {
  db.close();
}
