// electron-builder.yml against the built tree: what it would pack (`files` + the production
// packages), what it would unpack (`asarUnpack`), the icons of every target, and why nothing needs
// rebuilding. electron-builder itself needs Electron's zips, which cannot be downloaded here; the
// patterns are matched as it matches them (minimatch, main/testing/builderConfig.ts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audioExtensions } from '../openRequest.ts';
import { appPaths } from '../paths.ts';
import { makeAppLayout, repoRoot, type AppLayout } from '../testing/appLayout.ts';
import { appFiles, filesUnder, nativeFiles, productionPackages, readBuilderConfig, unpacks, type BuilderConfig } from '../testing/builderConfig.ts';

let layout: AppLayout;
let config: BuilderConfig;
let packed: string[];
let deps: string[];

beforeAll(async () => {
  config = readBuilderConfig(repoRoot);
  layout = await makeAppLayout();
  // The real renderer build: the repository's when built (npm test builds it first), else a fresh one here.
  const rendererDir = path.join(layout.app, 'dist', 'renderer');
  fs.rmSync(rendererDir, { recursive: true });
  const built = path.join(repoRoot, 'dist', 'renderer');
  if (fs.existsSync(path.join(built, 'index.html'))) fs.cpSync(built, rendererDir, { recursive: true });
  else {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', rendererDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: repoRoot, stdio: 'inherit' });
    expect(r.status).toBe(0);
  }
  packed = appFiles(layout.app, config);
  deps = productionPackages(repoRoot);
}, 180_000);

afterAll(() => layout?.remove());

describe('files', () => {
  it('packs the main bundle, every worker, the preload, the whole renderer build, the icon and the demo library', () => {
    const needed = [
      'package.json',
      `out/main/${layout.manifest.main}`,
      `out/main/${layout.manifest.preload}`,
      ...layout.manifest.workers.map((w) => `out/main/${w.file}`),
      ...filesUnder(layout.app, 'dist/renderer').filter((f) => !f.endsWith('.map')),
      'resources/icon.png',
      ...filesUnder(layout.app, 'resources/demo'),
    ];
    expect(needed.filter((f) => !packed.includes(f))).toEqual([]);
    expect(needed).toContain('dist/renderer/index.html');
    expect(filesUnder(layout.app, 'resources/demo').length).toBeGreaterThan(0);
  });

  it('leaves out the tonearm command\'s bundle: the desktop app never runs it', () => {
    const cliFiles = fs.readdirSync(layout.mainDir).filter((f) => /^cli(-.*)?\.mjs$/.test(f));
    expect(cliFiles).toContain(layout.manifest.cli.file);
    expect(cliFiles.length).toBeGreaterThan(1); // its chunks
    expect(packed.filter((f) => cliFiles.includes(path.basename(f)))).toEqual([]);
  });

  it('ships no sources, tests, source maps or build config', () => {
    expect(packed.filter((f) => /\.(ts|tsx|map)$/.test(f) || /(^|\/)(test|tests|__tests__|fixtures)\//.test(f))).toEqual([]);
    expect(packed.filter((f) => !/^(out\/main|dist\/renderer|resources)\//.test(f) && f !== 'package.json')).toEqual([]);
  });

  it('package.json main is the bundle electron-builder packs', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('out/main/index.js');
    expect(packed).toContain(pkg.main);
  });
});

describe('asarUnpack', () => {
  it('unpacks every native binary of the production packages', () => {
    const natives = nativeFiles(repoRoot, deps);
    expect(natives.some((f) => f.startsWith('node_modules/better-sqlite3/'))).toBe(true);
    expect(natives.filter((f) => !unpacks(f, config.asarUnpack))).toEqual([]);
  });

  it('unpacks every worker entry and, whole, the native packages the workers import', () => {
    for (const w of layout.manifest.workers) {
      expect(unpacks(`out/main/${w.file}`, config.asarUnpack), w.file).toBe(true);
      for (const pkg of w.external) {
        const files = filesUnder(repoRoot, `node_modules/${pkg}`);
        expect(files.length).toBeGreaterThan(0);
        expect(files.filter((f) => !unpacks(f, config.asarUnpack)), `${w.name} imports ${pkg}`).toEqual([]);
      }
    }
  });

  it('unpacks what the code reads as real folders (the demo library), and leaves the rest in the archive', () => {
    const demo = path.relative(layout.app, appPaths(layout.mainDir).demoDir);
    expect(demo).toBe(path.join('resources', 'demo'));
    expect(filesUnder(layout.app, demo).filter((f) => !unpacks(f, config.asarUnpack))).toEqual([]);
    for (const f of ['out/main/index.js', 'out/main/preload.cjs', 'dist/renderer/index.html', 'resources/icon.png']) expect(unpacks(f, config.asarUnpack), f).toBe(false);
  });

  it('has no stale pattern: each one unpacks something that is packed', () => {
    const all = [...packed, ...deps.flatMap((p) => filesUnder(repoRoot, p))];
    expect(config.asarUnpack.filter((p) => !all.some((f) => unpacks(f, [p])))).toEqual([]);
  });
});

describe('targets', () => {
  const size = (file: string) => fs.readFileSync(path.join(repoRoot, file));

  it('every target has its icon, in its format and sizes', () => {
    expect(config.linux?.icon).toBeDefined();
    const png = size(config.linux!.icon!);
    expect(png.subarray(0, 8).toString('latin1')).toBe('\x89PNG\r\n\x1a\n');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);
    const ico = size(config.win!.icon!);
    expect([...ico.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    const icoSizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + 16 * i] || 256);
    expect(icoSizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
    const icns = size(config.mac!.icon!);
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    expect(icns.includes(Buffer.from('ic10'))).toBe(true); // 1024 px (512@2x)
    for (const p of ['linux', 'mac', 'win'] as const) expect(config[p]?.target?.length, p).toBeGreaterThan(0);
  });

  it('nothing is rebuilt for Electron, because every native module is Node-API (ABI-stable)', () => {
    expect(config.npmRebuild).toBe(false);
    const here = nativeFiles(repoRoot, deps).filter((f) => f.endsWith('.node') && (f.includes(`${process.platform}-${process.arch}`) || !/(darwin|win32|linux|musl)/.test(path.basename(f))));
    expect(here.length).toBeGreaterThan(0);
    for (const f of here) expect(fs.readFileSync(path.join(repoRoot, f)).includes(Buffer.from('napi_register_module_v1')), f).toBe(true);
  });

  it('"Open with Tonearm" is registered only for what Tonearm opens', () => {
    const exts = (config.fileAssociations ?? []).flatMap((a) => a.ext);
    expect(exts.length).toBeGreaterThan(0);
    expect(exts.filter((e) => !(audioExtensions as readonly string[]).includes(e))).toEqual([]);
  });
});
