// A built app on disk, for tests: the main bundle built fresh into a temporary app folder, either
// laid out like the repository (`electron .`) or like a packaged app — resources/app.asar (a
// folder standing for the archive, which Electron presents as one) and resources/app.asar.unpacked
// holding exactly the files electron-builder.yml's `asarUnpack` selects (hard links), and nothing
// else. What runs from the unpacked folder therefore proves it needs nothing from the archive.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildMain, type BundleManifest } from '../build/bundle.ts';
import { appFiles, filesUnder, productionPackages, readBuilderConfig, unpacks } from './builderConfig.ts';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export interface AppLayout {
  /** The app root: a folder like the repository, or resources/app.asar. */
  app: string;
  /** resources/app.asar.unpacked (packaged layout only). */
  unpacked: string | null;
  /** out/main inside the app. */
  mainDir: string;
  manifest: BundleManifest;
  remove(): void;
}

export interface AppLayoutOptions {
  /** Lay it out like a packaged app (default false). */
  asar?: boolean;
  /** index.html of the placeholder renderer the library server serves (the stand-in never renders it). */
  rendererHtml?: string;
}

function linkTree(from: string, to: string): void {
  for (const rel of filesUnder(from, '.')) {
    fs.mkdirSync(path.dirname(path.join(to, rel)), { recursive: true });
    fs.linkSync(path.join(from, rel), path.join(to, rel));
  }
}

export async function makeAppLayout(options: AppLayoutOptions = {}): Promise<AppLayout> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tonearm-app-'));
  const app = options.asar ? path.join(base, 'resources', 'app.asar') : path.join(base, 'app');
  const mainDir = path.join(app, 'out', 'main');
  const manifest = await buildMain({ outdir: mainDir, log: false });
  fs.copyFileSync(path.join(repoRoot, 'package.json'), path.join(app, 'package.json'));
  linkTree(path.join(repoRoot, 'resources'), path.join(app, 'resources'));
  fs.mkdirSync(path.join(app, 'dist', 'renderer'), { recursive: true });
  fs.writeFileSync(path.join(app, 'dist', 'renderer', 'index.html'), options.rendererHtml ?? '<!doctype html><title>Tonearm</title>\n');
  // Production packages: Electron resolves them inside the archive; here the folder is the repository's.
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(app, 'node_modules'), 'dir');

  let unpacked: string | null = null;
  if (options.asar) {
    unpacked = path.join(base, 'resources', 'app.asar.unpacked');
    const config = readBuilderConfig(repoRoot);
    const own = appFiles(app, config).map((f) => ({ from: path.join(app, f), rel: f }));
    const deps = productionPackages(repoRoot).flatMap((pkg) => filesUnder(repoRoot, pkg).map((rel) => ({ from: path.join(repoRoot, rel), rel })));
    for (const { from, rel } of [...own, ...deps]) {
      if (!unpacks(rel, config.asarUnpack)) continue;
      const to = path.join(unpacked, rel);
      if (fs.existsSync(to)) continue;
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.linkSync(from, to);
    }
  }
  return { app, unpacked, mainDir, manifest, remove: () => fs.rmSync(base, { recursive: true, force: true }) };
}
