// The built renderer at `/`: static files, SPA fallback, and /api staying JSON.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openCatalog, type Catalog } from '../catalog/index.ts';
import { createQueries } from '../catalog/queries/index.ts';
import type { ScanProgress } from '../contract/index.ts';
import { openSearchIndex } from '../search/index.ts';
import { tempDir } from '../testing/temp.ts';
import { createApiApp } from './app.ts';
import type { LibraryControl } from '../scanner/library.ts';

let dir: string;
let catalog: Catalog;
let server: http.Server;
let base: string;

const idle: ScanProgress = { running: false, phase: 'idle', found: 0, parsed: 0, errors: 0, rate: 0, currentPath: null, startedAt: null, last: null, notice: null };
const library: LibraryControl = {
  folders: () => [], setFolders: async (f) => [...f], rescan: () => {}, progress: () => idle, subscribe: () => () => {}, demoDir: () => undefined,
};

beforeAll(async () => {
  dir = tempDir();
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Tonearm UI</title><script src="/assets/app-1234.js"></script>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app-1234.js'), 'console.log("ui")');
  catalog = openCatalog({ file: path.join(dir, 'library.db') });
  const queries = createQueries(catalog);
  const search = openSearchIndex({ documents: queries.searchDocuments });
  const { app } = createApiApp({ catalog, queries, coverDir: path.join(dir, 'covers'), token: 't0ken', library, search, rendererDir });
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  catalog.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('serves index.html at / and for client-side routes', async () => {
  for (const p of ['/', '/albums/12', '/artists', '/search?q=x']) {
    const res = await fetch(base + p);
    expect(res.status, p).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('Tonearm UI');
    // The same policy as in the desktop shell: no inline or foreign scripts, no framing.
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
  }
});

it('serves hashed assets as immutable', async () => {
  const res = await fetch(`${base}/assets/app-1234.js`);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toContain('immutable');
  expect(await res.text()).toContain('console.log');
});

it('keeps unknown /api paths as 404 JSON, never index.html', async () => {
  const res = await fetch(`${base}/api/nope`, { headers: { Authorization: 'Bearer t0ken' } });
  expect(res.status).toBe(404);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
});

it('answers an empty library', async () => {
  const res = await fetch(`${base}/api/tracks`, { headers: { Authorization: 'Bearer t0ken' } });
  expect(await res.json()).toEqual({ items: [], total: 0, offset: 0, limit: 100 });
  const search = await fetch(`${base}/api/search?q=anything`, { headers: { Authorization: 'Bearer t0ken' } });
  expect(await search.json()).toMatchObject({ tracks: [], albums: [], artists: [] });
});
