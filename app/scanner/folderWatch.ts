// The library's folders under watch (chokidar), for watch mode (`watch.ts`).
//
// Folders only, not files: a folder's own watch reports every file made, written, renamed or removed
// in it (chokidar's raw events). A watch per file cost ~2.3 KB of heap each (~230 MB at 100k tracks)
// and one inotify watch each, past the 8,192 older kernels allow by default.
//
// And a slice at a time: chokidar reads a whole tree at once, every folder in flight together, and
// at 100k tracks that peak (~200 MB) stayed in the process's memory after. So the roots, and the
// levels below them while there are few folders (Music/Genre/…, Music/A–Z/…), are watched first by
// themselves (depth 0: their own files, and folders made or removed in them later); the folders
// below those, the frontier, are then watched whole a few per chokidar instance, each instance ready
// before the next starts.
import fs from 'node:fs';
import path from 'node:path';
import chokidar, { type FSWatcher } from 'chokidar';

export interface FolderEvents {
  /** A folder was made (moved or copied in) or removed. */
  folder(dir: string): void;
  /** Something happened to `name` in the watched folder `dir` (chokidar's raw event). */
  entry(dir: string, name: string): void;
  error(err: Error): void;
}

export interface FolderWatch {
  /** Every folder that existed at the start is under watch. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Frontier folders per chokidar instance. */
const SLICE = 8;
/** Levels are watched by themselves while the frontier has fewer folders than this… */
const MIN_FRONTIER = 64;
/** …down to this many levels below the roots. */
const MAX_SHALLOW_LEVELS = 3;

export function watchFolders(roots: readonly string[], events: FolderEvents): FolderWatch {
  const common = {
    ignoreInitial: true,
    followSymlinks: true,
    ignored: (p: string, stats?: fs.Stats) => stats?.isFile() === true || (path.basename(p).startsWith('.') && !roots.includes(p)),
  };
  const watchers: FSWatcher[] = [];
  let closed = false;
  const attach = (w: FSWatcher): FSWatcher => {
    w.on('addDir', (p) => events.folder(p));
    w.on('unlinkDir', (p) => events.folder(p));
    w.on('error', (err) => events.error(err instanceof Error ? err : new Error(String(err))));
    w.on('raw', (_event, name, details) => {
      const dir = (details as { watchedPath?: unknown } | undefined)?.watchedPath;
      if (name && typeof dir === 'string') events.entry(dir, name);
    });
    watchers.push(w);
    return w;
  };
  const readyOf = (w: FSWatcher): Promise<void> => new Promise((resolve) => w.once('ready', () => resolve()));

  const shallow = new Set(roots);
  let frontier = subfolders(roots);
  for (let level = 0; level < MAX_SHALLOW_LEVELS && frontier.length > 0 && frontier.length < MIN_FRONTIER; level++) {
    for (const dir of frontier) shallow.add(dir);
    frontier = subfolders(frontier);
  }
  const top = attach(chokidar.watch([...shallow], { ...common, depth: 0 }));
  /** Where folders made later in a shallow folder are watched (whole, chokidar's own recursion). */
  let later: FSWatcher | undefined;
  const ready = (async () => {
    await readyOf(top);
    for (const slice of slices(frontier, SLICE)) {
      if (closed) return;
      await readyOf(attach(chokidar.watch(slice, common)));
    }
  })();
  // A folder made in a shallow folder later — a shallow folder itself too, when it was removed and
  // made again — is watched whole.
  top.on('addDir', (p) => {
    if (closed || !shallow.has(path.dirname(p))) return;
    if (later) later.add(p);
    else later = attach(chokidar.watch(p, common));
  });

  return {
    ready,
    async close() {
      closed = true;
      await Promise.all(watchers.map((w) => w.close()));
    },
  };
}

/** The folders in `dirs` (links to folders too), not hidden, with names chokidar can follow (UTF-8). */
function subfolders(dirs: readonly string[]): string[] {
  const out: string[] = [];
  for (const root of dirs) {
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(root, { withFileTypes: true });
    } catch {
      continue; // not there (yet): the watch of its parent reports it
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name.includes('\ufffd')) continue;
      const full = path.join(root, e.name);
      if (e.isDirectory() || (e.isSymbolicLink() && isFolder(full))) out.push(full);
    }
  }
  return out;
}

function isFolder(link: string): boolean {
  try {
    return fs.statSync(link).isDirectory();
  } catch {
    return false; // broken, or a loop
  }
}

function slices<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
