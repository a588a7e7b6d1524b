// Each library root under its own folder watch (`folderWatch.ts`), and the roots that are not there
// looked for until they are back, for watch mode (`watch.ts`).
//
// A root goes away with its drive (unplugged, a share remounted, a folder renamed away): its folder
// watch is then dead (inotify ends a watch on IN_DELETE_SELF, IN_MOVE_SELF's rename is followed to
// the wrong path, IN_UNMOUNT/IN_IGNORED end them all) and chokidar does not watch it again when it
// is back. So a root is *away* when it cannot be listed, or lists nothing (only hidden entries) while
// the catalog holds tracks from it — a mount point with its drive away, as the scan's own guard sees
// it. Its watch is closed, and while any root is away one listing of each away root every `pollMs`
// (5 s) says when it is back: then it is watched whole again, with the same slicing as at the start,
// and `back` asks for one scan of it. Nothing is polled while every root is there.
import fs from 'node:fs';
import { fsPath } from '../text/fsPath.ts';
import { watchFolders, type FolderEvents, type FolderWatch } from './folderWatch.ts';
import type { WatchTimers } from './types.ts';

/** Why a root is away: it cannot be listed, or it lists nothing while the catalog holds tracks from it. */
export type Absence = 'missing' | 'empty';

export interface RootEvents extends FolderEvents {
  /** A root is away: no longer watched, looked for every `pollMs`. */
  away(root: string, absence: Absence): void;
  /** A root that was away is watched whole again: it wants one scan. */
  back(root: string): void;
}

export interface RootWatchOptions {
  roots: readonly string[];
  events: RootEvents;
  timers: WatchTimers;
  /** Whether the catalog holds anything from this root (an empty root is then a drive away). */
  holds(root: string): boolean;
  /** How often the roots that are away are looked for (ms); default 5000. */
  pollMs?: number | undefined;
}

export interface RootWatch {
  /** Every root there at the start is under watch. */
  ready: Promise<void>;
  /** Whether the root is away (it is checked now, once, when it was not). */
  away(root: string): boolean;
  /** Something happened to a root folder itself: is it still there? `lost`: its watch ended. */
  check(root: string, lost?: boolean): void;
  close(): Promise<void>;
}

export function watchRoots(options: RootWatchOptions): RootWatch {
  const { events, timers } = options;
  const pollMs = options.pollMs ?? 5000;
  const watches = new Map<string, FolderWatch>();
  const away = new Set<string>();
  const closing = new Set<Promise<void>>();
  /** Per root, the check or rewatch under way: one at a time. */
  const turns = new Map<string, Promise<void>>();
  let poll: unknown = null;
  let closed = false;

  const start = (root: string): FolderWatch => {
    const w = watchFolders([root], events);
    watches.set(root, w);
    return w;
  };
  const stop = (root: string): void => {
    const w = watches.get(root);
    watches.delete(root);
    if (!w) return;
    const done = w.close().catch((err: unknown) => events.error(err as Error)).finally(() => closing.delete(done));
    closing.add(done);
  };
  const leave = (root: string, absence: Absence): void => {
    stop(root);
    away.add(root);
    events.away(root, absence);
    schedule();
  };
  const absence = (seen: Listing, root: string): Absence | null =>
    seen === 'unlisted' ? 'missing' : seen === 'visible' || !options.holds(root) ? null : 'empty';
  const turn = (root: string, task: () => Promise<void>): void => {
    const next = (turns.get(root) ?? Promise.resolve()).then(task).catch((err: unknown) => events.error(err as Error));
    turns.set(root, next);
    void next.finally(() => {
      if (turns.get(root) === next) turns.delete(root);
    });
  };
  /** Watches a root whole again (its old watch, dead or not, closed first), then asks for its scan. */
  const rewatch = (root: string): void => turn(root, async () => {
    stop(root);
    if (closed) return;
    await start(root).ready;
    if (!closed && watches.has(root)) events.back(root);
  });

  function schedule(): void {
    if (poll || closed || away.size === 0) return;
    poll = timers.set(() => void look(), pollMs);
  }
  /** One listing of each root that is away; the next only after this one answered (a share that hangs holds one). */
  async function look(): Promise<void> {
    for (const root of [...away]) {
      const seen = await listing(root);
      if (closed) return;
      if (!away.has(root) || absence(seen, root) !== null) continue;
      away.delete(root);
      rewatch(root);
    }
    poll = null;
    schedule();
  }

  for (const root of options.roots) {
    const gone = absence(listingSync(root), root);
    if (gone) leave(root, gone);
    else start(root);
  }
  const ready = Promise.all([...watches.values()].map((w) => w.ready)).then(() => {});

  return {
    ready,
    away(root) {
      if (away.has(root)) return true;
      if (turns.has(root)) return false; // coming back: its watch is being made
      const gone = absence(listingSync(root), root);
      if (gone) leave(root, gone);
      return gone !== null;
    },
    check(root, lost = false) {
      turn(root, async () => {
        if (closed || away.has(root)) return;
        const seen = await listing(root);
        if (closed || away.has(root)) return;
        const gone = absence(seen, root);
        if (gone) leave(root, gone);
        else if (lost) rewatch(root);
      });
    },
    async close() {
      closed = true;
      if (poll) timers.clear(poll);
      poll = null;
      for (const root of [...watches.keys()]) stop(root);
      await Promise.all([...closing]);
    },
  };
}

/** What listing a root shows: an entry that is not hidden, only hidden ones (or none), or an error. */
type Listing = 'visible' | 'hidden' | 'unlisted';

/** Reads a root only until its first entry that is not hidden (a root may hold thousands). */
async function listing(root: string): Promise<Listing> {
  try {
    // The loop closes the folder when it ends, returns or throws.
    for await (const e of await fs.promises.opendir(fsPath(root), { bufferSize: 32 })) if (!e.name.startsWith('.')) return 'visible';
    return 'hidden';
  } catch {
    return 'unlisted';
  }
}

function listingSync(root: string): Listing {
  let dir: fs.Dir;
  try {
    dir = fs.opendirSync(fsPath(root), { bufferSize: 32 });
  } catch {
    return 'unlisted';
  }
  try {
    for (let e = dir.readSync(); e; e = dir.readSync()) if (!e.name.startsWith('.')) return 'visible';
    return 'hidden';
  } catch {
    return 'unlisted';
  } finally {
    dir.closeSync();
  }
}
