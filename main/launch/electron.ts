// `npm start`'s view of Electron: where its binary is, and fetching it the way the electron
// package does when it is missing. Electron 45 has no install script: its binary comes on the first
// `require('electron')` (index.js runs install.js). Here the same happens, but visibly and bounded:
// @electron/get (what install.js uses, same version, platform, checksums and mirror settings:
// ELECTRON_MIRROR, electron_config_cache, …) downloads into its cache in a child process
// (download.ts) that reports progress and is killed at a stall/total time limit; then install.js
// itself finds the file in the cache, verifies it, unzips it into node_modules/electron/dist and
// writes path.txt. No electron import.
import { fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type Env = Record<string, string | undefined>;

export interface ElectronLookup {
  /** The executable, when present. */
  binary: string | null;
  /** Why it is missing, as a clause of the fallback sentence (null when found). */
  reason: string | null;
  /** How to get the desktop app, as a clause of the same sentence. */
  remedy: string | null;
  /** Whether fetching it could help (the package is there and nothing says not to). */
  downloadable: boolean;
}

export const electronPackage = (root: string) => path.join(root, 'node_modules', 'electron');

/** Set (to anything but "", "0" or "false") the way npm users set it: skip the binary download. */
export function downloadSkipped(env: Env): boolean {
  const v = env.ELECTRON_SKIP_BINARY_DOWNLOAD ?? env.npm_config_electron_skip_binary_download;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/** Where the electron package put its binary (`path.txt` names it inside `dist/`, or ELECTRON_OVERRIDE_DIST_PATH). */
export function findElectron(root: string, env: Env): ElectronLookup {
  const pkg = electronPackage(root);
  if (!fs.existsSync(path.join(pkg, 'package.json'))) {
    return { binary: null, reason: 'the electron package is not installed', remedy: 'run npm ci', downloadable: false };
  }
  const name = readText(path.join(pkg, 'path.txt'))?.trim();
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const binary = path.join(override, name || 'electron');
    if (fs.existsSync(binary)) return { binary, reason: null, remedy: null, downloadable: false };
    return { binary: null, reason: `ELECTRON_OVERRIDE_DIST_PATH names ${override}, which has no Electron executable`, remedy: 'point it at an unpacked Electron or unset it', downloadable: false };
  }
  const binary = name ? path.join(pkg, 'dist', name) : null;
  if (binary && fs.existsSync(binary)) return { binary, reason: null, remedy: null, downloadable: false };
  if (downloadSkipped(env)) {
    return { binary: null, reason: "ELECTRON_SKIP_BINARY_DOWNLOAD is set and Electron's binary was not downloaded", remedy: 'unset it and run npm start again', downloadable: false };
  }
  return { binary: null, reason: "Electron's binary is not downloaded yet", remedy: 'run npm start again', downloadable: true };
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export interface DownloadProgress {
  transferred: number;
  total: number | null;
}

export interface FetchElectronOptions {
  root: string;
  env: Env;
  /** Give up when no byte arrives for this long (connecting included). Default 30 s. */
  stallMs?: number;
  /** Give up after this long in all. Default 15 min. */
  totalMs?: number;
  onStart?(what: { version: string; platform: string; arch: string }): void;
  onProgress?(p: DownloadProgress): void;
}

export type DownloadMessage = { progress: DownloadProgress } | { done: string } | { error: string };

/** Downloads and installs Electron's binary; rejects with a short reason (the caller falls back). */
export async function fetchElectron(options: FetchElectronOptions): Promise<void> {
  const pkg = electronPackage(options.root);
  const { version } = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')) as { version: string };
  const env = options.env;
  // As install.js chooses them, so its cache lookup finds what we downloaded.
  const platform = env.ELECTRON_INSTALL_PLATFORM || env.npm_config_platform || process.platform;
  const arch = env.ELECTRON_INSTALL_ARCH || env.npm_config_arch || process.arch;
  const stallMs = options.stallMs ?? 30_000;
  const totalMs = options.totalMs ?? 15 * 60_000;
  options.onStart?.({ version, platform, arch });
  await new Promise<void>((resolve, reject) => {
    const child = fork(path.join(import.meta.dirname, 'download.ts'), [pkg, version, platform, arch], { env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    let failure: string | undefined;
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const stop = (why: string) => {
      failure ??= why;
      child.kill('SIGKILL');
    };
    let stalled = setTimeout(() => stop(`no answer within ${seconds(stallMs)}`), stallMs);
    const total = setTimeout(() => stop(`not done within ${seconds(totalMs)}`), totalMs);
    child.on('message', (m: DownloadMessage) => {
      if ('progress' in m) {
        clearTimeout(stalled);
        stalled = setTimeout(() => stop(`no data for ${seconds(stallMs)}`), stallMs);
        options.onProgress?.(m.progress);
      } else if ('error' in m) failure ??= m.error;
    });
    child.on('exit', (code) => {
      clearTimeout(stalled);
      clearTimeout(total);
      if (code === 0 && !failure) resolve();
      else reject(new Error(failure ?? (firstLine(stderr) || `the download exited with ${code}`)));
    });
  });
  // Electron's own installer: finds the verified zip in the cache, unzips it, writes path.txt.
  await runInstaller(path.join(pkg, 'install.js'), env, Math.max(60_000, stallMs));
}

function runInstaller(script: string, env: Env, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'ignore', 'pipe'], timeout: timeoutMs });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`Electron's installer failed (${signal ? `stopped after ${seconds(timeoutMs)}` : firstLine(err) || `exit ${code}`})`));
    });
  });
}

/** A download error in a few words: the HTTP status or the network error of fetch's cause. */
export function shortReason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  if (err.message === 'fetch failed' && cause instanceof Error) {
    const code = (cause as { code?: string }).code;
    const inner = cause instanceof AggregateError ? cause.errors[0] : undefined;
    return (inner instanceof Error ? inner.message : '') || (code && !cause.message.includes(code) ? `${code}: ${cause.message}` : cause.message);
  }
  return firstLine(err.message);
}

const firstLine = (s: string) => s.trim().split('\n')[0]?.trim() ?? '';
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** "41.2 of 105.3 MB (39%)", for the progress line. */
export function progressText(p: DownloadProgress): string {
  const mb = (n: number) => (n / 1e6).toFixed(1);
  return p.total ? `${mb(p.transferred)} of ${mb(p.total)} MB (${Math.floor((100 * p.transferred) / p.total)}%)` : `${mb(p.transferred)} MB`;
}
