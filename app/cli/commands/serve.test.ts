// `tonearm serve` and `tonearm search` as a user runs them: real processes, real files.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, type SearchResult } from '../../contract/index.ts';
import { writeTracks } from '../../testing/audio.ts';
import { scanIdle } from '../../testing/scanIdle.ts';
import { tempDir } from '../../testing/temp.ts';
import { indexFileFor } from '../../search/index.ts';

const cli = path.resolve(import.meta.dirname, '../main.ts');
let dir: string;

beforeAll(async () => {
  dir = tempDir();
  await writeTracks(path.join(dir, 'music'), [
    { path: 'Sigur Rós/Ágætis byrjun/01 Svefn.flac', format: 'flac', tags: { title: 'Svefn-g-englar', artist: 'Sigur Rós', album: 'Ágætis byrjun' } },
    { path: 'Beatles/Help/01 Yesterday.mp3', format: 'mp3', tags: { title: 'Yesterday', artist: 'The Beatles', album: 'Help!' } },
  ]);
}, 60_000);

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

it('serve prints the URL with the secret, scans, answers, and shuts down cleanly on SIGTERM', async () => {
  const db = path.join(dir, 'data', 'library.db');
  const child = spawn(process.execPath, [cli, 'serve', '--library', path.join(dir, 'music'), '--db', db, '--port', '0'], {
    env: { ...process.env, TONEARM_TOKEN: 'cli-secret', XDG_DATA_HOME: path.join(dir, 'xdg') }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  const lines = readline.createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=cli-secret$/);
  const base = new URL(url).origin;
  const headers = { Authorization: 'Bearer cli-secret' };
  const deadline = Date.now() + 20_000;
  let total = 0;
  while (total < 2 && Date.now() < deadline) {
    total = ((await (await fetch(base + api.tracks(), { headers })).json()) as { total: number }).total;
    if (total < 2) await new Promise((r) => setTimeout(r, 100));
  }
  expect(total).toBe(2);
  await scanIdle(base, headers); // the index follows when the scan's result is applied
  const found = (await (await fetch(`${base}${api.search()}?q=sigur%20ros`, { headers })).json()) as SearchResult;
  expect(found.tracks.map((t) => t.title)).toEqual(['Svefn-g-englar']);

  const code = await new Promise<number | null>((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  expect(code, stderr).toBe(0);
  expect(fs.existsSync(indexFileFor(db))).toBe(true);
}, 60_000);

it('search prints grouped results, and with --json the last line is one JSON object', () => {
  const db = path.join(dir, 'data', 'library.db');
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, 'search', ...args], { encoding: 'utf8' });
  const human = run('yesterdya', '--db', db);
  expect(human.status, human.stderr).toBe(0);
  expect(human.stdout).toMatch(/tracks \(1\)\n {2}Yesterday — The Beatles/);

  const json = run('agaetis', '--db', db, '--json', '--limit', '5');
  expect(json.status, json.stderr).toBe(0);
  const last = json.stdout.trim().split('\n').at(-1) ?? '';
  const result = JSON.parse(last) as SearchResult;
  expect(result.albums.map((a) => a.title)).toEqual(['Ágætis byrjun']);
  expect(result).toMatchObject({ tracks: expect.any(Array), artists: expect.any(Array), elapsedMs: expect.any(Number) });

  const missing = run('x', '--db', path.join(dir, 'nope.db'));
  expect(missing.status).toBe(2);
  expect(missing.stderr).toMatch(/no catalog/);
  expect(run('--db', db).status).toBe(2);
});
