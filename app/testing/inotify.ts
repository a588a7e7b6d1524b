// Test scaffolding: the inodes this process's inotify watches are on, from the kernel's own list
// (/proc/self/fdinfo), to check what a watcher really watches — and that nothing is left after close.
import fs from 'node:fs';

export function inotifyInodes(): Set<number> {
  const watched = new Set<number>();
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    let link = '';
    try {
      link = fs.readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // closed meanwhile
    }
    if (link !== 'anon_inode:inotify') continue;
    let info = '';
    try {
      info = fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8');
    } catch {
      continue;
    }
    for (const m of info.matchAll(/^inotify wd:\S+ ino:([0-9a-f]+)/gm)) watched.add(parseInt(m[1] as string, 16));
  }
  return watched;
}
