// Vite build of the renderer (root renderer/, output dist/renderer) and, through `test`, the
// vitest config for the whole repository (app/, sync-server/, main/ and renderer/ unit tests).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

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

export default defineConfig({
  root: `${repo}renderer`,
  base: './',
  plugins: [react()],
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
