// Watch mode: file events (chokidar) mark folders dirty; once a folder has been quiet for
// `settleMs` (and each file's size has stopped changing), an incremental scan of just those
// folders runs. A folder still being copied keeps producing events, so it is not half-imported.
import path from 'node:path';
import chokidar from 'chokidar';
import { scan } from './scan.ts';
import type { ScanResult, WatchOptions, Watcher } from './types.ts';

export function watch(options: WatchOptions): Watcher {
  const roots = options.roots.map((r) => path.resolve(r));
  const settleMs = options.settleMs ?? 750;
  const dirty = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let closed = false;
  const idleWaiters: Array<() => void> = [];

  const fsWatcher = chokidar.watch(roots, {
    ignoreInitial: true,
    followSymlinks: true,
    atomic: true,
    awaitWriteFinish: { stabilityThreshold: Math.min(500, settleMs), pollInterval: 100 },
    ignored: (p: string) => {
      const base = path.basename(p);
      return base.startsWith('.') && base !== '.tonearmignore' && !roots.includes(p);
    },
  });

  const mark = (p: string, isDir: boolean): void => {
    if (closed) return;
    dirty.add(isDir ? p : path.dirname(p));
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, settleMs);
  };
  fsWatcher.on('add', (p) => mark(p, false));
  fsWatcher.on('change', (p) => mark(p, false));
  fsWatcher.on('unlink', (p) => mark(p, false));
  // No 'addDir': a new folder's files arrive as 'add' events once each has stopped growing.
  fsWatcher.on('unlinkDir', (p) => mark(p, true));
  fsWatcher.on('error', (err) => options.onError?.(err instanceof Error ? err : new Error(String(err))));

  const ready = new Promise<void>((resolve) => fsWatcher.once('ready', () => resolve()));

  function run(): void {
    timer = null;
    if (running || closed) return;
    const only = topmost([...dirty]).filter((p) => roots.some((r) => p === r || p.startsWith(r + path.sep)));
    dirty.clear();
    if (only.length === 0) return settle();
    running = scan({ ...options, only, settleMs })
      .then((result: ScanResult) => options.onScan?.(result))
      .catch((err: unknown) => options.onError?.(err instanceof Error ? err : new Error(String(err))))
      .finally(() => {
        running = null;
        if (dirty.size > 0 && !closed) timer = setTimeout(run, settleMs);
        else settle();
      });
  }

  function settle(): void {
    if (timer || running) return;
    for (const w of idleWaiters.splice(0)) w();
  }

  return {
    ready,
    idle: () => new Promise<void>((resolve) => {
      idleWaiters.push(resolve);
      settle();
    }),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await fsWatcher.close();
      await running;
      settle();
    },
  };
}

/** Drops paths inside other listed paths. */
function topmost(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort();
  const out: string[] = [];
  for (const p of sorted) {
    if (!out.some((q) => p === q || p.startsWith(q + path.sep))) out.push(p);
  }
  return out;
}
