// Worker entries run from their bundle when it is current. `npm run build:main` (main/build/bundle.ts)
// bundles every `*.worker.ts` into out/main/<name>.mjs — one file, its npm packages inlined — and
// lists in out/main/bundle.json the size and modification time of every file that went into it.
// A bundled worker starts faster (one module instead of ~120) and reads faster than the same code
// loaded module by module from the TypeScript sources: bench:scan, 10k tracks, −5% wall, −7% CPU;
// 2k tracks −10% / −14%. Run from the sources (`tonearm`, the tests), a worker takes its bundle
// only while every one of those files is unchanged, so an edit is never shadowed by a stale build.
// Inside the Electron bundle the worker URLs already name the built files: nothing is looked up.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** One built worker, as out/main/bundle.json lists it. */
export interface BuiltWorker {
  /** Entry name, e.g. `parse.worker`. */
  name: string;
  /** The source, relative to the repository. */
  source: string;
  /** The built file, relative to out/main. */
  file: string;
  /** Native packages the worker imports (left external: they ship unpacked in node_modules). */
  external: string[];
  /** Every file bundled in (relative to the repository) → its stamp when it was built. */
  inputs: Record<string, string>;
}

/** What tells a file's version apart cheaply: its size and modification time. */
export function fileStamp(file: string): string | null {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  return st ? `${st.size}:${st.mtimeMs}` : null;
}

export interface WorkerUrlOptions {
  /** The repository (default: the one this file is in). */
  root?: string;
  /** The manifest (default: `<root>/out/main/bundle.json`). */
  manifest?: string;
}

/**
 * The URL to start a worker from: its bundle when one built from exactly the current files exists,
 * else `source` itself (also when `source` is not a `.ts` entry: already a built file).
 */
export function workerUrl(source: URL, options: WorkerUrlOptions = {}): URL {
  if (source.protocol !== 'file:' || !source.pathname.endsWith('.ts')) return source;
  const root = options.root ?? path.resolve(import.meta.dirname, '..');
  const manifest = options.manifest ?? path.join(root, 'out', 'main', 'bundle.json');
  let workers: BuiltWorker[];
  try {
    workers = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { workers?: BuiltWorker[] }).workers ?? [];
  } catch {
    return source; // not built (or unreadable): the sources
  }
  const rel = path.relative(root, fileURLToPath(source)).split(path.sep).join('/');
  const built = workers.find((w) => w.source === rel);
  if (!built?.inputs || Object.keys(built.inputs).length === 0) return source;
  for (const [input, stamp] of Object.entries(built.inputs)) {
    if (fileStamp(path.join(root, input)) !== stamp) return source;
  }
  const file = path.join(path.dirname(manifest), built.file);
  return fs.existsSync(file) ? pathToFileURL(file) : source;
}
