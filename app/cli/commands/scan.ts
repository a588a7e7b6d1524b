import { parseArgs } from 'node:util';
import { openCatalog } from '../../catalog/index.ts';
import { coverDirFor } from '../../covers/files.ts';
import { scan } from '../../scanner/scan.ts'; // not the index: `scan` has no use for the watcher (chokidar) it exports
import type { CommandIo } from '../command.ts';
import { createProgressReporter } from '../progress.ts';
import { positiveInt, requireDb, requireDirs } from '../options.ts';

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { db: { type: 'string' }, json: { type: 'boolean', default: false }, threads: { type: 'string' }, covers: { type: 'string' } },
  });
  const db = requireDb(values.db);
  const roots = requireDirs(positionals);
  const threads = positiveInt(values.threads, 'threads');
  const catalog = openCatalog({ file: db });
  const reporter = createProgressReporter(io.stderr);
  try {
    const result = await scan({
      roots, catalog, coverDir: values.covers ?? coverDirFor(db), onProgress: (e) => reporter.update(e),
      ...(threads ? { threads } : {}),
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
}
