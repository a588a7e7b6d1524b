// `npm start` (scripts/start.ts): the desktop app when Electron can be had — its binary present, or
// downloaded now (main/launch/electron.ts) — else web mode (`tonearm serve`) after one sentence
// saying why and how to get the desktop app. Builds what is missing first.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fetchElectron, findElectron, progressText, type DownloadProgress, type Env } from './electron.ts';

export interface StartOptions {
  /** The app: the repository. */
  root: string;
  /** Where node_modules/electron is; default `root`. */
  electronRoot?: string;
  /** Arguments for the app (files to open; `tonearm serve` options in web mode). */
  argv: readonly string[];
  env: Env;
  /** Where `npm start` talks (the fallback sentence, the progress line). */
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** The child's stdio: inherited by `npm start`, piped in tests. */
  stdio?: 'inherit' | 'pipe';
  /** Download stall limit (default 30 s, or TONEARM_ELECTRON_STALL_SECONDS). */
  stallMs?: number;
}

export interface Started {
  mode: 'desktop' | 'web';
  child: ChildProcess;
  /** The child's exit code (1 when killed by a signal). */
  exited: Promise<number>;
}

/** The ONE sentence before web mode: why, what happens instead, and how to get the desktop app. */
export function fallbackMessage(reason: string, remedy: string): string {
  return `tonearm: ${reason}, so Tonearm starts in web mode (open the URL printed below in a browser); for the desktop app, ${remedy}.`;
}

export async function startApp(o: StartOptions): Promise<Started> {
  const node = process.execPath;
  const stdio = o.stdio ?? 'inherit';
  const env = { ...o.env };
  // ELECTRON_RUN_AS_NODE would turn Electron into plain Node: never inherit it.
  delete env.ELECTRON_RUN_AS_NODE;
  if (!fs.existsSync(path.join(o.root, 'dist/renderer/index.html'))) {
    o.stderr.write('tonearm: building the user interface (vite build, once)\n');
    const r = spawnSync(node, [path.join(o.root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: o.root, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error('vite build failed');
  }

  const electronRoot = o.electronRoot ?? o.root;
  let lookup = findElectron(electronRoot, env);
  if (lookup.downloadable) {
    const progress = progressLine(o.stderr);
    try {
      await fetchElectron({
        root: electronRoot, env, stallMs: o.stallMs ?? stallFromEnv(env),
        onStart: ({ version, platform, arch }) => progress.start(`tonearm: downloading Electron ${version} (${platform}-${arch}) for the desktop app, once`),
        onProgress: progress.update,
      });
      progress.done('done');
      lookup = findElectron(electronRoot, env);
    } catch (err) {
      progress.done('failed');
      lookup = { binary: null, reason: `Electron's binary could not be downloaded (${(err as Error).message})`, remedy: 'run npm start again where Electron\'s download server (or ELECTRON_MIRROR) can be reached', downloadable: false };
    }
  }

  let child: ChildProcess;
  let mode: Started['mode'];
  if (lookup.binary) {
    const { buildMain } = await import('../build/bundle.ts'); // esbuild: loaded only for the desktop app
    await buildMain({ root: o.root, log: false });
    mode = 'desktop';
    child = spawn(lookup.binary, [o.root, ...o.argv], { cwd: o.root, stdio, env });
  } else {
    o.stderr.write(`${fallbackMessage(lookup.reason ?? 'Electron is not available', lookup.remedy ?? 'run npm ci')}\n`);
    mode = 'web';
    child = spawn(node, [path.join(o.root, 'app/cli/main.ts'), 'serve', ...o.argv], { cwd: o.root, stdio, env });
  }
  const exited = new Promise<number>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(1));
  });
  return { mode, child, exited };
}

function stallFromEnv(env: Env): number | undefined {
  const s = Number(env.TONEARM_ELECTRON_STALL_SECONDS);
  return Number.isFinite(s) && s > 0 ? s * 1000 : undefined;
}

/** One progress line: redrawn in place on a terminal, a line per 10% otherwise. */
function progressLine(out: StartOptions['stderr']) {
  let label = '';
  let shown = -1;
  let last = '';
  return {
    start(text: string) {
      label = text;
      out.write(out.isTTY ? `${label}…` : `${label}…\n`);
    },
    update(p: DownloadProgress) {
      const pct = p.total ? Math.floor((100 * p.transferred) / p.total) : -1;
      const step = out.isTTY ? pct : Math.floor(pct / 10) * 10;
      if (step === shown) return;
      shown = step;
      last = progressText(p);
      out.write(out.isTTY ? `\r\x1b[K${label}: ${last}` : `${label}: ${last}\n`);
    },
    done(result: string) {
      if (!label) return;
      out.write(out.isTTY ? `\r\x1b[K${label}: ${last ? `${last}, ` : ''}${result}\n` : `${label}: ${result}\n`);
    },
  };
}
