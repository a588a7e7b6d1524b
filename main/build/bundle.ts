// Bundles Electron's main process, its worker threads and the preload into out/main/ (esbuild):
//   out/main/index.js          main, ESM; app/ bundled in, npm packages and electron external
//   out/main/<name>.worker.mjs every `*.worker.ts` under app/ and main/ (team rule: a worker entry
//                              is named so, and ships without touching this script). Self-contained:
//                              npm packages bundled in, except native ones (unpacked beside them)
//   out/main/preload.cjs       the sandboxed preload: CommonJS, only `electron` external
//   out/main/cli.mjs           the `tonearm` command (app/cli/main.ts), ESM, npm packages external;
//                              each command's code in its own cli-*.mjs chunk, loaded on demand. Not
//                              packed into the desktop app (electron-builder.yml). bin/tonearm.js
//                              runs it while it is current (app/prebuilt.ts): one module and a chunk
//                              instead of ~60 TypeScript modules, ~25 ms less per command
//   out/main/bundle.json       the manifest of the above (read by the bundle and packaging tests), with
//                              each worker's input files and their stamps: run from the sources, a
//                              worker starts from its bundle while that is current (app/prebuilt.ts)
// Every `new URL('./x.worker.ts', import.meta.url)` becomes the built sibling, resolved through
// main/paths.ts `unpackedUrl`: in a packaged app workers run from app.asar.unpacked, a real folder.
// A `new URL('….ts', import.meta.url)` that is not a worker entry fails the build.
// `npm run build:main` (scripts/build-main.ts); `npm test` runs it so CI checks that everything bundles.
import fs from 'node:fs';
import path from 'node:path';
import { build, type Metafile, type Plugin } from 'esbuild';
import { fileStamp, type BuiltEntry } from '../../app/prebuilt.ts';

/** One built worker; `inputs` lets a run from the sources take the bundle only while it is current (app/prebuilt.ts). */
export type WorkerEntry = BuiltEntry;

export interface BundleManifest {
  main: string;
  preload: string;
  workers: WorkerEntry[];
  /** The `tonearm` command; `inputs` as for a worker. */
  cli: BuiltEntry;
}

/** The CLI's entry and what the build calls it. */
const cliSource = 'app/cli/main.ts';

export interface BuildMainOptions {
  /** Default: the repository this file is in. */
  root?: string;
  /** Default: `<root>/out/main`. */
  outdir?: string;
  /** Print the summary line (default true). */
  log?: boolean;
}

const workerRoots = ['app', 'main'];
const pathsModule = 'main/paths.ts';
const urlPattern = /new URL\(\s*(['"])(\.{1,2}\/[^'"\n]+)\1\s*,\s*import\.meta\.url\s*\)/g;

/** Every worker entry (`*.worker.ts`) under app/ and main/, test scaffolding excluded. */
export function findWorkers(root: string): { name: string; source: string }[] {
  const found = workerRoots.flatMap((dir) =>
    fs.globSync(`${dir}/**/*.worker.ts`, { cwd: root, exclude: (f) => /(^|[\\/])(node_modules|testing)$/.test(String(f)) }),
  );
  const entries = found.map((f) => f.split(path.sep).join('/')).sort().map((source) => ({ name: path.basename(source, '.ts'), source }));
  const names = new Map<string, string>();
  for (const e of entries) {
    const other = names.get(e.name);
    if (other) throw new Error(`two worker entries are both named ${e.name}: ${other} and ${e.source}; rename one`);
    names.set(e.name, e.source);
  }
  return entries;
}

/** Rewrites worker URLs in our own sources (see the header); rejects `.ts` URLs that are not worker entries. */
function workerUrls(root: string, entries: ReadonlyMap<string, string>): Plugin {
  const helper = JSON.stringify(path.join(root, pathsModule));
  return {
    name: 'tonearm-worker-urls',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const source = await fs.promises.readFile(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const errors: string[] = [];
        let rewritten = false;
        const contents = source.replace(urlPattern, (match, _q: string, target: string) => {
          if (!target.endsWith('.ts')) return match;
          const name = entries.get(path.resolve(path.dirname(args.path), target));
          if (!name) {
            errors.push(`${path.relative(root, args.path)}: new URL('${target}', import.meta.url) points at a TypeScript file that is not a worker entry; name worker entry files *.worker.ts (under ${workerRoots.join('/ or ')}/)`);
            return match;
          }
          rewritten = true;
          return `new URL(${JSON.stringify(`./${name}.mjs`)}, __tonearm_unpackedUrl(import.meta.url))`;
        });
        if (errors.length > 0) return { errors: errors.map((text) => ({ text })) };
        if (!rewritten) return undefined;
        // Imports are hoisted: appended, the source map's lines stay right.
        return { contents: `${contents}\nimport { unpackedUrl as __tonearm_unpackedUrl } from ${helper};\n`, loader: 'ts' };
      });
    },
  };
}

/** Whether a package (or anything it depends on) ships native binaries: those stay out of worker bundles. */
function nativeChecker(): (pkgDir: string) => boolean {
  const memo = new Map<string, boolean>();
  const hasBinary = (dir: string): boolean =>
    fs.globSync('**/*.{node,so,so.*,dylib,dll}', { cwd: dir, exclude: (f) => String(f).endsWith('node_modules') }).length > 0 ||
    fs.existsSync(path.join(dir, 'binding.gyp'));
  const check = (dir: string): boolean => {
    const known = memo.get(dir);
    if (known !== undefined) return known;
    memo.set(dir, false); // cycles
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    let native = hasBinary(dir);
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
      if (native) break;
      const depDir = packageDir(dep, dir);
      if (depDir && check(depDir)) native = true;
    }
    memo.set(dir, native);
    return native;
  };
  return check;
}

/** A package's folder as Node finds it from `from` (walking up node_modules folders). */
function packageDir(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

const packageName = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

/** Worker bundles: npm packages inlined, native ones external (and recorded per worker). */
function nativeExternals(root: string, seen: Set<string>): Plugin {
  const isNative = nativeChecker();
  return {
    name: 'tonearm-native-externals',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:') || path.isAbsolute(args.path)) return undefined;
        const name = packageName(args.path);
        if (name === 'electron') return { errors: [{ text: `${path.relative(root, args.importer)}: a worker thread cannot use electron` }] };
        const dir = packageDir(name, path.dirname(args.importer));
        if (!dir || !isNative(dir)) return undefined;
        seen.add(name);
        return { path: args.path, external: true };
      });
    },
  };
}

/** Every file that went into a build (relative to the repository) → its stamp now. */
function stamps(root: string, metafile: Metafile): Record<string, string> {
  return Object.fromEntries(Object.keys(metafile.inputs).sort().map((f) => [f, fileStamp(path.join(root, f)) ?? '']));
}

export async function buildMain(options: BuildMainOptions = {}): Promise<BundleManifest> {
  const root = options.root ?? path.resolve(import.meta.dirname, '..', '..');
  const outdir = options.outdir ?? path.join(root, 'out', 'main');
  const workers = findWorkers(root);
  const entryNames = new Map(workers.map((w) => [path.join(root, w.source), w.name]));
  fs.rmSync(outdir, { recursive: true, force: true });
  const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: options.log === false ? 'silent' : 'warning', absWorkingDir: root, outdir, metafile: true } as const;

  await build({
    ...common,
    entryPoints: { index: 'main/index.ts' },
    format: 'esm',
    packages: 'external', // production dependencies ship in node_modules (native ones unpacked from asar)
    plugins: [workerUrls(root, entryNames)],
  });

  const built: WorkerEntry[] = [];
  for (const w of workers) {
    const natives = new Set<string>();
    const { metafile } = await build({
      ...common,
      entryPoints: { [w.name]: w.source },
      format: 'esm',
      outExtension: { '.js': '.mjs' },
      // Bundled CommonJS packages may require Node built-ins.
      banner: { js: "import { createRequire as __tonearm_createRequire } from 'node:module'; const require = __tonearm_createRequire(import.meta.url);" },
      plugins: [workerUrls(root, entryNames), nativeExternals(root, natives)],
    });
    built.push({ name: w.name, source: w.source, file: `${w.name}.mjs`, external: [...natives].sort(), inputs: stamps(root, metafile) });
  }

  // The CLI: code-split, so a command loads only its own chunk (and the chunks it shares). Chunks
  // sit beside index.js: the paths the code finds from import.meta.dirname (../../dist/renderer,
  // ../../package.json) are the same from out/main as from app/<folder>.
  const { metafile: cliMeta } = await build({
    ...common,
    entryPoints: { cli: cliSource },
    format: 'esm',
    splitting: true,
    chunkNames: 'cli-[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    packages: 'external',
    plugins: [workerUrls(root, entryNames)],
  });
  const cli: BuiltEntry = { name: 'cli', source: cliSource, file: 'cli.mjs', external: [], inputs: stamps(root, cliMeta) };

  await build({
    ...common,
    entryPoints: { preload: 'main/preload.ts' },
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
  });
  // A sandboxed preload can require only `electron`: fail the build if anything else slipped in.
  const preload = fs.readFileSync(path.join(outdir, 'preload.cjs'), 'utf8');
  const required = [...preload.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]).filter((m) => m !== 'electron');
  if (required.length > 0) throw new Error(`the preload requires ${required.join(', ')}; a sandboxed preload may require only electron`);

  const manifest: BundleManifest = { main: 'index.js', preload: 'preload.cjs', workers: built, cli };
  fs.writeFileSync(path.join(outdir, 'bundle.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  if (options.log !== false) {
    console.log(`built ${path.relative(root, outdir) || outdir}/{${[manifest.main, ...built.map((w) => w.file), manifest.preload, cli.file].join(',')}}`);
  }
  return manifest;
}
