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
  const report = (r: ScanResult): void => void io.stdout.write(
    `${new Date().toISOString()} +${r.added} added, ${r.updated} updated, ${r.moved} moved, -${r.removed} removed, ${r.errors} errors → ${r.tracks} tracks\n`);
  // Watch before the first scan (as the library server does): a change made while it walks the
  // folders is then an event, not lost. The watcher's own scans wait for the first one.
  const first = Promise.withResolvers<void>();
  let away: readonly string[] = [];
  const watcher = watch({ roots, catalog, coverDir, after: first.promise, onScan: report, onError: (err) => io.stderr.write(`watch: ${err.message}\n`),
    onAway: (list) => void (away = list.map((a) => a.root)) });
  // This process keeps the catalog from the start: `tonearm scan` of it is handed over (app/owner),
  // queued behind the first scan, then run between the watcher's own scans.
  const owner = await ownScans({
    dbFile: db, coverDir, folders: roots, name: 'the running "tonearm watch"', log: (m) => io.stderr.write(`watch: ${m}\n`),
    scan: (scanRoots, onProgress) => scan({ roots: scanRoots, catalog, coverDir, onProgress }),
    turn: (job) => watcher.exclusive(job),
    onHanded: report,
  });
  try {
    await watcher.ready;
    // A folder away at the start (an empty mount point whose tracks the catalog holds) is left to the
    // watcher, which scans it when it is back; its tracks are kept meanwhile. The others are scanned as
    // a part (as the library server does: a catalog due to be read again stays due until all are).
    const present = roots.filter((r) => !away.includes(r));
    const part = present.length < roots.length ? { only: present } : {};
    const done = present.length === 0 ? null : await owner.run((progress) => scan({ roots: present, ...part, catalog, coverDir, onProgress: (e) => {
      reporter.update(e);
      progress(e);
    } }));
    reporter.stop();
    first.resolve();
    io.stdout.write(`${done?.tracks ?? catalog.stats().tracks} tracks indexed; watching ${roots.join(', ')} (Ctrl+C to stop)\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
  } finally {
    reporter.stop();
    first.resolve();
    await owner.close();
    await watcher.close();
    catalog.close();
  }
  return 0;
}
