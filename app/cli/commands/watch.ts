import { parseArgs } from 'node:util';
import { openCatalog } from '../../catalog/index.ts';
import { coverDirFor } from '../../covers/files.ts';
import { scan, watch } from '../../scanner/index.ts';
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
  const watcher = watch({
    roots, catalog, coverDir,
    onScan: (r) => io.stdout.write(`${new Date().toISOString()} +${r.added} added, ${r.updated} updated, ${r.moved} moved, -${r.removed} removed, ${r.errors} errors → ${r.tracks} tracks\n`),
    onError: (err) => io.stderr.write(`watch: ${err.message}\n`),
  });
  await watcher.ready;
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await watcher.close();
  catalog.close();
  return 0;
}
