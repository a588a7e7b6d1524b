import { parseArgs } from 'node:util';
import { openCatalog } from '../../catalog/index.ts';
import { coverDirFor } from '../../covers/files.ts';
import { scan, watch } from '../../scanner/index.ts';
import type { ScanResult } from '../../scanner/types.ts';
import type { CommandIo } from '../command.ts';
import { ownScans } from '../ownedScans.ts';
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
  const owner = await ownScans({
    dbFile: db, coverDir, folders: roots, name: 'the running "tonearm watch"', log: (m) => io.stderr.write(`watch: ${m}\n`),
    scan: (scanRoots, onProgress) => scan({ roots: scanRoots, catalog, coverDir, onProgress }),
    turn: (job) => watcher.exclusive(job),
    onHanded: report,
  });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await owner.close();
  await watcher.close();
  catalog.close();
  return 0;
}
