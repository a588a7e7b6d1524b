// `npm run bench:start`: time from `npm start` (scripts/start.ts) to the library API answering with
// its secret, per mode, against the anchor of `tonearm serve` started directly, in the same run.
//   web (download skipped)   ELECTRON_SKIP_BINARY_DOWNLOAD=1
//   web (download refused)   ELECTRON_MIRROR → a loopback server answering 403 (only where no binary is installed)
//   desktop (stand-in)       ELECTRON_OVERRIDE_DIST_PATH → an executable that runs the built main bundle under
//                            plain Node with the stand-in electron (Electron's own start-up is not in it)
// Median of 5 runs each; prints the load (uptime) too.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { findElectron } from './electron.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tonearm-start-bench-'));
const runs = 5;
const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^electron_/i.test(k)));

async function answers(url: string): Promise<boolean> {
  const u = new URL(url);
  try {
    return (await fetch(`${u.origin}/api/library/folders`, { headers: { authorization: `Bearer ${u.searchParams.get('token')}` } })).ok;
  } catch {
    return false;
  }
}

/** Starts `args` and resolves with ms until the URL it reveals (stdout line or record file) answers. */
async function time(args: string[], env: Record<string, string | undefined>, record?: string): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  try {
    for (;;) {
      const text = record && fs.existsSync(record) ? fs.readFileSync(record, 'utf8') : out;
      const url = /"BrowserWindow\.loadURL","args":\["([^"]+)"/.exec(text)?.[1] ?? /^(http:\/\/\S+)$/m.exec(text)?.[1];
      if (url && (await answers(url))) return performance.now() - t0;
      if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    if (record) fs.rmSync(record, { force: true });
  }
}

async function median(label: string, run: (i: number) => Promise<number>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await run(i));
  times.sort((a, b) => a - b);
  const m = times[Math.floor(runs / 2)] ?? 0;
  console.log(`${label.padEnd(34)} median ${m.toFixed(0).padStart(5)} ms  (min ${times[0]?.toFixed(0)}, max ${times.at(-1)?.toFixed(0)})`);
  return m;
}

const db = (i: number, mode: string) => path.join(work, `${mode}-${i}`, 'library.db');
const serve = (i: number, mode: string) => ['--port', '0', '--db', db(i, mode)];
console.log(`load: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);
// Built once, as after a first `npm start`.
execFileSync(process.execPath, ['scripts/build-main.ts'], { cwd: root, stdio: 'ignore' });

const anchor = await median('anchor: tonearm serve', (i) => time(['app/cli/main.ts', 'serve', ...serve(i, 'anchor')], base));
const results: [string, number][] = [];
results.push(['npm start, web (download skipped)', await median('npm start, web (download skipped)', (i) => time(['scripts/start.ts', ...serve(i, 'skip')], { ...base, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }))]);

if (findElectron(root, {}).downloadable) {
  const refusing = http.createServer((_q, s) => s.writeHead(403).end());
  await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', r));
  const mirror = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}/`;
  results.push(['npm start, web (download refused)', await median('npm start, web (download refused)', (i) => time(['scripts/start.ts', ...serve(i, 'refused')], { ...base, ELECTRON_MIRROR: mirror, electron_config_cache: path.join(work, 'cache') }))]);
  refusing.close();
} else console.log('npm start, web (download refused): skipped, an Electron binary is installed here');

const dist = path.join(work, 'stand-in-electron');
fs.mkdirSync(dist);
fs.writeFileSync(path.join(dist, 'electron'), `#!/bin/sh\napp="$1"; shift\nexec "${process.execPath}" --import "${path.join(root, 'main/testing/register.ts')}" "$app/out/main/index.js" "$@"\n`, { mode: 0o755 });
results.push(['npm start, desktop (stand-in)', await median('npm start, desktop (stand-in)', (i) => {
  const home = path.join(work, `desktop-${i}`);
  const record = path.join(work, `desktop-${i}.jsonl`);
  return time(['scripts/start.ts'], { ...base, ELECTRON_OVERRIDE_DIST_PATH: dist, XDG_DATA_HOME: path.join(home, 'data'), XDG_CONFIG_HOME: path.join(home, 'config'), TONEARM_STANDIN_RECORD: record }, record);
})]);

for (const [label, ms] of results) console.log(`${label.padEnd(34)} ${(ms / anchor).toFixed(2)}× the anchor`);
fs.rmSync(work, { recursive: true, force: true });
