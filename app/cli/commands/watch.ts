import { parseArgs } from 'node:util';
import { openCatalog } from '../../catalog/index.ts';
import { coverDirFor } from '../../covers/files.ts';
import { listenAsOwner, type OwnerProgress } from '../../owner/listen.ts';
import { scan, watch } from '../../scanner/index.ts';
import { summaryOf } from '../../scanner/library.ts';
import type { ScanResult } from '../../scanner/types.ts';
import type { CommandIo } from '../command.ts';
import { createProgressReporter } from '../progress.ts';
import { requireDb, requireDirs } from '../options.ts';

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { db: { type: 'string' }, covers: { type: 'string' } },
  });
  const db = requireDb(values.db);
  const roots = requireDirs(positionals);
  const catalog = openCatalog({ file: db });
  const coverDir = values.covers ?? coverDirFor(db);
  const reporter = createProgressReporter(io.stderr);
  const first = await scan({ roots, catalog, coverDir, onProgress: (e) => reporter.update(e) });
  reporter.stop();
  io.stdout.write(`${first.tracks} tracks indexed; watching ${roots.join(', ')} (Ctrl+C to stop)\n`);
  const report = (r: ScanResult): void => void io.stdout.write(
    `${new Date().toISOString()} +${r.added} added, ${r.updated} updated, ${r.moved} moved, -${r.removed} removed, ${r.errors} errors → ${r.tracks} tracks\n`);
  const watcher = watch({ roots, catalog, coverDir, onScan: report, onError: (err) => io.stderr.write(`watch: ${err.message}\n`) });
  await watcher.ready;
  // This process keeps the catalog now: `tonearm scan` of it is handed over (app/owner), and runs
  // between the watcher's own scans.
  const listeners = new Set<(p: OwnerProgress) => void>();
  const owner = await listenAsOwner({
    dbFile: db, coverDir, log: (m) => io.stderr.write(`watch: ${m}\n`),
    library: {
      folders: () => roots,
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      scanNow: () => watcher.exclusive(async () => {
        const result = await scan({ roots, catalog, coverDir, onProgress: (e) => listeners.forEach((l) => l({ ...e, running: e.phase !== 'done' })) });
        report(result);
        return summaryOf(result);
      }),
    },
  });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await owner?.close();
  await watcher.close();
  catalog.close();
  return 0;
}
