// Bundles Electron's main process and preload into out/main/ (esbuild):
//   out/main/index.js         main, ESM; app/ bundled in, npm packages and electron external
//   out/main/parse.worker.js  the scanner's worker thread (piscina loads it by URL)
//   out/main/preload.cjs      the sandboxed preload: CommonJS, only `electron` external
// `npm run build:main`; `npm test` runs it so CI checks that main and the preload bundle.
import fs from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const outdir = path.join(root, 'out', 'main');

// app/scanner starts its worker thread from `new URL('./parse.worker.ts', import.meta.url)`; in
// the bundle the worker is the sibling parse.worker.js.
const workerPattern = "new URL('./parse.worker.ts', import.meta.url)";
let workerUrls = 0;
const workerUrl: Plugin = {
  name: 'tonearm-worker-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]app[\\/]scanner[\\/][^\\/]+\.ts$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      if (!source.includes(workerPattern)) return undefined;
      workerUrls++;
      return { contents: source.replaceAll(workerPattern, "new URL('./parse.worker.js', import.meta.url)"), loader: 'ts' };
    });
  },
};

fs.rmSync(outdir, { recursive: true, force: true });
const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning', absWorkingDir: root } as const;
await build({
  ...common,
  entryPoints: { index: 'main/index.ts', 'parse.worker': 'app/scanner/parse.worker.ts' },
  outdir,
  format: 'esm',
  outExtension: { '.js': '.js' },
  packages: 'external', // production dependencies ship in node_modules (native ones unpacked from asar)
  plugins: [workerUrl],
});
if (workerUrls === 0) throw new Error(`no module in app/scanner has ${workerPattern} any more: update scripts/build-main.ts`);
await build({
  ...common,
  entryPoints: { preload: 'main/preload.ts' },
  outdir,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  external: ['electron'],
});
// A sandboxed preload can require only `electron`: fail the build if anything else slipped in.
const preload = fs.readFileSync(path.join(outdir, 'preload.cjs'), 'utf8');
const required = [...preload.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]).filter((m) => m !== 'electron');
if (required.length > 0) throw new Error(`the preload requires ${required.join(', ')}; a sandboxed preload may require only electron`);
console.log(`built ${path.relative(root, outdir)}/{index.js,parse.worker.js,preload.cjs}`);
