// "Open with Tonearm", a second launch, drag & drop: command-line arguments (or dropped paths)
// → an open request of audio files and folders. Pure; the file system is asked through `kindOf`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Extensions Tonearm opens as audio (what the scanner reads). */
export const audioExtensions = [
  'mp3', 'flac', 'ogg', 'oga', 'opus', 'm4a', 'm4b', 'mp4', 'aac', 'wav', 'wave', 'aif', 'aiff', 'aifc',
  'wma', 'ape', 'wv', 'mpc', 'dsf', 'dff', 'webm', 'mka',
] as const;
const audio = new Set<string>(audioExtensions);

export function isAudioFile(file: string): boolean {
  return audio.has(path.extname(file).slice(1).toLowerCase());
}

export interface OpenRequest {
  /** Audio files, absolute, in the order given, without duplicates. */
  files: string[];
  /** Folders, absolute, without duplicates. */
  folders: string[];
}

export type PathKind = 'file' | 'folder' | 'missing';

export interface ParseArgvOptions {
  /** The directory relative arguments are resolved against (the launching process's cwd). */
  cwd: string;
  /**
   * Leading arguments that are not ours: [electron, app path] when run as `electron .`,
   * [executable] when packaged. `process.defaultApp` tells them apart.
   */
  skip: number;
  kindOf: (absolute: string) => PathKind;
}

/** How many leading argv entries belong to the runtime (1 packaged, 2 for `electron <app>`). */
export function argvSkip(defaultApp: boolean | undefined): number {
  return defaultApp ? 2 : 1;
}

/** A path from argv: absolute, or relative to cwd; `file://` URLs accepted; switches dropped. */
function toPath(arg: string, cwd: string): string | undefined {
  if (arg.length === 0 || arg.includes('\0')) return undefined;
  if (arg.startsWith('-')) return undefined; // --switches, incl. Chromium's appended to second-instance argv
  if (/^file:\/\//i.test(arg)) {
    try {
      return path.resolve(fileURLToPath(arg));
    } catch {
      return undefined;
    }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) return undefined; // other URLs (tonearm://…) are not files
  return path.resolve(cwd, arg);
}

/**
 * The open request in a command line (`process.argv`, or the argv a second instance hands over).
 * Unknown switches, non-audio files and missing paths are ignored; an empty request means
 * "just focus the window".
 */
export function parseOpenRequest(argv: readonly string[], options: ParseArgvOptions): OpenRequest {
  return classifyPaths(
    argv.slice(options.skip).map((a) => toPath(a, options.cwd)).filter((p): p is string => p !== undefined),
    options.kindOf,
  );
}

/** Sorts absolute paths (dropped or from argv) into audio files and folders. */
export function classifyPaths(paths: readonly string[], kindOf: (absolute: string) => PathKind): OpenRequest {
  const files: string[] = [];
  const folders: string[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    if (!path.isAbsolute(p) || seen.has(p)) continue;
    seen.add(p);
    const kind = kindOf(p);
    if (kind === 'folder') folders.push(p);
    else if (kind === 'file' && isAudioFile(p)) files.push(p);
  }
  return { files, folders };
}

export function isEmptyRequest(r: OpenRequest): boolean {
  return r.files.length === 0 && r.folders.length === 0;
}

/** Whether `child` is `parent` or inside it. */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * What the renderer is told about an open request: catalogued files become track ids (played);
 * folders not already inside the library, and the folders of uncatalogued files, are offered.
 */
export function planOpen(
  request: OpenRequest,
  libraryFolders: readonly string[],
  trackIdOf: (file: string) => number | undefined,
): { trackIds: number[]; folders: string[]; fileFolders: string[] } {
  const inLibrary = (p: string) => libraryFolders.some((root) => isInside(p, root));
  const trackIds: number[] = [];
  const fileFolders: string[] = [];
  for (const file of request.files) {
    const id = trackIdOf(file);
    if (id !== undefined) trackIds.push(id);
    else {
      const dir = path.dirname(file);
      if (!inLibrary(dir) && !fileFolders.includes(dir)) fileFolders.push(dir);
    }
  }
  const folders = request.folders.filter((f) => !inLibrary(f));
  return { trackIds, folders, fileFolders: fileFolders.filter((d) => !folders.some((f) => isInside(d, f))) };
}
