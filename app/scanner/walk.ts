// Phase 1, walk: lists the audio files under the roots. Regular files only (FIFOs, devices and
// sockets are reported, never opened); symlinks are followed but each real folder (known by its
// device and inode) is visited once, so a symlink loop ends; hidden entries are skipped;
// `.tonearmignore` files (gitignore syntax) apply to their folder and below. Folder cover images are noted on the way. Names are read as
// bytes and kept as lossless keys (app/text/fsPath.ts), so a Latin-1 or invalid UTF-8 name is found
// and opens again.
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { ScanErrorInput } from '../catalog/scanErrors.ts';
import { fsPath, isPlainDecodedName, pathKey } from '../text/fsPath.ts';

export const audioExtensions = new Set([
  '.mp3', '.mp2', '.flac', '.ogg', '.oga', '.opus', '.m4a', '.m4b', '.mp4', '.aac', '.alac', '.wav', '.wave',
  '.aif', '.aiff', '.aifc', '.wma', '.asf', '.ape', '.wv', '.mpc', '.dsf', '.dff', '.tta', '.mka', '.webm', '.caf', '.spx',
]);
export const IGNORE_FILE = '.tonearmignore';
const coverNames = /^(cover|folder|front|albumart|album)\.(jpe?g|png|webp)$/i;
const coverRank = (name: string): number => ['cover', 'folder', 'front', 'albumart', 'album'].indexOf(name.toLowerCase().split('.')[0] ?? '');

export interface WalkedFile {
  path: string;
  size: number;
  mtimeMs: number;
  /** Disk usage in bytes (for spotting sparse files). */
  allocated: number;
}

export interface FolderImage {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface WalkResult {
  files: WalkedFile[];
  /** Folder path → its cover image, for folders that have one. */
  images: Map<string, FolderImage>;
  /** Entries that look like audio but cannot be read as files (FIFOs, devices, broken links…). */
  errors: ScanErrorInput[];
  /** `.lrc` lyrics files (app/scanner/lyrics.ts pairs them with their tracks). */
  sidecars: Array<{ path: string; size: number; mtimeMs: number }>;
}

export interface WalkOptions {
  roots: readonly string[];
  /** Only walk these paths (inside the roots); defaults to the roots themselves. */
  only?: readonly string[];
  signal?: AbortSignal;
  onFile?: (count: number, current: string) => void;
  /**
   * A folder's own audio files, as soon as its listing is done (its image, if any, is known by
   * then): a first scan starts reading them while the walk goes on. Every file the walk returns is
   * passed here exactly once.
   */
  onFolder?: (files: readonly WalkedFile[], images: ReadonlyMap<string, FolderImage>) => void;
}

interface Matcher {
  base: string;
  ig: Ignore;
}

export async function walk(options: WalkOptions): Promise<WalkResult> {
  const result: WalkResult = { files: [], images: new Map(), errors: [], sidecars: [] };
  /** Folders seen, by device and inode: a folder reached again through a link is not walked twice. */
  const visited = new Set<string>();
  const roots = options.roots.map((r) => path.resolve(r));
  const starts = (options.only ?? roots).map((p) => path.resolve(p));
  let sinceYield = 0;

  async function visitDir(dir: string, st: fs.Stats, matchers: Matcher[]): Promise<void> {
    const id = `${st.dev}:${st.ino}`;
    if (visited.has(id)) return;
    visited.add(id);
    const named = listDir(dir);
    if (!named) return;
    const own = named.some((n) => n.name === IGNORE_FILE) ? loadIgnore(dir) : null;
    const active = own ? [...matchers, own] : matchers;
    const audio: WalkedFile[] = [];
    for (const { name, e } of named) {
      if (name.startsWith('.')) continue;
      if (++sinceYield >= 500) {
        sinceYield = 0;
        await new Promise((r) => setImmediate(r));
        options.signal?.throwIfAborted();
      }
      // A plain file the scan has no use for (not audio, lyrics or a cover image): no stat.
      if (e.isFile() && !wanted(name)) continue;
      const full = dir === '/' ? `/${name}` : `${dir}/${name}`; // dir is already normal
      const count = result.files.length;
      const sub = visitEntry(full, e, active);
      const file = result.files.length > count ? result.files[count] : undefined; // an audio file of this folder
      if (file && options.onFolder) audio.push(file);
      if (sub) await visitDir(full, sub, active);
    }
    if (audio.length > 0) options.onFolder?.(audio, result.images);
  }

  /** The folder's entries in path order, or null (recorded as an error) when it cannot be read. */
  function listDir(dir: string): Listed[] | null {
    try {
      const at = fsPath(dir);
      if (typeof at === 'string') {
        // Names as strings first (the common case, cheaper); as bytes only when one may not be UTF-8.
        const plain = fs.readdirSync(at, { withFileTypes: true });
        if (plain.every((e) => isPlainDecodedName(e.name))) return sortByName(plain.map((e) => ({ name: e.name, e })));
      }
      return sortByName(fs.readdirSync(at, { withFileTypes: true, encoding: 'buffer' }).map((e) => ({ name: pathKey(e.name), e })));
    } catch (err) {
      result.errors.push({ path: dir, reason: `cannot read folder: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, size: null, mtimeMs: null });
      return null;
    }
  }

  /** Records a file; returns the stats of a folder to walk into. */
  function visitEntry(full: string, dirent: Listed['e'] | null, matchers: Matcher[]): fs.Stats | null {
    let st: fs.Stats;
    const isLink = dirent ? dirent.isSymbolicLink() : fs.lstatSync(fsPath(full), { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
    const ext = path.extname(full).toLowerCase();
    const looksAudio = audioExtensions.has(ext);
    try {
      st = fs.statSync(fsPath(full));
    } catch (err) {
      if (looksAudio || isLink) {
        const code = (err as NodeJS.ErrnoException).code;
        const reason = code === 'ELOOP' ? 'symbolic link loop' : code === 'ENOENT' && isLink ? 'broken symbolic link' : `cannot stat: ${code ?? (err as Error).message}`;
        result.errors.push({ path: full, reason, size: null, mtimeMs: null });
      }
      return null;
    }
    if (st.isDirectory()) return isIgnored(matchers, full, true) ? null : st;
    if (isIgnored(matchers, full, false)) return null;
    if (!st.isFile()) {
      if (looksAudio) result.errors.push({ path: full, reason: `not a regular file (${kindOf(st)})`, size: null, mtimeMs: null });
      return null;
    }
    if (looksAudio) {
      result.files.push({ path: full, size: st.size, mtimeMs: Math.trunc(st.mtimeMs), allocated: st.blocks * 512 });
      options.onFile?.(result.files.length, full);
      return null;
    }
    const base = path.basename(full);
    if (ext === '.lrc') {
      result.sidecars.push({ path: full, size: st.size, mtimeMs: Math.trunc(st.mtimeMs) });
      return null;
    }
    if (coverNames.test(base)) {
      const folder = path.dirname(full);
      const prev = result.images.get(folder);
      if (!prev || coverRank(base) < coverRank(path.basename(prev.path))) {
        result.images.set(folder, { path: full, size: st.size, mtimeMs: Math.trunc(st.mtimeMs) });
      }
    }
    return null;
  }

  for (const start of starts) {
    const root = roots.find((r) => start === r || start.startsWith(r + path.sep));
    if (root === undefined) continue;
    const matchers = ancestorMatchers(root, start);
    const st = fs.statSync(fsPath(start), { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) {
      if (start !== root && isHiddenBelow(root, start)) continue;
      await visitDir(start, st, matchers);
    } else {
      if (isHiddenBelow(root, start)) continue;
      const count = result.files.length;
      visitEntry(start, null, matchers);
      const file = result.files.length > count ? result.files[count] : undefined;
      // A single file still needs its folder's cover image.
      const dir = path.dirname(start);
      for (const name of safeReaddir(dir)) {
        if (coverNames.test(name)) visitEntry(path.join(dir, name), null, matchers);
      }
      if (file) options.onFolder?.([file], result.images);
    }
  }
  return result;
}

interface Listed {
  /** The entry's name as a lossless key (app/text/fsPath.ts). */
  name: string;
  e: fs.Dirent<string> | fs.Dirent<Buffer>;
}

/**
 * A folder's entries in the order their paths sort in the catalog: a folder as its name and a slash,
 * so the walk lists files in path order ("Artist (Live)/…" before "Artist/…", as '(' sorts before
 * '/'), the order the scan reads the catalog's stamps in (app/catalog/stamps.ts).
 */
function sortByName(entries: Listed[]): Listed[] {
  const key = (l: Listed): string => (l.e.isDirectory() ? `${l.name}/` : l.name);
  return entries.map((l) => ({ l, k: key(l) })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0)).map((x) => x.l);
}

/** Whether the walk records a file of this name: audio, a `.lrc` sidecar or a folder cover image. */
export function wanted(name: string): boolean {
  const ext = path.extname(name).toLowerCase();
  return audioExtensions.has(ext) || ext === '.lrc' || coverNames.test(name);
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(fsPath(dir), { encoding: 'buffer' }).map(pathKey);
  } catch {
    return [];
  }
}

function isHiddenBelow(root: string, p: string): boolean {
  return path.relative(root, p).split(path.sep).some((part) => part.startsWith('.'));
}

function loadIgnore(dir: string): Matcher | null {
  const file = path.join(dir, IGNORE_FILE);
  let text: string;
  try {
    text = fs.readFileSync(fsPath(file), 'utf8');
  } catch {
    return null;
  }
  return { base: dir, ig: ignore().add(text) };
}

/** Ignore files of the folders from the root down to (not including) `start`. */
function ancestorMatchers(root: string, start: string): Matcher[] {
  const out: Matcher[] = [];
  const rel = path.relative(root, start);
  const parts = rel === '' ? [] : rel.split(path.sep);
  let dir = root;
  for (let i = 0; i < parts.length; i++) {
    const m = loadIgnore(dir);
    if (m) out.push(m);
    dir = path.join(dir, parts[i] ?? '');
  }
  return out;
}

function isIgnored(matchers: readonly Matcher[], full: string, isDir: boolean): boolean {
  for (const m of matchers) {
    const rel = path.relative(m.base, full);
    if (rel === '' || rel.startsWith('..')) continue;
    if (m.ig.ignores(isDir ? rel + '/' : rel)) return true;
  }
  return false;
}

function kindOf(st: fs.Stats): string {
  if (st.isFIFO()) return 'FIFO';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  if (st.isSocket()) return 'socket';
  return 'special file';
}
