import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { openCatalog } from '../../catalog/index.ts';
import type { SyncRunProgress } from '../../contract/index.ts';
import { userDataDir } from '../../server/start.ts';
import { createSyncApi, normaliseServer, SyncError } from '../../sync/api.ts';
import { sync } from '../../sync/client.ts';
import { LADDERS } from '../../transcoder/index.ts';
import { renditionCacheFor, syncSettingKeys } from '../../sync/paths.ts';
import { coverDirFor } from '../../covers/files.ts';
import { UsageError, type CommandIo } from '../command.ts';
import { printStoragePlan, storagePlan } from './syncPlan.ts';
import { formatBytes, positiveInt, requireExistingDb } from '../options.ts';
import { displayPath } from '../../text/fsPath.ts';

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      server: { type: 'string' },
      token: { type: 'string' },
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
      renditions: { type: 'string' },
      covers: { type: 'string' },
      ladder: { type: 'string' },
      uploads: { type: 'string' },
      transcodes: { type: 'string' },
      full: { type: 'boolean', default: false },
      plan: { type: 'boolean', default: false },
      'keep-high-days': { type: 'string' },
    },
  });
  const db = requireExistingDb(values.db ?? path.join(userDataDir(), 'library.db'));
  if (values.ladder !== undefined && values.ladder !== 'aac' && values.ladder !== 'opus') {
    throw new UsageError(`--ladder must be aac or opus, not "${values.ladder}"`);
  }
  const uploads = positiveInt(values.uploads, 'uploads');
  const transcodes = positiveInt(values.transcodes, 'transcodes');
  const keepHighDays = positiveInt(values['keep-high-days'], 'keep-high-days');
  const catalog = openCatalog({ file: db });
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const reporter = progressReporter(io);
  try {
    const stored = catalog.settings.get<string | null>(syncSettingKeys.server, null);
    const server = values.server ?? stored;
    if (!server) throw new UsageError('missing --server <url> (the sync server to upload to)');
    // The stored device token was given with the stored server: it is never sent to another one.
    const sameServer = stored !== null && sameAddress(server, stored);
    const token = values.token ?? (process.env.TONEARM_SYNC_TOKEN || (sameServer ? catalog.settings.get<string | null>(syncSettingKeys.token, null) : null));
    if (!token) {
      const storedToken = catalog.settings.get<string | null>(syncSettingKeys.token, null);
      throw new UsageError(storedToken && !sameServer
        ? `missing --token <t>: the stored device token is for ${stored}, and it is never sent to another server`
        : 'missing --token <t> (the device token the sync server gave you)');
    }
    const policyDays = keepHighDays ?? catalog.settings.get<number | null>(syncSettingKeys.keepHighDays, null);
    if (values.plan) {
      const plan = await storagePlan(createSyncApi({ server, token, signal: controller.signal }), policyDays ?? 90);
      if (values.json) io.stdout.write(JSON.stringify(plan) + '\n');
      else printStoragePlan(plan, io);
      return 0;
    }
    const result = await sync({
      catalog, server, token,
      renditionCache: values.renditions ? path.resolve(values.renditions) : renditionCacheFor(db),
      coverDir: values.covers ? path.resolve(values.covers) : coverDirFor(db),
      ...(values.ladder === 'aac' || values.ladder === 'opus' ? { ladder: LADDERS[values.ladder] } : {}),
      concurrency: { ...(uploads ? { upload: uploads } : {}), ...(transcodes ? { transcode: transcodes } : {}) },
      full: values.full,
      ...(policyDays !== null ? { policy: { keepHighDays: policyDays } } : {}),
      signal: controller.signal,
      onProgress: (p) => reporter.update(p),
    });
    reporter.stop();
    for (const f of result.failures.slice(0, 20)) io.stderr.write(`failed: ${displayPath(f.path)}: ${f.reason}\n`);
    if (result.failures.length > 20) io.stderr.write(`… and ${result.failures.length - 20} more failures\n`);
    const { tracks, uploaded, skipped, bytes, failed, elapsedMs, published, removed, repaired } = result;
    if (values.json) {
      io.stdout.write(JSON.stringify({ tracks, published, skipped, removed, repaired, uploaded, bytes, failed, elapsedMs }) + '\n');
    } else {
      io.stdout.write(`${tracks} tracks · ${published} published, ${skipped} up to date, ${removed} removed, ${repaired} repaired, ${failed} failed · ` +
        `${uploaded} objects uploaded (${formatBytes(bytes)}) · ${(elapsedMs / 1000).toFixed(2)} s\n`);
    }
    // Anything that failed (a track not published) makes the whole run a failure: 1.
    return failed > 0 ? 1 : 0;
  } catch (err) {
    if (err instanceof SyncError) throw new UsageError(err.message);
    if (controller.signal.aborted) {
      reporter.stop();
      io.stderr.write('tonearm sync: interrupted; run it again to continue where it stopped\n');
      return 130;
    }
    throw err;
  } finally {
    reporter.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    catalog.close();
  }
}

interface Reporter {
update(p: SyncRunProgress): void;
stop(): void;
}

const mb = (n: number) => (n / 1048576).toFixed(1);

/** A progress bar on a TTY (stderr), plain lines at most once a second otherwise. */
function progressReporter(io: CommandIo): Reporter {
const stream = io.stderr;
if (stream.isTTY) {
  const bar = new cliProgress.SingleBar({
    stream,
    format: '{phase} [{bar}] {value}/{total} tracks · {objects} objects · {mb} MB · {rate} MB/s · {failures} failed',
    hideCursor: true,
    clearOnComplete: true,
    barsize: 30,
  }, cliProgress.Presets.shades_classic);
  let started = false;
  let stopped = false;
  return {
    update(p) {
      if (stopped) return;
      const payload = {
        phase: p.phase.padEnd(11), objects: `${p.objects.done}/${p.objects.total}`, mb: mb(p.bytes.done), rate: mb(p.rate), failures: p.failures,
      };
      if (!started) {
        bar.start(Math.max(p.tracks.total, 1), p.tracks.done, payload);
        started = true;
      }
      bar.setTotal(Math.max(p.tracks.total, 1));
      bar.update(p.tracks.done, payload);
    },
    stop() {
      if (started && !stopped) bar.stop();
      stopped = true;
    },
  };
}
let last = 0;
return {
  update(p) {
    const now = Date.now();
    if (now - last < 1000 && p.phase !== 'done') return;
    last = now;
    stream.write(`${p.phase}: ${p.tracks.done}/${p.tracks.total} tracks, ${p.objects.done}/${p.objects.total} objects, ` +
      `${mb(p.bytes.done)} MB at ${mb(p.rate)} MB/s, ${p.failures} failed\n`);
  },
  stop() {},
};
}

/** Whether two sync server addresses name the same server (an address that is not one never does). */
function sameAddress(a: string, b: string): boolean {
  try {
    return normaliseServer(a) === normaliseServer(b);
  } catch {
    return false;
  }
}
