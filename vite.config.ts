// Vite build of the renderer (root renderer/, output dist/renderer) and, through `test`, the
// vitest config for the whole repository (app/, sync-server/, main/ and renderer/ unit tests).
import { createHash } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { build as esbuild } from 'esbuild';

const repo = fileURLToPath(new URL('.', import.meta.url));
// `npm run dev` proxies /api to a running `tonearm serve` (default port 4533). Start it with a known
// secret and pass the same one here: `tonearm serve --token dev` + `TONEARM_TOKEN=dev npm run dev`.
const apiTarget = process.env.TONEARM_API ?? 'http://127.0.0.1:4533';
const apiProxy = {
  target: apiTarget,
  // The server answers only to its own Host/Origin (DNS-rebinding guard): present ourselves as it.
  changeOrigin: true,
  headers: {
    origin: apiTarget,
    ...(process.env.TONEARM_TOKEN ? { authorization: `Bearer ${process.env.TONEARM_TOKEN}` } : {}),
  },
};

// The remote player's service worker (renderer/sw.ts) → dist/renderer/sw.js: one classic script at
// the root (its scope is the whole app), bundled by esbuild after Vite wrote the app, with the list
// of built files to precache (__SHELL__) and a build id that names the shell cache (__BUILD__).
function serviceWorker(): Plugin {
  let outDir = '';
  return {
    name: 'tonearm-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async writeBundle(_options, bundle) {
      const shell = Object.keys(bundle).filter((f) => !f.endsWith('.map') && f !== 'index.html').sort();
      const buildId = createHash('sha256').update(shell.join('\n')).digest('hex').slice(0, 12);
      await esbuild({
        entryPoints: [`${repo}renderer/sw.ts`],
        outfile: `${outDir}/sw.js`,
        bundle: true,
        format: 'iife',
        target: 'es2022',
        minify: true,
        logLevel: 'warning',
        define: { __SHELL__: JSON.stringify(shell), __BUILD__: JSON.stringify(buildId) },
      });
    },
  };
}

// The contract as the renderer's bundle sees it (`virtual:tonearm-contract`, typed and re-exported
// by renderer/api/contract.ts): every route table of app/contract reduced to each route's method
// and path, and its plain constants (strings, numbers, arrays of them), read from the contract
// itself in Node at build time. The typed client needs no more at run time, so the zod schemas
// stay on the servers and zod stays out of the bundle (~110 kB of 634).
function contractForBrowser(): Plugin {
  const id = 'virtual:tonearm-contract';
  return {
    name: 'tonearm-contract',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    async load(resolved) {
      if (resolved !== `\0${id}`) return undefined;
      const contract = (await import(pathToFileURL(`${repo}app/contract/index.ts`).href)) as Record<string, unknown>;
      const isRoute = (v: unknown): v is { method: string; path: string } =>
        typeof v === 'object' && v !== null && typeof (v as { method?: unknown }).method === 'string' && typeof (v as { path?: unknown }).path === 'string';
      const plain = (v: unknown): boolean => ['string', 'number', 'boolean'].includes(typeof v) || (Array.isArray(v) && v.every(plain));
      // One export each, so the bundle keeps only the tables and constants the renderer imports.
      const lines: string[] = [];
      for (const [name, value] of Object.entries(contract)) {
        if (plain(value)) lines.push(`export const ${name} = ${JSON.stringify(value)};`);
        else if (typeof value === 'object' && value !== null && Object.values(value).length > 0 && Object.values(value).every(isRoute)) {
          const table = Object.fromEntries(Object.entries(value).map(([k, r]) => [k, { method: r.method, path: r.path }]));
          lines.push(`export const ${name} = ${JSON.stringify(table)};`);
        }
      }
      return `${lines.join('\n')}\n`;
    },
  };
}

export default defineConfig({
  root: `${repo}renderer`,
  base: './',
  plugins: [react(), contractForBrowser(), serviceWorker()],
  build: {
    outDir: `${repo}dist/renderer`,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    port: 5173,
    proxy: { '/api': apiProxy },
  },
  preview: {
    proxy: { '/api': apiProxy },
  },
  test: {
    root: repo,
    include: ['app/**/*.test.ts', 'sync-server/**/*.test.ts', 'main/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}'],
    exclude: ['e2e/**', 'node_modules/**', 'dist/**', '.tools/**'],
    testTimeout: 30000,
    // Hooks start and stop real servers (s3rver, SQLite, workers), which takes longer on a loaded machine.
    hookTimeout: 60000,
    pool: 'forks',
  },
});
