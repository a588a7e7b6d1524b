import fs from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import { parseArgs } from 'node:util';
import { createParsePool } from '../../scanner/parsePool.ts';
import type { CommandIo } from '../command.ts';
import { positiveInt, requireDb, requireDirs } from '../options.ts';

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { db: { type: 'string' }, json: { type: 'boolean', default: false }, threads: { type: 'string' }, covers: { type: 'string' } },
  });
  const db = requireDb(values.db);
  const roots = requireDirs(positionals);
  const threads = positiveInt(values.threads, 'threads') ?? os.availableParallelism();
  // A scan is a batch job that keeps every core busy with its own threads (one reader per core plus
  // the writer), so V8's efficiency mode suits it: garbage collection stays on the thread that made
  // the garbage instead of adding helper threads, and TurboFan waits for code that runs 15,000 times
  // instead of recompiling the reader while it is still warming up. Measured (bench:scan, 2 cores):
  // −9% wall and −10% CPU for 2k and 10k tracks. Only here: a server (`serve`, `watch`) wants them.
  v8.setFlagsFromString('--efficiency-mode');
  // A new catalog: every file will be read, so the tag readers boot now, while the catalog and the
  // scanner load and the folders are walked (a rescan starts them only if a file changed).
  const pool = fs.existsSync(db) ? undefined : createParsePool({ threads });
  try {
    const [{ openCatalog }, { coverDirFor }, { scan }, { createProgressReporter }] = await Promise.all([
      import('../../catalog/index.ts'),
      import('../../covers/files.ts'),
      import('../../scanner/scan.ts'), // not the index: `scan` has no use for the watcher (chokidar) it exports
      import('../progress.ts'),
    ]);
    const catalog = openCatalog({ file: db });
    const reporter = createProgressReporter(io.stderr);
    try {
      const result = await scan({
        roots, catalog, coverDir: values.covers ?? coverDirFor(db), onProgress: (e) => reporter.update(e), threads, pool,
      });
      reporter.stop();
      const { changedTrackIds: _c, removedTrackIds: _r, ...summary } = result;
      if (values.json) {
        const usage = process.resourceUsage();
        const peakRssMb = Math.round(usage.maxRSS / 1024);
        // CPU time of the whole process (every thread), for benchmarks on a loaded machine.
        const cpuMs = Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000);
        io.stdout.write(JSON.stringify({ ...summary, peakRssMb, cpuMs }) + '\n');
      } else {
        io.stdout.write(`${result.tracks} tracks · ${result.added} added, ${result.updated} updated, ${result.moved} moved, ` +
          `${result.removed} removed, ${result.unchanged} unchanged · ${result.errors} errors · ${(result.elapsedMs / 1000).toFixed(2)} s\n`);
        if (result.errors > 0) io.stdout.write(`Run "tonearm errors --db ${values.db}" to see which files could not be read.\n`);
      }
      return 0;
    } finally {
      reporter.stop();
      catalog.close();
    }
  } finally {
    await pool?.close(); // the scan closed it already, unless the catalog could not be opened
  }
}
