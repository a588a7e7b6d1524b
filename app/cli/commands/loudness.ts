import { parseArgs } from 'node:util';
import { openCatalog } from '../../catalog/index.ts';
import { createLoudnessJob } from '../../loudness/job.ts';
import type { CommandIo } from '../command.ts';
import { positiveInt, requireExistingDb } from '../options.ts';

/** Measures the loudness of every track that needs it (app/loudness), then prints the outcome. */
export async function run(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { db: { type: 'string' }, json: { type: 'boolean', default: false }, jobs: { type: 'string' } },
  });
  const db = requireExistingDb(values.db);
  const jobs = positiveInt(values.jobs, 'jobs');
  const catalog = openCatalog({ file: db });
  const job = createLoudnessJob({ catalog, ...(jobs ? { concurrency: jobs } : {}), log: (m) => io.stderr.write(`tonearm: ${m}\n`) });
  let lastLine = 0;
  const unsubscribe = job.subscribe((s) => {
    if (!s.run || Date.now() - lastLine < 1000) return;
    lastLine = Date.now();
    io.stderr.write(`loudness: ${s.run.done}/${s.run.total} tracks · ${s.run.rate} tracks/s · ${s.run.realtime}× realtime\n`);
  });
  const stop = () => void job.cancel();
  process.once('SIGINT', stop);
  try {
    job.start();
    await job.idle();
    const s = job.status();
    const last = s.last;
    if (values.json) io.stdout.write(JSON.stringify({ ...last, wanted: s.wanted, measured: s.measured, failed: s.failed, error: s.error }) + '\n');
    else {
      io.stdout.write(`${s.measured}/${s.wanted} tracks measured · ${s.failed} could not be measured` +
        (last ? ` · this run: ${last.done} in ${((last.finishedAt - last.startedAt) / 1000).toFixed(1)} s, ${last.realtime}× realtime` : '') + '\n');
    }
    if (s.error) io.stderr.write(`tonearm: ${s.error}\n`);
    return s.error || last?.cancelled ? 1 : 0;
  } finally {
    process.off('SIGINT', stop);
    unsubscribe();
    await job.close();
    catalog.close();
  }
}
