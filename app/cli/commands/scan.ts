import fs from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import { parseArgs } from 'node:util';
import type { ScanSummary } from '../../contract/index.ts';
import { handOverScan } from '../../owner/client.ts';
import type { CommandIo } from '../command.ts';
import { positiveInt, requireDb, requireDirs } from '../options.ts';
import { createProgressReporter } from '../progress.ts';

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { db: { type: 'string' }, json: { type: 'boolean', default: false }, threads: { type: 'string' }, covers: { type: 'string' } },
  });
  const db = requireDb(values.db);
  const roots = requireDirs(positionals);
  const threads = positiveInt(values.threads, 'threads') ?? os.availableParallelism();
  const reporter = createProgressReporter(io.stderr);
  const report = (summary: ScanSummary, extra: { peakRssMb: number; cpuMs: number; ownerPid?: number }): void => {
    reporter.stop();
    if (values.json) {
      io.stdout.write(JSON.stringify({ ...summary, ...extra }) + '\n');
      return;
    }
    io.stdout.write(`${summary.tracks} tracks · ${summary.added} added, ${summary.updated} updated, ${summary.moved} moved, ` +
      `${summary.removed} removed, ${summary.unchanged} unchanged · ${summary.errors} errors · ${(summary.elapsedMs / 1000).toFixed(2)} s` +
      `${extra.ownerPid === undefined ? '' : ` · scanned by the running Tonearm (pid ${extra.ownerPid})`}\n`);
    if (summary.errors > 0) io.stdout.write(`Run "tonearm errors --db ${values.db}" to see which files could not be read.\n`);
  };
  // A running Tonearm that has this catalog open (the desktop app, `tonearm serve`, `tonearm watch`,
  // another `tonearm scan`) scans it: no second writer, its search and UI follow at once (app/owner).
  const handOver = async (): Promise<number | null> => {
    const handed = await handOverScan({ db, roots, covers: values.covers, onProgress: (p) => reporter.update(p) });
    if (!handed) return null;
    report(handed.summary, { peakRssMb: handed.peakRssMb, cpuMs: handed.cpuMs + ownCpuMs(), ownerPid: handed.pid });
    return 0;
  };
  try {
    return (await handOver()) ?? await scanHere({ db, roots, threads, covers: values.covers, reporter, report, handOver });
  } finally {
    reporter.stop();
  }
}

interface ScanHere {
  db: string;
  roots: string[];
  threads: number;
  covers: string | undefined;
  reporter: ReturnType<typeof createProgressReporter>;
  report(summary: ScanSummary, extra: { peakRssMb: number; cpuMs: number }): void;
  /** Hands the scan to the process that owns the catalog: its exit code, or null when none does. */
  handOver(): Promise<number | null>;
}

/** No Tonearm has the catalog open: this process scans it (and owns it meanwhile). */
async function scanHere({ db, roots, threads, covers, reporter, report, handOver }: ScanHere): Promise<number> {
  const { createParsePool } = await import('../../scanner/parsePool.ts');
  const fresh = !fs.existsSync(db);
  // Reading a whole library is a batch job that keeps every core busy with its own threads (a reader
  // per core, plus the writer), so V8's efficiency mode suits it: garbage collection stays on the
  // thread that made the garbage instead of adding helper threads, and TurboFan waits for code that
  // runs 15,000 times instead of recompiling the reader while it warms up. Measured (bench:scan, 2
  // cores): −9% wall and −10% CPU for a first scan of 2k and of 10k tracks. Not for a rescan (no
  // gain: it mostly stats files), nor for a server (`serve`, `watch`), which wants both.
  if (fresh) v8.setFlagsFromString('--efficiency-mode');
  // A new catalog: every file will be read, so the tag readers boot now, while the catalog and the
  // scanner load and the folders are walked (a rescan starts them only if a file changed).
  const pool = fresh ? createParsePool({ threads }) : undefined;
  try {
    const [{ openCatalog }, { coverDirFor }, { ownScans }, { scan }] = await Promise.all([
      import('../../catalog/index.ts'),
      import('../../covers/files.ts'),
      import('../ownedScans.ts'),
      import('../../scanner/scan.ts'), // not the index: `scan` has no use for the watcher (chokidar) it exports
    ]);
    const catalog = openCatalog({ file: db });
    try {
      const coverDir = covers ?? coverDirFor(db);
      // While it scans, this process owns the catalog: a `tonearm scan` of it started meanwhile is
      // handed here and runs next (app/owner), instead of opening the catalog and writing beside it.
      const owner = await ownScans({
        dbFile: db, coverDir, folders: null, name: 'the running "tonearm scan"', log: () => {},
        scan: (scanRoots, onProgress) => scan({ roots: scanRoots, catalog, coverDir, onProgress, threads }),
      });
      try {
        // Two commands started at once: the other one listened first, so it scans this too.
        const handed = owner.listening ? null : await handOver();
        if (handed !== null) return handed;
        // Nobody reads a new catalog yet: its browse indexes are built once the tracks are in
        // (app/catalog/bulkLoad.ts; a scan killed on the way leaves them to the next open).
        if (fresh) catalog.bulkLoad.defer();
        const result = await owner.run(async (progress) => {
          try {
            return await scan({ roots, catalog, coverDir, threads, pool, onProgress: (e) => {
              reporter.update(e);
              progress(e);
            } });
          } finally {
            if (fresh) catalog.bulkLoad.restore();
          }
        });
        const { changedTrackIds: _c, removedTrackIds: _r, deferred: _d, ...summary } = result;
        report(summary, { peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), cpuMs: ownCpuMs() });
        return 0;
      } finally {
        await owner.close(); // after the scans handed here meanwhile
      }
    } finally {
      catalog.close();
    }
  } finally {
    await pool?.close(); // the scan closed it already, unless the catalog could not be opened
  }
}

/** CPU time of this whole process (every thread), for benchmarks on a loaded machine. */
function ownCpuMs(): number {
  const usage = process.resourceUsage();
  return Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000);
}
