// Watch mode: the library's folders are under watch (`folderWatch.ts`: chokidar, folders only — a
// folder's own watch reports every file made, written, renamed or deleted in it), and each event
// marks its folder dirty; once the folders have been quiet for `settleMs`, an incremental scan of
// just those folders runs, and it leaves files written within `settleMs` for a later pass. A folder still being copied keeps
// producing events, so it is not half-imported.
// chokidar works with string paths, so it cannot follow a folder whose name is not UTF-8, and
// reports changes to such names only as raw events: those folders get their own byte-path watchers.
import fs from 'node:fs';
import path from 'node:path';
import { fsPath, pathKey } from '../text/fsPath.ts';
import { watchFolders } from './folderWatch.ts';
import { scan } from './scan.ts';
import { IGNORE_FILE, wanted } from './walk.ts';
import type { ScanResult, WatchOptions, WatchTimers, Watcher } from './types.ts';

export function watch(options: WatchOptions): Watcher {
  const roots = options.roots.map((r) => path.resolve(r));
  const settleMs = options.settleMs ?? 750;
  const dirty = new Set<string>();
  const timers: WatchTimers = options.timers ?? { set: (run, ms) => setTimeout(run, ms), clear: (h) => clearTimeout(h as NodeJS.Timeout) };
  let timer: unknown = null;
  let running: Promise<void> | null = null;
  let held: Promise<unknown> | null = null; // a caller's scan (exclusive) the watcher's scans wait for
  let closed = false;
  const idleWaiters: Array<() => void> = [];

  const mark = (p: string, isDir: boolean): void => {
    if (closed) return;
    dirty.add(isDir ? p : path.dirname(p));
    if (timer) timers.clear(timer);
    timer = timers.set(run, settleMs);
  };
  // Names that are not UTF-8: chokidar sees them as U+FFFD and cannot stat them, but its raw event
  // names the watched folder: rescan that folder, and watch any such subfolder by its real bytes.
  const byteWatchers = new Map<string, fs.FSWatcher>();
  const watchBytes = (dir: string): void => {
    if (closed || byteWatchers.has(dir)) return;
    try {
      const w = fs.watch(fsPath(dir), { encoding: 'buffer', persistent: false }, (_event, name) => {
        mark(dir, true);
        if (name && pathKey(name) !== name.toString('utf8')) discover(dir);
      });
      w.on('error', () => {
        w.close();
        byteWatchers.delete(dir);
      });
      byteWatchers.set(dir, w);
    } catch {
      // gone already: its parent's event rescans it
    }
  };
  const discover = (dir: string): void => {
    let entries: fs.Dirent<Buffer>[] = [];
    try {
      entries = fs.readdirSync(fsPath(dir), { withFileTypes: true, encoding: 'buffer' });
    } catch {
      return;
    }
    for (const e of entries) {
      const name = pathKey(e.name);
      if (e.isDirectory() && !name.startsWith('.') && name !== e.name.toString('utf8')) watchBytes(path.join(dir, name));
    }
  };
  const folders = watchFolders(roots, {
    // A new folder (made, moved or copied in) is scanned whole: files may be in it before its watch is.
    folder: (dir) => mark(dir, true),
    entry: (dir, name) => {
      if (name.includes('\ufffd')) {
        mark(dir, true);
        discover(dir);
        return;
      }
      // A file of this folder the scan cares about was made, written, renamed or removed.
      if (name === IGNORE_FILE || (!name.startsWith('.') && wanted(name))) mark(dir, true);
    },
    error: (err) => options.onError?.(err),
  });
  for (const folder of options.catalog.folders.paths(roots)) if (fsPath(folder) !== folder) watchBytes(folder);

  const ready = folders.ready;

  function run(): void {
    timer = null;
    if (running || closed) return;
    running = (async () => {
      await options.after?.catch(() => {}); // the full scan this watcher follows goes first
      while (held) await held.catch(() => {});
      const only = topmost([...dirty]).filter((p) => roots.some((r) => p === r || p.startsWith(r + path.sep)));
      dirty.clear();
      if (only.length === 0 || closed) return;
      const result = await scan({ ...options, only, settleMs });
      // Files still being written were left out: their folders are scanned again once quiet,
      // whether or not another event comes (a new folder's name may never send one).
      for (const p of result.deferred) dirty.add(path.dirname(p));
      options.onScan?.(result);
    })()
      .catch((err: unknown) => options.onError?.(err instanceof Error ? err : new Error(String(err))))
      .finally(() => {
        running = null;
        if (timer) timers.clear(timer);
        timer = null;
        if (dirty.size > 0 && !closed) timer = timers.set(run, settleMs);
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
    async exclusive(task) {
      // Checked and taken in one turn: whoever finds neither a running scan nor a held one holds it.
      while (running || held) await (running ?? held)?.catch(() => {});
      const turn = task();
      held = turn;
      try {
        return await turn;
      } finally {
        held = null;
      }
    },
    async close() {
      closed = true;
      if (timer) timers.clear(timer);
      timer = null;
      for (const w of byteWatchers.values()) w.close();
      byteWatchers.clear();
      await folders.close();
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
