// `npm start`'s paths, without network access: the binary present (ELECTRON_OVERRIDE_DIST_PATH →
// a stand-in that records its arguments), the download refused or stalled by a loopback mirror,
// the download skipped — and the download working, from a loopback mirror serving a stand-in
// binary through Electron's own installer. Each web-mode fallback really starts `tonearm serve`.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../app/testing/temp.ts';
import { repoRoot } from '../testing/appLayout.ts';
import { readLaunch, standInSource, writeStandInBinary } from '../testing/standInBinary.ts';
import { findElectron } from './electron.ts';
import { startApp, type Started } from './start.ts';

const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
const zipName = `electron-v${version}-${process.platform}-${process.arch}.zip`;
let work: string;
let started: Started | undefined;

/** A fresh node_modules/electron without a binary (as after `npm ci`), Electron's installer and @electron/get beside it. */
function electronWithoutBinary(): string {
  const root = fs.mkdtempSync(path.join(work, 'electron-'));
  const pkg = path.join(root, 'node_modules', 'electron');
  fs.mkdirSync(pkg, { recursive: true });
  for (const f of ['package.json', 'index.js', 'install.js', 'checksums.json', 'cli.js']) fs.copyFileSync(path.join(repoRoot, 'node_modules/electron', f), path.join(pkg, f));
  for (const scope of ['@electron', '@electron-internal']) fs.symlinkSync(path.join(repoRoot, 'node_modules', scope), path.join(root, 'node_modules', scope), 'dir');
  return root;
}

/** A loopback "download server": `answer` decides per request; every requested path is kept. */
async function mirror(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    answer(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, requests, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

async function start(env: Record<string, string>, options: { electronRoot?: string; argv?: string[]; stallMs?: number } = {}) {
  const stderr = new PassThrough();
  let said = '';
  stderr.on('data', (c: Buffer) => (said += c.toString()));
  const db = path.join(fs.mkdtempSync(path.join(work, 'data-')), 'library.db');
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ELECTRON_') && !k.startsWith('electron_')));
  started = await startApp({
    root: repoRoot,
    electronRoot: options.electronRoot,
    argv: options.argv ?? ['--port', '0', '--db', db],
    env: { ...base, electron_config_cache: path.join(work, 'cache'), ...env },
    stderr,
    stdio: 'pipe',
    stallMs: options.stallMs,
  });
  return { started, said: () => said };
}

/** Web mode: the URL `tonearm serve` prints, and the API answering with its secret. */
async function apiAnswers(s: Started): Promise<{ url: string; status: number }> {
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    s.child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('http://'));
      if (line) resolve(line.trim());
    });
    s.child.once('exit', (code) => reject(new Error(`tonearm serve exited with ${code}`)));
  });
  const u = new URL(url);
  const res = await fetch(`${u.origin}/api/library/folders`, { headers: { authorization: `Bearer ${u.searchParams.get('token')}` } });
  const unauthorized = await fetch(`${u.origin}/api/library/folders`, { headers: { authorization: 'Bearer wrong' } });
  expect(unauthorized.status).toBe(401);
  return { url, status: res.status };
}

beforeAll(() => {
  work = tempDir('tonearm-start-');
});
afterEach(async () => {
  if (started && started.child.exitCode === null && started.child.signalCode === null) {
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
  }
  started = undefined;
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('npm start', () => {
  it('binary present (ELECTRON_OVERRIDE_DIST_PATH): builds the main bundle and launches it with the app and the arguments', async () => {
    const record = path.join(work, 'override-launch.json');
    const dist = path.join(work, 'override-dist');
    writeStandInBinary(dist, { record, exitCode: 3 });
    const { started: s, said } = await start({ ELECTRON_OVERRIDE_DIST_PATH: dist, ELECTRON_RUN_AS_NODE: '1' }, { argv: ['song.mp3', '--no-sandbox'] });
    expect(s.mode).toBe('desktop');
    expect(await s.exited).toBe(3); // its exit code is npm start's
    expect(readLaunch(record)).toEqual({ argv: [repoRoot, 'song.mp3', '--no-sandbox'], cwd: repoRoot, runAsNode: null });
    expect(fs.existsSync(path.join(repoRoot, 'out/main/index.js'))).toBe(true);
    expect(said()).not.toMatch(/download|web mode/);
  });

  it('download refused (a loopback mirror answering 403): one sentence, then web mode, and the API answers', async () => {
    const m = await mirror((_req, res) => res.writeHead(403).end('blocked'));
    try {
      const { started: s, said } = await start({ ELECTRON_MIRROR: m.url }, { electronRoot: electronWithoutBinary() });
      expect(s.mode).toBe('web');
      expect(m.requests).toEqual([`/v${version}/${zipName}`]);
      const lines = said().trim().split('\n');
      expect(lines[0]).toBe(`tonearm: downloading Electron ${version} (${process.platform}-${process.arch}) for the desktop app, once…`);
      expect(lines).toContain(`tonearm: downloading Electron ${version} (${process.platform}-${process.arch}) for the desktop app, once: failed`);
      expect(lines.at(-1)).toBe(`tonearm: Electron's binary could not be downloaded (Response code 403 (Forbidden) for ${m.url}v${version}/${zipName}), so Tonearm starts in web mode (open the URL printed below in a browser); for the desktop app, run npm start again where Electron's download server (or ELECTRON_MIRROR) can be reached.`);
      expect((await apiAnswers(s)).status).toBe(200);
    } finally {
      await m.close();
    }
  });

  it('download stalled (a mirror that accepts and never answers): gives up at the stall limit, then web mode', async () => {
    const m = await mirror(() => {});
    try {
      const { started: s, said } = await start({ ELECTRON_MIRROR: m.url }, { electronRoot: electronWithoutBinary(), stallMs: 1500 });
      expect(s.mode).toBe('web');
      expect(said()).toContain("tonearm: Electron's binary could not be downloaded (no answer within 1.5 s), so Tonearm starts in web mode");
      expect((await apiAnswers(s)).status).toBe(200);
    } finally {
      await m.close();
    }
  });

  it('download skipped (ELECTRON_SKIP_BINARY_DOWNLOAD=1): nothing is fetched, one sentence, web mode', async () => {
    const m = await mirror((_req, res) => res.writeHead(500).end());
    try {
      const { started: s, said } = await start({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ELECTRON_MIRROR: m.url }, { electronRoot: electronWithoutBinary() });
      expect(s.mode).toBe('web');
      expect(m.requests).toEqual([]);
      expect(said()).toBe("tonearm: ELECTRON_SKIP_BINARY_DOWNLOAD is set and Electron's binary was not downloaded, so Tonearm starts in web mode (open the URL printed below in a browser); for the desktop app, unset it and run npm start again.\n");
      expect((await apiAnswers(s)).status).toBe(200);
    } finally {
      await m.close();
    }
  });

  it('download works: Electron\'s installer unpacks what the mirror serves (checksum verified), and the app launches from it', async () => {
    const record = path.join(work, 'downloaded-launch.json');
    const staging = fs.mkdtempSync(path.join(work, 'zip-'));
    fs.writeFileSync(path.join(staging, 'electron'), standInSource(record, 0), { mode: 0o755 });
    fs.writeFileSync(path.join(staging, 'version'), `v${version}`);
    const zip = path.join(work, zipName);
    execFileSync('python3', ['-c', `import sys, zipfile, os
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    for name in ('electron', 'version'):
        info = zipfile.ZipInfo(name); info.external_attr = (os.stat(os.path.join(sys.argv[2], name)).st_mode & 0xFFFF) << 16
        z.writestr(info, open(os.path.join(sys.argv[2], name), 'rb').read())`, zip, staging]);
    const bytes = fs.readFileSync(zip);
    const sums = `${crypto.createHash('sha256').update(bytes).digest('hex')} *${zipName}\n`;
    const m = await mirror((req, res) => {
      if (req.url === `/v${version}/${zipName}`) res.writeHead(200, { 'content-length': bytes.length }).end(bytes);
      else if (req.url === `/v${version}/SHASUMS256.txt`) res.writeHead(200).end(sums);
      else res.writeHead(404).end();
    });
    try {
      const electronRoot = electronWithoutBinary();
      const { started: s, said } = await start({ ELECTRON_MIRROR: m.url, electron_use_remote_checksums: '1' }, { electronRoot, argv: ['album.flac'] });
      expect(s.mode).toBe('desktop');
      expect(await s.exited).toBe(0);
      expect(readLaunch(record)).toMatchObject({ argv: [repoRoot, 'album.flac'] });
      expect(findElectron(electronRoot, {}).binary).toBe(path.join(electronRoot, 'node_modules/electron/dist/electron'));
      expect(said()).toMatch(/for the desktop app, once: .*done\n$/);
      expect(said()).not.toContain('web mode');
    } finally {
      await m.close();
    }
  });
});
