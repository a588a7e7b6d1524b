// Measurements the search benchmark takes in fresh processes, where nothing is warm: opening the
// persisted index and the first searches after it, and a real `tonearm serve` on the catalog
// (resident memory after start, its peak, the first searches over HTTP).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

export interface FirstSearch {
  loadMs: number;
  /** Wall times of the queries, in order, right after the load. */
  searchesMs: number[];
}

/** Opens `db`'s persisted index in a new process and times the first searches. */
export async function firstSearches(db: string, queries: readonly string[]): Promise<FirstSearch> {
  const script = `
    import { openCatalog } from ${JSON.stringify(path.join(repoRoot, 'app/catalog/index.ts'))};
    import { createQueries } from ${JSON.stringify(path.join(repoRoot, 'app/catalog/queries/index.ts'))};
    import { indexFileFor, openSearchIndex } from ${JSON.stringify(path.join(repoRoot, 'app/search/index.ts'))};
    const catalog = openCatalog({ file: ${JSON.stringify(db)} });
    const queries = createQueries(catalog);
    let t = performance.now();
    const index = openSearchIndex({ documents: queries.searchDocuments, file: indexFileFor(${JSON.stringify(db)}) });
    const loadMs = performance.now() - t;
    if (index.origin !== 'loaded') throw new Error('the index was not loaded');
    const searchesMs = [];
    for (const q of ${JSON.stringify(queries)}) {
      t = performance.now();
      index.search(q, 20);
      searchesMs.push(performance.now() - t);
    }
    console.log(JSON.stringify({ loadMs, searchesMs }));`;
  const out = await run(process.execPath, ['--input-type=module', '-e', script]);
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as FirstSearch;
}

export interface ServeProbe {
  /** Resident memory once started and idle, its peak so far, and after the searches (MB). */
  rssMB: number;
  peakMB: number;
  rssAfterSearchMB: number;
  startMs: number;
  /** Wall times of GET /api/search for the queries, in order (the first is the first search). */
  searchesMs: number[];
  /** The server's own time for each (the result's elapsedMs: index and rows, without HTTP). */
  serverMs: number[];
}

/** Starts `tonearm serve` on a copy of `db` (with `index` beside it when given) and measures it. */
export async function probeServe(db: string, index: string | null, queries: readonly string[]): Promise<ServeProbe> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tonearm-bench-serve-'));
  const copy = path.join(dir, 'library.db');
  fs.copyFileSync(db, copy);
  if (index) fs.copyFileSync(index, `${copy}.search.idx`);
  const token = 'bench-token-0123456789';
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(repoRoot, 'app/cli/main.ts'), 'serve', '--db', copy, '--port', '0', '--token', token], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  try {
    // serve prints its URL (with the port it was given by the OS) once it listens.
    let base = '';
    while (!(base = /http:\/\/127\.0\.0\.1:\d+/.exec(output)?.[0] ?? '')) {
      if (child.exitCode !== null) throw new Error(`tonearm serve exited: ${output}`);
      if (performance.now() - started > 120_000) throw new Error('tonearm serve did not start');
      await new Promise((r) => setTimeout(r, 20));
    }
    const startMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, 3000)); // settled: whatever start-up does in the background
    const status = () => fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = (text: string, key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(text)?.[1] ?? 0) / 1024;
    const first = status();
    const searchesMs: number[] = [];
    const serverMs: number[] = [];
    for (const q of queries) {
      const t = performance.now();
      const res = await fetch(`${base}/api/search?q=${encodeURIComponent(q)}&limit=20`, { headers: { Authorization: `Bearer ${token}` } });
      const body = (await res.json()) as { elapsedMs?: number };
      searchesMs.push(performance.now() - t);
      serverMs.push(body.elapsedMs ?? Number.NaN);
    }
    const after = status();
    return { rssMB: kb(first, 'VmRSS'), peakMB: kb(after, 'VmHWM'), rssAfterSearchMB: kb(after, 'VmRSS'), startMs, searchesMs, serverMs };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} failed: ${err}`))));
  });
}
