// What electron-builder would put in the package, read from electron-builder.yml: the app's own
// files (`files`), the production packages it adds from node_modules, and which of all those go
// to app.asar.unpacked (`asarUnpack`). Patterns are matched the way electron-builder does it
// (minimatch, dotfiles included, a negated pattern excludes). For tests only.
import fs from 'node:fs';
import path from 'node:path';
import { minimatch } from 'minimatch';
import { parse } from 'yaml';

export interface PlatformConfig {
  target?: (string | { target: string })[];
  icon?: string;
}

export interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  directories?: { output?: string; buildResources?: string };
  npmRebuild?: boolean;
  linux?: PlatformConfig;
  mac?: PlatformConfig;
  win?: PlatformConfig;
  fileAssociations?: { ext: string[] }[];
}

export function readBuilderConfig(root: string): BuilderConfig {
  return parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
}

const match = (file: string, pattern: string) => minimatch(file, pattern, { dot: true });

/** Whether `file` (relative, `/`-separated) is selected by a pattern list with `!` exclusions. */
export function selected(file: string, patterns: readonly string[]): boolean {
  const positive = patterns.filter((p) => !p.startsWith('!'));
  const negative = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  return positive.some((p) => match(file, p)) && !negative.some((p) => match(file, p));
}

/** Whether an `asarUnpack` list unpacks `file`. */
export function unpacks(file: string, asarUnpack: readonly string[]): boolean {
  return asarUnpack.some((p) => match(file, p));
}

/** Every file under `dir`, relative to `root`, `/`-separated. */
export function filesUnder(root: string, dir: string): string[] {
  const base = path.join(root, dir);
  if (!fs.existsSync(base)) return [];
  return fs
    .readdirSync(base, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** The app's own files electron-builder packs (`files` applied to the built tree; node_modules apart). */
export function appFiles(root: string, config: BuilderConfig): string[] {
  const tops = fs.readdirSync(root).filter((n) => !['node_modules', '.git', '.tools', '.cache'].includes(n));
  return tops
    .flatMap((n) => (fs.statSync(path.join(root, n)).isDirectory() ? filesUnder(root, n) : [n]))
    .filter((f) => selected(f, config.files));
}

interface LockPackage {
  dev?: boolean;
  optional?: boolean;
}

/** The installed production packages (`node_modules/…` folders, from package-lock.json): what electron-builder adds. */
export function productionPackages(root: string): string[] {
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> };
  return Object.entries(lock.packages)
    .filter(([key, p]) => key.startsWith('node_modules/') && !p.dev && fs.existsSync(path.join(root, key, 'package.json')))
    .map(([key]) => key)
    .sort();
}

/** Files of production packages that hold native code (what must load from a real file). */
export function nativeFiles(root: string, packages: readonly string[]): string[] {
  return packages.flatMap((pkg) =>
    filesUnder(root, pkg).filter((f) => !f.slice(pkg.length).includes('/node_modules/') && /\.(node|so(\.\d+)*|dylib|dll)$/.test(f)),
  );
}
