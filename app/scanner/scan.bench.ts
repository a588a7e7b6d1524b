// Scan benchmark: Tonearm's full scan and no-change rescan against MPD's database update, on the same
// generated library.
//
//   npm run bench:scan -- --tracks 10000
//
// The library is generated once and cached under .cache/bench/library-<N> (git-ignored). Tonearm runs
// as installed: a child process (`bin/tonearm.js scan <dir> --db <tmp>/bench.db --json`, whose last
// stdout line is a JSON summary) run from the bundles `npm run build:main` makes (built
// first when missing or older than the sources); MPD runs as a child daemon with a throw-away config
// on a free local port. No-change rescans are timed 7 times each (medians): `tonearm scan` by itself,
// the same command while `tonearm serve` has the catalog open (it hands the scan over: app/owner,
// like `mpc update` to a running MPD), and MPD's update.
import type { ScanSummary } from '../contract/index.ts';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generatedLibrary } from '../testing/audio.ts';
import { builtUrl } from '../prebuilt.ts';
import { cpuMsOf, memoryMb, ownedRescans, type OwnedRescans } from './testing/ownedRescan.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The installed `tonearm` command (bin/tonearm.js), as a user runs it. */
const CLI = path.join(REPO, 'bin/tonearm.js');

const TARGET_TRACKS = 10_000;
const TARGET_RSS_MB = 250;

type ScanJson = ScanSummary & { peakRssMb?: number; cpuMs?: number; ownerPid?: number };
/** No-change rescans (Tonearm's and MPD's) are timed this many times; the median is reported. */
const RESCANS = 7;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

interface TonearmRun {
  wallMs: number;
  json: ScanJson;
  /** VmHWM of the child as last seen by polling /proc (a cross-check of json.peakRssMb). */
  polledPeakMb: number | null;
}

const { values: args } = parseArgs({
  options: {
    tracks: { type: 'string', default: '2000' },
    'no-mpd': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  process.stdout.write(`usage: npm run bench:scan -- [--tracks N] [--no-mpd] [--keep]

  --tracks N   library size (default 2000; generated once, cached in .cache/bench/library-N)
  --no-mpd     skip the MPD comparison
  --keep       keep the temp dir (Tonearm db, MPD config/db) and print its path
`);
  process.exit(0);
}
const tracks = Number(args.tracks);
if (!Number.isInteger(tracks) || tracks < 1) {
  process.stderr.write(`bench:scan: --tracks must be a positive integer, got "${args.tracks}"\n`);
  process.exit(2);
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const seconds = (ms: number): string => (ms / 1000).toFixed(2);
const rate = (n: number, ms: number): string => Math.round(n / (ms / 1000)).toLocaleString('en-US');

/** Runs the Tonearm CLI; resolves with the wall time and the JSON summary (last stdout line). */
function runTonearm(cliArgs: readonly string[]): Promise<TonearmRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...cliArgs], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let polledPeakMb: number | null = null;
    const poll = setInterval(() => {
      const hwm = child.pid === undefined ? null : memoryMb(child.pid, 'VmHWM');
      if (hwm !== null) polledPeakMb = Math.max(polledPeakMb ?? 0, hwm);
    }, 25);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => {
      clearInterval(poll);
      reject(error);
    });
    child.on('close', (code) => {
      clearInterval(poll);
      const wallMs = performance.now() - started;
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0) {
        reject(new Error(`tonearm ${cliArgs.join(' ')} exited with ${code}\n${stderr.trim().slice(-3000)}\n${stdout.slice(-1000)}`));
        return;
      }
      try {
        resolve({ wallMs, json: JSON.parse(last) as ScanJson, polledPeakMb });
      } catch {
        reject(new Error(`tonearm ${cliArgs.join(' ')}: last stdout line is not JSON: ${last.slice(0, 500)}`));
      }
    });
  });
}

function have(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function mpc(port: number, ...mpcArgs: string[]): { ok: boolean; out: string } {
  const result = spawnSync('mpc', ['-h', '127.0.0.1', '-p', String(port), ...mpcArgs], { encoding: 'utf8' });
  return { ok: result.status === 0, out: `${result.stdout}${result.stderr}` };
}

function timed(fn: () => void): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

interface MpdRun {
  fullMs: number;
  noChangeMs: number;
  /** CPU time (user + system, all threads) MPD spent on each update. */
  fullCpuMs: number;
  noChangeCpuMs: number;
  songs: number;
}

/**
 * MPD's full database build of the library. MPD scans its music_directory by itself at startup when
 * the db file does not exist, which cannot be timed from outside; so music_directory starts as an
 * empty folder (that startup scan is instant), and once MPD is idle the library is linked into it and
 * `mpc --wait update` times the build of every song from scratch. A second `update` times MPD's
 * no-change rescan.
 */
async function runMpd(library: string, work: string): Promise<MpdRun> {
  const dir = path.join(work, 'mpd');
  const music = path.join(dir, 'music');
  await mkdir(music, { recursive: true });
  const port = await freePort();
  const conf = path.join(dir, 'mpd.conf');
  await writeFile(
    conf,
    [
      `music_directory "${music}"`,
      `db_file "${path.join(dir, 'db')}"`,
      `log_file "${path.join(dir, 'log')}"`,
      `pid_file "${path.join(dir, 'pid')}"`,
      `state_file "${path.join(dir, 'state')}"`,
      `bind_to_address "127.0.0.1"`,
      `port "${port}"`,
      `auto_update "no"`,
      `follow_outside_symlinks "yes"`,
      `audio_output {`,
      `  type "null"`,
      `  name "null"`,
      `}`,
      '',
    ].join('\n'),
  );
  const daemon = spawn('mpd', ['--no-daemon', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let daemonErr = '';
  daemon.stderr.setEncoding('utf8').on('data', (chunk: string) => (daemonErr += chunk));
  const exited = new Promise<void>((resolve) => daemon.on('close', () => resolve()));
  try {
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (daemon.exitCode !== null) throw new Error(`mpd exited with ${daemon.exitCode}: ${daemonErr.trim()}`);
      const status = mpc(port, 'status');
      if (status.ok && !/Updating DB/.test(status.out)) break;
      if (Date.now() > deadline) throw new Error(`mpd did not answer on port ${port}: ${status.out.trim()} ${daemonErr.trim()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await symlink(library, path.join(music, 'library'));
    let update = { ok: false, out: '' };
    const cpu0 = cpuMsOf(daemon.pid);
    const fullMs = timed(() => (update = mpc(port, '--wait', 'update')));
    if (!update.ok) throw new Error(`mpc update failed: ${update.out.trim()}`);
    const cpu1 = cpuMsOf(daemon.pid);
    const noChange: number[] = [];
    for (let i = 0; i < RESCANS; i++) noChange.push(timed(() => (update = mpc(port, '--wait', 'update'))));
    const noChangeMs = median(noChange);
    const cpu2 = cpuMsOf(daemon.pid);
    const stats = mpc(port, 'stats').out;
    const songs = Number(/Songs:\s+(\d+)/.exec(stats)?.[1] ?? NaN);
    return { fullMs, noChangeMs, fullCpuMs: cpu1 - cpu0, noChangeCpuMs: (cpu2 - cpu1) / RESCANS, songs };
  } finally {
    daemon.kill('SIGTERM');
    const timeout = setTimeout(() => daemon.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timeout);
  }
}

// ---------------------------------------------------------------------------------------------

log(`bench:scan — ${tracks.toLocaleString('en-US')} tracks`);
const loadBefore = os.loadavg().map((n) => n.toFixed(2)).join(' ');
const genStarted = performance.now();
let lastShown = 0;
const library = await generatedLibrary({
  tracks,
  onProgress: (done) => {
    if (process.stderr.isTTY && (done === tracks || done - lastShown >= 500)) {
      lastShown = done;
      process.stderr.write(`\r  library: ${done}/${tracks} files`);
    }
  },
});
const genMs = performance.now() - genStarted;
if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
log(`  library: ${library} (${genMs < 500 ? 'cached' : `generated in ${seconds(genMs)} s`})`);

const work = await mkdtemp(path.join(tmpdir(), 'tonearm-bench-'));
let full: TonearmRun | null = null;
let rescan: TonearmRun | null = null;
let owned: OwnedRescans | null = null;
let tonearmProblem: string | null = null;
let mpd: MpdRun | null = null;
let mpdProblem: string | null = null;
const warnings: string[] = [];
let workerFile = '';
let nodeStartMs = NaN;

try {
  // Warm the page cache the same way for both sides: read every file once.
  spawnSync('sh', ['-c', 'find "$1" -type f -exec cat {} + > /dev/null', 'sh', library], { stdio: 'ignore' });

  // As an installed Tonearm runs: the command and its parse worker bundled (`npm run build:main`;
  // app/prebuilt.ts). A checkout whose bundles are missing or older than their sources is built first.
  const parseWorker = new URL('./parse.worker.ts', import.meta.url);
  const cliMain = new URL('../cli/main.ts', import.meta.url);
  if ([parseWorker, cliMain].some((u) => builtUrl(u).href === u.href)) {
    log('  building the bundles (npm run build:main)…');
    const built = spawnSync(process.execPath, [path.join(REPO, 'scripts/build-main.ts')], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
    if (built.status !== 0) warnings.push('npm run build:main failed: the scan ran the command and its worker from the TypeScript sources');
  }
  workerFile = [parseWorker, cliMain].map((u) => path.relative(REPO, fileURLToPath(builtUrl(u)))).join(', ');

  if (!existsSync(CLI)) {
    tonearmProblem = `${path.relative(REPO, CLI)} does not exist yet`;
  } else {
    const db = path.join(work, 'bench.db');
    try {
      // A user has run tonearm before: Node's compile cache holds its modules (one warm-up run on an
      // empty folder fills it, workers included), as after any earlier scan.
      await mkdir(path.join(work, 'empty'));
      await runTonearm(['scan', path.join(work, 'empty'), '--db', path.join(work, 'warm.db'), '--json']);
      log('  tonearm: full scan (fresh database)…');
      full = await runTonearm(['scan', library, '--db', db, '--json']);
      log(`  tonearm: no-change rescan ×${RESCANS}…`);
      const rescans: TonearmRun[] = [];
      for (let i = 0; i < RESCANS; i++) rescans.push(await runTonearm(['scan', library, '--db', db, '--json']));
      rescan = [...rescans].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(RESCANS / 2)] ?? null;
      if (!rescan) throw new Error('no rescan ran');
      // The floor under every `tonearm` command: Node itself starting and exiting, nothing loaded.
      nodeStartMs = median(Array.from({ length: RESCANS }, () => timed(() => spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' }))));
      log(`  tonearm: no-change rescan ×${RESCANS} handed to a running \`tonearm serve\`…`);
      try {
        owned = await ownedRescans({ cli: CLI, cwd: REPO, db, library, runs: RESCANS, run: runTonearm });
        if (owned.unchanged !== tracks) warnings.push(`handed rescan: unchanged=${owned.unchanged}, expected ${tracks}`);
      } catch (error) {
        warnings.push(`handed rescan: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (full.json.tracks !== tracks || full.json.added !== tracks) {
        warnings.push(`full scan: tracks=${full.json.tracks} added=${full.json.added}, expected ${tracks}`);
      }
      if (full.json.errors > 0) warnings.push(`full scan reported ${full.json.errors} errors`);
      if (rescan.json.unchanged !== tracks) {
        warnings.push(
          `no-change rescan: unchanged=${rescan.json.unchanged} (added=${rescan.json.added} updated=${rescan.json.updated} ` +
            `removed=${rescan.json.removed} moved=${rescan.json.moved}), expected ${tracks} unchanged`,
        );
      }
    } catch (error) {
      tonearmProblem = error instanceof Error ? error.message : String(error);
    }
  }

  if (args['no-mpd']) mpdProblem = 'skipped (--no-mpd)';
  else if (!have('mpd') || !have('mpc')) mpdProblem = 'mpd and/or mpc not installed (Debian: apt-get install mpd mpc)';
  else {
    try {
      log('  mpd: full database update…');
      mpd = await runMpd(library, work);
      if (mpd.songs !== tracks) warnings.push(`MPD found ${mpd.songs} songs, expected ${tracks}`);
    } catch (error) {
      mpdProblem = error instanceof Error ? error.message : String(error);
    }
  }
} finally {
  if (args.keep) log(`  kept ${work}`);
  else await rm(work, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// Report

const rows: [string, string, string][] = [];
const at10k = tracks >= TARGET_TRACKS;
const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;

// As a user runs it: `tonearm scan` wall time, process start included, against MPD's update of the
// same files (its daemon already running). CPU time is shown too: on a machine shared with other
// work, the wall-clock ratio moves with the load, the CPU ratio much less.
if (full && rescan) {
  rows.push(['Tonearm full scan', `wall ${seconds(full.wallMs)} s (in-process ${seconds(full.json.elapsedMs)} s), CPU ${seconds(full.json.cpuMs ?? NaN)} s`,
    mpd ? `wall ratio Tonearm/MPD ${ratio(full.wallMs, mpd.fullMs)} ≤ 1: ${verdict(full.wallMs <= mpd.fullMs)}` : '']);
  if (mpd) rows.push(['', `CPU ratio Tonearm/MPD ${ratio(full.json.cpuMs ?? NaN, mpd.fullCpuMs)}`, '']);
  rows.push([`Tonearm no-change rescan (median of ${RESCANS})`, `wall ${Math.round(rescan.wallMs)} ms (in-process ${Math.round(rescan.json.elapsedMs)} ms), CPU ${Math.round(rescan.json.cpuMs ?? NaN)} ms`,
    mpd ? `wall ratio Tonearm/MPD ${ratio(rescan.wallMs, mpd.noChangeMs)} ≤ 1: ${verdict(rescan.wallMs <= mpd.noChangeMs)}` : '']);
  if (mpd) rows.push(['', `CPU ratio Tonearm/MPD ${ratio(rescan.json.cpuMs ?? NaN, mpd.noChangeCpuMs)}`, '']);
  // The same command while `tonearm serve` has the catalog open (app/owner): the like of `mpc update`.
  if (owned) {
    rows.push(['  handed to a running Tonearm', `wall ${Math.round(owned.wallMs)} ms (its scan ${Math.round(owned.scanMs)} ms), CPU ${Math.round(owned.cpuMs)} ms, server RSS ${Math.round(owned.ownerRssMb ?? NaN)} MB`,
      mpd ? `wall ratio Tonearm/MPD ${ratio(owned.wallMs, mpd.noChangeMs)} ≤ 1: ${verdict(owned.wallMs <= mpd.noChangeMs)}` : '']);
  }
  rows.push([`  Node's own start (node -e 0, median of ${RESCANS})`, `${Math.round(nodeStartMs)} ms: the floor under any command`, mpd ? `${ratio(nodeStartMs, mpd.noChangeMs)} MPD's no-change update` : '']);
  const peak = Math.max(full.json.peakRssMb ?? 0, full.polledPeakMb ?? 0, rescan.json.peakRssMb ?? 0);
  rows.push(['Tonearm peak RSS', `${Math.round(peak)} MB`, `< ${TARGET_RSS_MB} MB: ${verdict(peak < TARGET_RSS_MB)}`]);
  rows.push(['  command, parse worker', workerFile, '']);
  rows.push(['  full scan counts', `tracks ${full.json.tracks}, added ${full.json.added}, errors ${full.json.errors}`, '']);
} else {
  rows.push(['Tonearm', `not run: ${tonearmProblem ?? 'unknown'}`.split('\n')[0] ?? '', '']);
}
if (mpd) {
  rows.push(['MPD full update', `wall ${seconds(mpd.fullMs)} s, CPU ${seconds(mpd.fullCpuMs)} s`, '']);
  rows.push([`MPD no-change update (median of ${RESCANS})`, `wall ${Math.round(mpd.noChangeMs)} ms, CPU ${Math.round(mpd.noChangeCpuMs)} ms`, '']);
} else {
  rows.push(['MPD', `not run: ${mpdProblem ?? 'unknown'}`.split('\n')[0] ?? '', '']);
}
rows.push(['load average', `${loadBefore} before, ${os.loadavg().map((n) => n.toFixed(2)).join(' ')} after, on ${os.availableParallelism()} cores`, '']);

const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
const line = '─'.repeat(w0 + w1 + 40);
const out = [
  '',
  `Scan benchmark: ${tracks.toLocaleString('en-US')} tracks, ${library}`,
  line,
  ...rows.map(([a, b, c]) => `${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`.trimEnd()),
  line,
];
if (!at10k) out.push(`The issue's targets are stated at 2,000 and ${TARGET_TRACKS.toLocaleString('en-US')} tracks.`);
for (const warning of warnings) out.push(`warning: ${warning}`);
if (tonearmProblem && !full) out.push('', `Tonearm: ${tonearmProblem}`);
if (mpdProblem && !mpd && !args['no-mpd']) out.push('', `MPD: ${mpdProblem}`);
process.stdout.write(`${out.join('\n')}\n`);
if (tonearmProblem || warnings.length > 0) process.exitCode = 1;
