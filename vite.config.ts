// Vite build of the renderer (root renderer/, output dist/renderer) and, through `test`, the
// vitest config for the whole repository (app/, sync-server/, main/ and renderer/ unit tests).
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
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

export default defineConfig({
  root: `${repo}renderer`,
  base: './',
  plugins: [react(), serviceWorker()],
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
    pool: 'forks',
  },
});
