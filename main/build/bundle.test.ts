// The main bundle ships every worker: each `*.worker.ts` is an entry, each built worker starts
// under plain Node from out/main and answers — and again from a packaged (asar) layout, where it
// runs from app.asar.unpacked with only the files `asarUnpack` selects beside it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../../app/catalog/index.ts';
import { fixture, type Fixture } from '../../app/library/testing/fixture.ts';
import { compute, createLookup } from '../../app/library/recommend/engine.ts';
import { writeTracks } from '../../app/testing/audio.ts';
import { tempDir } from '../../app/testing/temp.ts';
import { appPaths, unpackedUrl } from '../paths.ts';
import { builtUrl } from '../../app/prebuilt.ts';
import { makeAppLayout, repoRoot, type AppLayout } from '../testing/appLayout.ts';
import { buildMain, findWorkers } from './bundle.ts';

const NOW = Date.UTC(2025, 2, 31, 20, 30);
let plain: AppLayout;
let packaged: AppLayout;
let music: string;
let listened: Fixture;

beforeAll(async () => {
  [plain, packaged] = [await makeAppLayout(), await makeAppLayout({ asar: true })];
  music = tempDir('tonearm-bundle-music-');
  await writeTracks(music, [{ path: 'Probe/01 Probe.mp3', format: 'mp3', seconds: 1, tags: { title: 'Probe Song', artist: 'Probe Artist', album: 'Probe' } }]);
  listened = fixture(['A', 'B', 'C'].flatMap((a) => [1, 2, 3].map((n) => ({ title: `${a}${n}`, artist: `Artist ${a}`, durationMs: 180_000 }))), { now: () => NOW, tzOffsetMin: 0 });
  const [a1, a2, b1, b2] = listened.ids;
  let n = 0;
  listened.listening.history.record([a1, b1, a2, b2, a1, b2].map((trackId, i) => ({
    clientEventId: `e${n++}`, trackId: trackId ?? 0, startedAt: NOW - 86_400_000 + i * 190_000, endedAt: NOW - 86_400_000 + i * 190_000 + 180_000,
    msListened: 180_000, completed: true, source: 'queue' as const,
  })));
}, 120_000);

afterAll(async () => {
  plain?.remove();
  packaged?.remove();
  fs.rmSync(music, { recursive: true, force: true });
  await listened?.cleanup();
});

/** How to start each worker and what a right answer is. A new worker needs its probe here. */
const probes: Record<string, (file: string) => Promise<void>> = {
  'parse.worker': async (file) => {
    // The way app/scanner/parsePool.ts runs it: piscina, by URL.
    const pool = new Piscina({ filename: pathToFileURL(file).href, maxThreads: 1 });
    try {
      const song = path.join(music, 'Probe', '01 Probe.mp3');
      const st = fs.statSync(song);
      const [outcome] = await pool.run({ files: [{ path: song, size: st.size, mtimeMs: st.mtimeMs, wantCover: false }], exactDurationMaxBytes: 1 << 26 });
      expect(outcome).toMatchObject({ ok: true, track: { title: 'Probe Song', album: 'Probe' } });
    } finally {
      await pool.destroy();
    }
  },
  'recommend.worker': async (file) => {
    // The way app/library/recommend/service.ts runs it: one thread over the catalog file.
    const input = { file: path.join(listened.dir, 'library.db'), now: NOW, tzOffsetMin: 0 };
    const answer = await new Promise<unknown>((resolve, reject) => {
      const w = new Worker(file, { workerData: input });
      w.once('message', resolve);
      w.once('error', reject);
      w.once('exit', (code) => reject(new Error(`exited with ${code} before answering`)));
    });
    const catalog = openCatalog({ file: input.file, readonly: true });
    try {
      const expected = compute(createLookup(catalog.db), { now: NOW, tzOffsetMin: 0 });
      expect({ ...(answer as object), elapsedMs: 0 }).toEqual({ ...expected, elapsedMs: 0 });
      expect(expected.mixes.length).toBeGreaterThan(0);
    } finally {
      catalog.close();
    }
  },
};

describe('bundle entries', () => {
  it('every *.worker.ts is an entry, built as a sibling .mjs of index.js', () => {
    const sources = findWorkers(repoRoot).map((w) => w.source);
    expect(sources).toEqual(expect.arrayContaining(['app/scanner/parse.worker.ts', 'app/library/recommend/recommend.worker.ts']));
    expect(plain.manifest.workers.map((w) => w.source).sort()).toEqual([...sources].sort());
    for (const w of plain.manifest.workers) expect(fs.existsSync(path.join(plain.mainDir, w.file)), w.file).toBe(true);
    expect(Object.keys(probes).sort()).toEqual(plain.manifest.workers.map((w) => w.name).sort());
  });

  it('the main bundle starts workers by their built names, never by a .ts URL', () => {
    const index = fs.readFileSync(path.join(plain.mainDir, 'index.js'), 'utf8');
    expect(index).not.toMatch(/new URL\(["'][^"']+\.ts["']/);
    for (const w of plain.manifest.workers) expect(index).toContain(`new URL("./${w.file}", unpackedUrl(import.meta.url))`);
  });

  it('a run from the sources starts a worker from its bundle while that was built from the current files', () => {
    const parse = plain.manifest.workers.find((w) => w.name === 'parse.worker');
    expect(Object.keys(parse?.inputs ?? {})).toEqual(expect.arrayContaining(['app/scanner/parse.worker.ts', 'app/scanner/parseFile.ts']));
    expect(Object.keys(parse?.inputs ?? {}).some((f) => f.startsWith('node_modules/music-metadata/'))).toBe(true);
    const source = pathToFileURL(path.join(repoRoot, 'app/scanner/parse.worker.ts'));
    const manifest = path.join(plain.mainDir, 'bundle.json');
    expect(builtUrl(source, { root: repoRoot, manifest }).href).toBe(pathToFileURL(path.join(plain.mainDir, 'parse.worker.mjs')).href);
  });

  it('workers bundle their npm packages, except native ones', () => {
    const recommend = plain.manifest.workers.find((w) => w.name === 'recommend.worker');
    expect(recommend?.external).toEqual(['better-sqlite3']);
    const parse = fs.readFileSync(path.join(plain.mainDir, 'parse.worker.mjs'), 'utf8');
    expect(parse).not.toMatch(/from ["']music-metadata["']/);
  });

  for (const name of ['parse.worker', 'recommend.worker']) {
    it(`${name} starts from out/main under plain Node and answers`, async () => {
      await probes[name]!(path.join(plain.mainDir, `${name}.mjs`));
    });
    it(`${name} starts from app.asar.unpacked with only the unpacked files, and answers`, async () => {
      const file = new URL(`./${name}.mjs`, unpackedUrl(pathToFileURL(path.join(packaged.mainDir, 'index.js')))).pathname;
      expect(file.startsWith(`${packaged.unpacked}/out/main/`)).toBe(true);
      await probes[name]!(file);
    });
  }
});

describe('paths inside a packaged (asar) layout', () => {
  it('the app reads its own files from the archive and walks real folders from app.asar.unpacked', () => {
    const p = appPaths(packaged.mainDir);
    expect(p.root).toBe(packaged.app);
    expect(p.preload).toBe(path.join(packaged.app, 'out', 'main', 'preload.cjs'));
    expect(p.rendererDir).toBe(path.join(packaged.app, 'dist', 'renderer'));
    expect(p.demoDir).toBe(path.join(packaged.unpacked!, 'resources', 'demo'));
    for (const f of [p.preload, p.icon, path.join(p.rendererDir, 'index.html')]) expect(fs.existsSync(f), f).toBe(true);
    expect(fs.readdirSync(p.demoDir).length).toBeGreaterThan(0);
    // Native modules are there for the unpacked workers to load.
    expect(fs.existsSync(path.join(packaged.unpacked!, 'node_modules', 'better-sqlite3', 'package.json'))).toBe(true);
  });

  it('outside an archive every path stays where it is', () => {
    const p = appPaths(plain.mainDir);
    expect(p.demoDir).toBe(path.join(plain.app, 'resources', 'demo'));
    expect(unpackedUrl(pathToFileURL(path.join(plain.mainDir, 'index.js')))).toBe(pathToFileURL(path.join(plain.mainDir, 'index.js')).href);
  });
});

describe('the tonearm command\'s bundle', () => {
  it('is built from app/cli/main.ts with our sources inside and npm packages left to node_modules', () => {
    const { cli } = plain.manifest;
    expect(cli.source).toBe('app/cli/main.ts');
    expect(Object.keys(cli.inputs)).toEqual(expect.arrayContaining(['app/cli/main.ts', 'app/cli/commands/scan.ts', 'app/scanner/scan.ts', 'app/catalog/index.ts']));
    expect(Object.keys(cli.inputs).filter((f) => f.startsWith('node_modules/'))).toEqual([]);
    const source = pathToFileURL(path.join(repoRoot, cli.source));
    expect(builtUrl(source, { root: repoRoot, manifest: path.join(plain.mainDir, 'bundle.json') }).href).toBe(pathToFileURL(path.join(plain.mainDir, cli.file)).href);
    // Each command in its own chunk, and no chunk starts a worker from a .ts URL.
    const chunks = fs.readdirSync(plain.mainDir).filter((f) => /^cli-.*\.mjs$/.test(f));
    expect(chunks.some((f) => f.startsWith('cli-scan-'))).toBe(true);
    for (const f of chunks) expect(fs.readFileSync(path.join(plain.mainDir, f), 'utf8'), f).not.toMatch(/new URL\(["'][^"']+\.ts["']/);
  });

  it('scans a folder from out/main under plain Node, its tag reader the built worker', () => {
    const db = path.join(tempDir('tonearm-bundle-cli-'), 'catalog.db');
    const run = `const { main } = await import(${JSON.stringify(pathToFileURL(path.join(plain.mainDir, plain.manifest.cli.file)).href)});
      process.exitCode = await main(process.argv.slice(1));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', run, 'scan', music, '--db', db, '--json', '--threads', '1'], { encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/Error|tonearm:/);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '')).toMatchObject({ tracks: 1, added: 1, errors: 0 });
    const catalog = openCatalog({ file: db, readonly: true });
    try {
      expect(catalog.db.prepare('SELECT title FROM tracks').all()).toEqual([{ title: 'Probe Song' }]);
    } finally {
      catalog.close();
      fs.rmSync(path.dirname(db), { recursive: true, force: true });
    }
  });
});

describe('the build refuses what would not ship', () => {
  it('a worker started from a .ts URL that is not a *.worker.ts entry fails the build, naming the file', async () => {
    const root = tempDir('tonearm-badbuild-');
    try {
      fs.mkdirSync(path.join(root, 'main'), { recursive: true });
      fs.copyFileSync(path.join(repoRoot, 'main', 'paths.ts'), path.join(root, 'main', 'paths.ts'));
      fs.writeFileSync(path.join(root, 'main', 'preload.ts'), 'export {};\n');
      fs.writeFileSync(path.join(root, 'main', 'helper.ts'), 'export const x = 1;\n');
      fs.writeFileSync(path.join(root, 'main', 'index.ts'), "import { Worker } from 'node:worker_threads';\nnew Worker(new URL('./helper.ts', import.meta.url));\n");
      await expect(buildMain({ root, log: false })).rejects.toThrow(/main\/index\.ts: new URL\('\.\/helper\.ts'.*\*\.worker\.ts/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
