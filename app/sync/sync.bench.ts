// Sync benchmark: Tonearm's first sync and no-change re-sync against `rclone sync` of the same
// rendition files, both to the same local S3 server (s3rver, signature-checking).
//
//   npm run bench:sync -- --tracks 2000 [--tracks 10000] [--no-rclone] [--keep]
//
// Per size N: a library of N tracks with distinct audio (app/testing's generatedLibrary reuses a few
// audio streams under many tags, which content addressing would collapse into a handful of objects)
// is written once (.cache/bench/sync-library-N, 4 s tracks, mixed formats, embedded covers), scanned
// once into a cached catalog, its loudness measured and its renditions made once into a cached
// rendition cache (.cache/bench/sync-N.db, .cache/bench/renditions-N/): that is the transcode time,
// reported on its own. Then, timed: `tonearm sync` (a child process, like a user runs it) to a real sync server
// (sync-server/main.ts, S3 store) — first sync, then a no-change re-sync; and `rclone sync` of the
// rendition files into another prefix of the same bucket — first sync, then a no-change re-sync.
import type { SyncSummary } from './protocol.ts';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openCatalog } from '../catalog/index.ts';
import { coverDirFor } from '../covers/files.ts';
import { scan } from '../scanner/index.ts';
import { writeTracks, type AudioFormat, type ToneSpec } from '../testing/audio.ts';
import { startTestS3, type TestS3 } from '../testing/s3.ts';
import { tempDir } from '../testing/temp.ts';
import { jobsFor, measureLoudness, transcodeAll } from '../transcoder/index.ts';
import { readLocalTracks } from './localTracks.ts';
import { startRealSyncServer } from './testing/realServer.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(REPO, 'app/cli/main.ts');
const CACHE = path.join(REPO, '.cache', 'bench');

const { values: args } = parseArgs({
  options: {
    tracks: { type: 'string', multiple: true, default: ['2000'] },
    'no-rclone': { type: 'boolean', default: false },
    synthetic: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    uploads: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  process.stdout.write(`usage: npm run bench:sync -- [--tracks N]... [--no-rclone] [--keep]

  --tracks N    library size (repeatable; default 2000). Library, catalog and renditions are cached in .cache/bench
  --no-rclone   skip the rclone comparison (apt-get install -y rclone)
  --synthetic   catalog rows + pre-made random-byte renditions instead of real audio (no ffmpeg at all;
                for sizes where encoding would take too long: the upload and no-change paths are the same)
  --keep        keep the temp dirs (server data, S3 files) and print their paths
  --uploads N   tonearm's parallel uploads, fixed (default: adaptive)
  --cpu-prof D  write V8 CPU profiles of the tonearm client and the sync server into folder D
`);
  process.exit(0);
}

interface Run {
  wallMs: number;
  stdout: string;
  stderr: string;
  code: number | null;
}

function run(cmd: string, argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ wallMs: performance.now() - started, stdout, stderr, code }));
  });
}

function duSync(dir: string, skip: (name: string) => boolean): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (!skip(e.name)) {
        files++;
        bytes += fs.statSync(p).size;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}

const mb = (bytes: number) => bytes / 1048576;
const fmt = (n: number, d = 1) => n.toFixed(d);

/** Catalog + loudness + renditions for N tracks, made once and cached. Returns the time it took (0 when cached). */
async function prepare(n: number): Promise<{ db: string; renditions: string; coverDir: string; library: string; transcodeMs: number; loudnessMs: number; scanMs: number }> {
  const library = await distinctLibrary(n);
  const db = path.join(CACHE, `sync-${n}.db`);
  const renditions = path.join(CACHE, `renditions-${n}`);
  const marker = `${db}.complete`;
  const coverDir = coverDirFor(db);
  if (fs.existsSync(marker)) {
    const saved = JSON.parse(fs.readFileSync(marker, 'utf8')) as { transcodeMs: number; loudnessMs: number; scanMs: number };
    return { db, renditions, coverDir, library, ...saved };
  }
  for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  fs.rmSync(coverDir, { recursive: true, force: true });
  const catalog = openCatalog({ file: db });
  try {
    let t = performance.now();
    await scan({ roots: [library], catalog, coverDir });
    const scanMs = performance.now() - t;

    t = performance.now();
    // Once per distinct audio, as sync() does.
    const missing = [...new Map(catalog.loudness.missing().map((m) => [m.fingerprint, m])).values()];
    const all = catalog.loudness.missing();
    let next = 0;
    let done = 0;
    await Promise.all(Array.from({ length: availableParallelism() }, async () => {
      while (next < missing.length) {
        const m = missing[next++];
        if (!m) break;
        try {
          const l = await measureLoudness({ file: m.path });
          for (const t of all) if (t.fingerprint === m.fingerprint) catalog.loudness.put(t.trackId, t.fingerprint, l);
        } catch {
          /* unmeasurable: sync retries it */
        }
        if (++done % 100 === 0) process.stderr.write(`\rloudness: ${done}/${missing.length}`);
      }
    }));
    process.stderr.write('\n');
    const loudnessMs = performance.now() - t;

    t = performance.now();
    const tracks = readLocalTracks(catalog.db);
    const result = await transcodeAll({
      jobs: jobsFor(tracks), cacheDir: renditions,
      onProgress: (p) => process.stderr.write(`\rtranscode: ${p.done}/${p.total} (${fmt(p.realtime, 0)}× realtime)`),
    });
    process.stderr.write('\n');
    if (result.failures.length > 0) process.stderr.write(`transcode failures: ${result.failures.length} (first: ${result.failures[0]?.error})\n`);
    const transcodeMs = performance.now() - t;
    fs.writeFileSync(marker, JSON.stringify({ transcodeMs, loudnessMs, scanMs }));
    return { db, renditions, coverDir, library, transcodeMs, loudnessMs, scanMs };
  } finally {
    catalog.close();
  }
}

/** N tracks of distinct audio (4 s each), albums of 10, mixed formats, some embedded covers. Cached. */
async function distinctLibrary(n: number): Promise<string> {
  const dir = path.join(CACHE, `sync-library-${n}`);
  const marker = `${dir}.complete`;
  if (fs.existsSync(marker)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  const formats: AudioFormat[] = ['mp3', 'mp3', 'mp3', 'mp3', 'flac', 'flac', 'ogg', 'opus', 'm4a', 'm4a'];
  const colors = ['red', 'green', 'blue', 'orange', 'purple', 'teal'];
  const specs: ToneSpec[] = [];
  for (let i = 0; i < n; i++) {
    const album = Math.floor(i / 10);
    const format = formats[album % formats.length] ?? 'mp3';
    const ext = format === 'm4a' ? 'm4a' : format;
    specs.push({
      path: `Artist ${album % 97}/Album ${album}/${String((i % 10) + 1).padStart(2, '0')} Track ${i}.${ext}`,
      format, seconds: 4, frequency: 200 + i * 0.37,
      tags: { title: `Track ${i}`, artist: `Artist ${album % 97}`, album: `Album ${album}`, track: String((i % 10) + 1), genre: ['Jazz', 'Rock', 'Folk'][album % 3] ?? 'Jazz' },
      ...(album % 3 === 0 && format !== 'opus' ? { cover: colors[album % colors.length] ?? 'red' } : {}),
    });
  }
  const t = performance.now();
  for (let i = 0; i < specs.length; i += 480) {
    await writeTracks(dir, specs.slice(i, i + 480));
    process.stderr.write(`\rlibrary: ${Math.min(i + 480, n)}/${n}`);
  }
  process.stderr.write(` (${fmt((performance.now() - t) / 1000)} s)\n`);
  fs.writeFileSync(marker, `${n}\n`);
  return dir;
}

type SyncJson = SyncSummary;

/**
 * Synthetic: N catalog rows (64 kb/s mp3 sources → the planner's 'low' rung is the source's audio,
 * 'preview' an encode) with loudness, and their two renditions pre-made as random bytes (8–48 KB)
 * in the rendition cache, so a sync finds everything made and never runs ffmpeg.
 */
async function syntheticPrepare(n: number): Promise<Awaited<ReturnType<typeof prepare>>> {
  const db = path.join(CACHE, `sync-synthetic-${n}.db`);
  const renditions = path.join(CACHE, `renditions-synthetic-${n}`);
  const marker = `${db}.complete`;
  const coverDir = coverDirFor(db);
  const base = { db, renditions, coverDir, library: '(synthetic)', transcodeMs: 0, loudnessMs: 0, scanMs: 0 };
  if (fs.existsSync(marker)) return base;
  for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  fs.rmSync(renditions, { recursive: true, force: true });
  const catalog = openCatalog({ file: db });
  try {
    const { createHash, randomBytes } = await import('node:crypto');
    const root = path.join(CACHE, `synthetic-${n}`);
    const inputs = Array.from({ length: n }, (_, i) => ({
      input: {
        path: path.join(root, `Album ${Math.floor(i / 10)}`, `${i}.mp3`), folderPath: path.join(root, `Album ${Math.floor(i / 10)}`),
        size: 40_000, mtimeMs: 1, fingerprint: createHash('sha256').update(`synthetic-${i}`).digest('hex').slice(0, 32),
        container: 'MPEG', codec: 'MPEG 1 Layer 3', lossless: false, bitrate: 64_000, sampleRate: 44100, bitDepth: null, channels: 2,
        durationMs: 4000, durationEstimated: false, title: `Track ${i}`, trackNo: (i % 10) + 1, trackTotal: 10, discNo: null, discTotal: null,
        year: 2000 + (i % 20), date: null, rgTrackGain: null, rgTrackPeak: null, rgAlbumGain: null, rgAlbumPeak: null, mbTrackId: null,
        mbRecordingId: null, mbAlbumId: null, mbArtistId: null, mbAlbumArtistId: null, album: `Album ${Math.floor(i / 10)}`,
        albumArtist: null, compilation: false, artistDisplay: `Artist ${i % 97}`, artists: [`Artist ${i % 97}`], albumArtists: [],
        composers: [], genres: ['Jazz'], coverHash: null,
      },
    }));
    for (let i = 0; i < inputs.length; i += 1000) catalog.tracks.write(inputs.slice(i, i + 1000));
    const tracks = readLocalTracks(catalog.db);
    for (const t of tracks) catalog.loudness.put(t.sourceId, t.fingerprint, { integratedLufs: -14, truePeakDb: -1, rangeLu: 5 });
    for (const job of jobsFor(tracks)) {
      const { renditionFormat, renditionPath } = await import('../transcoder/index.ts');
      const { extension } = renditionFormat(job.plan, job.source);
      const file = renditionPath(renditions, job.fingerprint, job.plan.rung.name, extension);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, randomBytes(8192 + Math.floor(Math.random() * 40_960)));
    }
    fs.writeFileSync(marker, '{}');
    return base;
  } finally {
    catalog.close();
  }
}

/**
 * CPU time (user + system) a process used so far, ms, from Linux's /proc (0 elsewhere); with
 * `children`, that of its finished children (this process's: the tonearm CLI, rclone).
 */
function cpuMs(pid: number | 'self' | undefined, children = false): number {
  if (pid === undefined) return 0;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const at = children ? 13 : 11;
    return ((Number(fields[at]) || 0) + (Number(fields[at + 1]) || 0)) * 10; // clock ticks of 10 ms
  } catch {
    return 0;
  }
}

/** Requests storage saw, by method: `PUT 2000 HEAD 2000`. */
function storageRequests(lines: readonly string[]): string {
  const by = new Map<string, number>();
  for (const l of lines) {
    const method = l.split(' ')[0] ?? '?';
    by.set(method, (by.get(method) ?? 0) + 1);
  }
  return [...by].map(([m, n]) => `${m} ${n}`).join(' ');
}

/** `--cpu-prof DIR`: node options that profile one process of the run into DIR. */
function profileArgs(name: string): string[] {
  const dir = args['cpu-prof'];
  return dir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(dir), '--cpu-prof-name', `${name}-${Date.now()}.cpuprofile`] : [];
}

async function benchOne(n: number, s3: TestS3): Promise<Record<string, string | number>> {
  const prep = args.synthetic ? await syntheticPrepare(n) : await prepare(n);
  const work = tempDir('tonearm-sync-bench-');
  const db = path.join(work, 'bench.db');
  fs.copyFileSync(prep.db, db); // a fresh copy: no sync state yet
  const server = await startRealSyncServer({ s3, nodeArgs: profileArgs('server') });
  try {
    const cli = (...extra: string[]) => run(process.execPath, [...profileArgs('client'), CLI, 'sync', '--server', server.url, '--token', server.token, '--db', db,
      '--renditions', prep.renditions, '--covers', prep.coverDir, '--json', ...(args.uploads ? ['--uploads', args.uploads] : []), ...extra]);
    const parse = (r: Run): SyncJson => {
      if (r.code !== 0) throw new Error(`tonearm sync exited ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
      return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as SyncJson;
    };
    process.stderr.write(`tonearm sync (first) of ${n} tracks…\n`);
    let seen = s3.requests.length;
    let s3Cpu = cpuMs(s3.pid);
    const serverCpu = cpuMs(server.pid);
    let ownCpu = cpuMs('self', true);
    const first = await cli();
    const firstCpu = cpuMs('self', true) - ownCpu;
    const firstS3Cpu = cpuMs(s3.pid) - s3Cpu;
    const firstServerCpu = cpuMs(server.pid) - serverCpu;
    const firstJson = parse(first);
    const firstRequests = storageRequests(s3.requests.slice(seen));
    process.stderr.write(`tonearm sync (no change)…\n`);
    const again = await cli();
    const againJson = parse(again);
    const row: Record<string, string | number> = {
      tracks: args.synthetic ? `${n} (synthetic)` : n,
      'transcode s (loudness + renditions, once)': fmt((prep.loudnessMs + prep.transcodeMs) / 1000),
      'tonearm first: objects': firstJson.uploaded,
      'tonearm first: MB': fmt(mb(firstJson.bytes)),
      'tonearm first: s': fmt(first.wallMs / 1000, 2),
      'tonearm first: tracks/s': fmt(n / (first.wallMs / 1000), 0),
      'tonearm first: MB/s': fmt(mb(firstJson.bytes) / (first.wallMs / 1000), 2),
      'tonearm first: failed': firstJson.failed,
      'tonearm first: storage requests': firstRequests,
      'tonearm first: CPU s (client / sync server / storage)': `${fmt(firstCpu / 1000, 1)} / ${fmt(firstServerCpu / 1000, 1)} / ${fmt(firstS3Cpu / 1000, 1)}`,
      'tonearm no-change: s (wall)': fmt(again.wallMs / 1000, 2),
      'tonearm no-change: s (in sync())': fmt(againJson.elapsedMs / 1000, 3),
      'tonearm no-change: uploaded': againJson.uploaded,
    };
    if (!args['no-rclone']) {
      const remote = 'TONEARMBENCH';
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        [`RCLONE_CONFIG_${remote}_TYPE`]: 's3', [`RCLONE_CONFIG_${remote}_PROVIDER`]: 'Other',
        [`RCLONE_CONFIG_${remote}_ENDPOINT`]: s3.endpoint, [`RCLONE_CONFIG_${remote}_REGION`]: s3.region,
        [`RCLONE_CONFIG_${remote}_ACCESS_KEY_ID`]: s3.accessKeyId, [`RCLONE_CONFIG_${remote}_SECRET_ACCESS_KEY`]: s3.secretAccessKey,
        [`RCLONE_CONFIG_${remote}_FORCE_PATH_STYLE`]: 'true', RCLONE_CONFIG: '/dev/null',
      };
      delete env.AWS_CA_BUNDLE; // rclone cannot combine a custom CA bundle with its transport
      const target = `${remote}:${s3.bucket}/rclone-${n}`;
      const rclone = (...extra: string[]) => run('rclone', ['sync', prep.renditions, target, '--exclude', '*.json', '--exclude', '*.part', ...extra], env);
      const files = duSync(prep.renditions, (name) => name.endsWith('.json') || name.endsWith('.part'));
      process.stderr.write(`rclone sync (first) of ${files.files} files…\n`);
      seen = s3.requests.length;
      s3Cpu = cpuMs(s3.pid);
      ownCpu = cpuMs('self', true);
      const r1 = await rclone();
      const rcloneS3Cpu = cpuMs(s3.pid) - s3Cpu;
      const rcloneCpu = cpuMs('self', true) - ownCpu;
      const rcloneRequests = storageRequests(s3.requests.slice(seen));
      if (r1.code !== 0) throw new Error(`rclone exited ${r1.code}: ${r1.stderr.slice(-500)}`);
      process.stderr.write(`rclone sync (no change)…\n`);
      const r2 = await rclone();
      if (r2.code !== 0) throw new Error(`rclone exited ${r2.code}: ${r2.stderr.slice(-500)}`);
      Object.assign(row, {
        'rclone first: files': files.files,
        'rclone first: MB': fmt(mb(files.bytes)),
        'rclone first: s': fmt(r1.wallMs / 1000, 2),
        'rclone first: storage requests': rcloneRequests,
        'rclone first: CPU s (rclone / storage)': `${fmt(rcloneCpu / 1000, 1)} / ${fmt(rcloneS3Cpu / 1000, 1)}`,
        'rclone first: MB/s': fmt(mb(files.bytes) / (r1.wallMs / 1000), 2),
        'rclone no-change: s': fmt(r2.wallMs / 1000, 2),
        'first-sync throughput vs rclone (≥ 1)': fmt((mb(firstJson.bytes) / (first.wallMs / 1000)) / (mb(files.bytes) / (r1.wallMs / 1000)), 2),
        'no-change vs rclone (≤ 0.1)': fmt(again.wallMs / r2.wallMs, 3),
      });
    }
    return row;
  } finally {
    await server.close();
    if (args.keep) process.stderr.write(`kept ${work}\n`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

const sizes = args.tracks.map((t) => {
  const n = Number(t);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--tracks must be a positive whole number, not ${t}`);
  return n;
});
fs.mkdirSync(CACHE, { recursive: true });
if (args['cpu-prof']) fs.mkdirSync(args['cpu-prof'], { recursive: true });
const s3 = await startTestS3({ bucket: 'tonearm-bench' });
const rows: Array<Record<string, string | number>> = [];
try {
  for (const n of sizes) rows.push(await benchOne(n, s3));
} finally {
  await s3.close();
}
process.stdout.write(`\nSync benchmark (${availableParallelism()} cores, local s3rver; renditions pre-built, so upload is compared apples to apples)\n\n`);
const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
const width = Math.max(...keys.map((k) => k.length));
for (const k of keys) process.stdout.write(`${k.padEnd(width)}  ${rows.map((r) => String(r[k] ?? '').padStart(10)).join('  ')}\n`);
for (const r of rows) {
  const noChange = Number(r['tonearm no-change: s (wall)']);
  if (Number.parseInt(String(r.tracks), 10) >= 10_000 && noChange >= 2) process.stdout.write(`MISSED: no-change re-sync of ${r.tracks} tracks took ${noChange} s (target < 2 s)\n`);
}
process.stdout.write(`\n${JSON.stringify(rows)}\n`);
