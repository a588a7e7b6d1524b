// Worker entries and the CLI run from their bundle when it is current. `npm run build:main`
// (main/build/bundle.ts) bundles every `*.worker.ts` into out/main/<name>.mjs — one file, its npm
// packages inlined — and the CLI (app/cli/main.ts) into out/main/cli.mjs plus a chunk per command
// (loaded on demand, as from the sources), and lists in out/main/bundle.json the size and
// modification time of every file that went into each. A bundled worker starts faster (one module
// instead of ~120) and reads faster than the same code loaded module by module from the TypeScript
// sources: bench:scan, 10k tracks, −5% wall, −7% CPU; 2k tracks −10% / −14%. Run from the sources
// (`tonearm`, the tests), an entry takes its bundle only while every one of those files is
// unchanged, so an edit is never shadowed by a stale build. Inside the Electron bundle the worker
// URLs already name the built files: nothing is looked up.
// Built-ins as CommonJS (process.getBuiltinModule): `tonearm` loads this module before anything else,
// and an ESM import of node:fs/url builds their whole export lists (~1.5 ms of a 25 ms command).
const fs = process.getBuiltinModule('node:fs');
const path = process.getBuiltinModule('node:path');
const { fileURLToPath, pathToFileURL } = process.getBuiltinModule('node:url');

/** One built entry (a worker or the CLI), as out/main/bundle.json lists it. */
export interface BuiltEntry {
  /** Entry name, e.g. `parse.worker`, `cli`. */
  name: string;
  /** The source, relative to the repository. */
  source: string;
  /** The built file, relative to out/main. */
  file: string;
  /** Native packages a worker imports (left external: they ship unpacked in node_modules); the CLI leaves every package external. */
  external: string[];
  /** Every file bundled in (relative to the repository) → its stamp when it was built. */
  inputs: Record<string, string>;
}

/** What tells a file's version apart cheaply: its size and modification time. */
export function fileStamp(file: string): string | null {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  return st ? `${st.size}:${st.mtimeMs}` : null;
}

/** out/main/bundle.json: what `npm run build:main` wrote (the entries this module looks up). */
export interface BuiltEntries {
  workers?: BuiltEntry[];
  cli?: BuiltEntry;
}

export interface BuiltUrlOptions {
  /** The repository (default: the one this file is in). */
  root?: string;
  /** The manifest (default: `<root>/out/main/bundle.json`). */
  manifest?: string;
}

/**
 * The URL to load an entry (a worker, the CLI) from: its bundle when one built from exactly the
 * current files exists, else `source` itself (also when `source` is not a `.ts` entry: already a
 * built file).
 */
export function builtUrl(source: URL, options: BuiltUrlOptions = {}): URL {
  if (source.protocol !== 'file:' || !source.pathname.endsWith('.ts')) return source;
  const root = options.root ?? path.resolve(import.meta.dirname, '..');
  const manifest = options.manifest ?? path.join(root, 'out', 'main', 'bundle.json');
  let entries: BuiltEntry[];
  try {
    const built = JSON.parse(fs.readFileSync(manifest, 'utf8')) as BuiltEntries;
    entries = [...(built.workers ?? []), ...(built.cli ? [built.cli] : [])];
  } catch {
    return source; // not built (or unreadable): the sources
  }
  const rel = path.relative(root, fileURLToPath(source)).split(path.sep).join('/');
  const built = entries.find((w) => w.source === rel);
  if (!built?.inputs) return source;
  let inputs = 0;
  for (const input in built.inputs) {
    if (fileStamp(`${root}${path.sep}${input}`) !== built.inputs[input]) return source;
    inputs++;
  }
  if (inputs === 0) return source;
  const file = path.join(path.dirname(manifest), built.file);
  return fs.existsSync(file) ? pathToFileURL(file) : source;
}
