// Watch mode: the library's folders are under watch (`folderWatch.ts`: chokidar, folders only — a
// folder's own watch reports every file made, written, renamed or deleted in it), and each event
// marks its folder dirty; once the folders have been quiet for `settleMs`, an incremental scan of
// just those folders runs, and it leaves files written within `settleMs` for a later pass. A folder still being copied keeps
// producing events, so it is not half-imported.
// A root that goes away (a drive unplugged, a share offline, a folder renamed away) is looked for
// until it is back, then watched whole again and scanned once (`rootWatch.ts`); its tracks are kept
// meanwhile, and the watcher's scans leave it out.
// chokidar works with string paths, so it cannot follow a folder whose name is not UTF-8, and
// reports changes to such names only as raw events: those folders get their own byte-path watchers.
import fs from 'node:fs';
import path from 'node:path';
import { isWithin } from '../catalog/pathRange.ts';
import { displayPath, fsPath, pathKey } from '../text/fsPath.ts';
import { watchRoots, type Absence } from './rootWatch.ts';
import { scan } from './scan.ts';
import { IGNORE_FILE, wanted } from './walk.ts';
import type { AwayRoot, ScanResult, WatchOptions, WatchTimers, Watcher } from './types.ts';

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
  const away = new Map<string, AwayRoot>();
  const reportAway = (): void => options.onAway?.([...away.values()]);
  const folders = watchRoots({
    roots,
    timers,
    pollMs: options.pollMs,
    holds: (root) => options.catalog.folders.paths([root]).length > 0,
    events: {
      // A new folder (made, moved or copied in) is scanned whole: files may be in it before its watch is.
      // A root's own: its watch ended (removed, renamed away, or made again).
      folder: (dir) => (roots.includes(dir) ? folders.check(dir, true) : mark(dir, true)),
      entry,
      error: (err) => options.onError?.(err),
      away(root, absence) {
        for (const [dir, w] of byteWatchers) {
          if (!isWithin(dir, root)) continue;
          w.close();
          byteWatchers.delete(dir);
        }
        const message = awaySentence(root, absence);
        away.set(root, { root, message });
        options.onError?.(new Error(message));
        reportAway();
      },
      back(root) {
        away.delete(root);
        reportAway();
        watchByteFolders([root]);
        mark(root, true);
      },
    },
  });
  function entry(dir: string, name: string): void {
    // The root folder itself (its watch's own event, or its parent's once chokidar lost it): still there?
    const root = roots.includes(dir) && name === path.basename(dir) ? dir : roots.find((r) => r === path.join(dir, name));
    if (root !== undefined) folders.check(root);
    if (name.includes('\ufffd')) {
      mark(dir, true);
      discover(dir);
      return;
    }
    // A file of this folder the scan cares about was made, written, renamed or removed.
    if (name === IGNORE_FILE || (!name.startsWith('.') && wanted(name))) mark(dir, true);
  }
  function watchByteFolders(of: readonly string[]): void {
    for (const folder of options.catalog.folders.paths(of)) if (fsPath(folder) !== folder) watchBytes(folder);
  }
  watchByteFolders(roots.filter((r) => !away.has(r)));

  const ready = folders.ready;

  function run(): void {
    timer = null;
    if (running || closed) return;
    running = (async () => {
      await options.after?.catch(() => {}); // the full scan this watcher follows goes first
      while (held) await held.catch(() => {});
      // A root that went away is left out (the scan refuses a library folder that is not there); its
      // tracks stay until it is back and scanned whole.
      const touched = topmost([...dirty]);
      dirty.clear();
      const present = roots.filter((r) => (touched.some((p) => isWithin(p, r)) ? !folders.away(r) : !away.has(r)));
      const only = touched.filter((p) => present.some((r) => isWithin(p, r)));
      if (only.length === 0 || closed) return;
      const result = await scan({ ...options, roots: present, only, settleMs });
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
      await folders.close(); // and stops looking for roots that are away
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

function awaySentence(root: string, absence: Absence): string {
  return absence === 'missing'
    ? `library folder ${displayPath(root)} is not there: its tracks are kept, and it is watched and scanned again when it is back (is the drive mounted?)`
    : `library folder ${displayPath(root)} is empty now: its tracks are kept, and it is watched and scanned again when its files are back (is the drive mounted?)`;
}
