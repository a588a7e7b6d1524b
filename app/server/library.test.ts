// Library control over HTTP with the real scanner and watcher: folders, forgetting, demo, rescan
// progress over server-sent events, and search kept current incrementally.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Folder, type LibraryFolders, type LibraryStats, type ScanProgress, type SearchResult } from '../contract/index.ts';
import { writeTracks } from '../testing/audio.ts';
import { tempDir, until } from '../testing/temp.ts';
import { indexFileFor } from '../search/index.ts';
import { scanIdle } from '../testing/scanIdle.ts';
import { startServer, type RunningServer } from './start.ts';

const token = 'library-test-secret';
const auth = { Authorization: `Bearer ${token}` };
let dir: string;
let server: RunningServer;
let base: string;
const folder = (name: string) => path.join(dir, name);

async function get<T>(p: string): Promise<T> {
  const res = await fetch(base + p, { headers: auth });
  if (res.status !== 200) throw new Error(`${p} → ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}
const send = (method: string, p: string, body?: unknown) =>
  fetch(base + p, { method, headers: { ...auth, 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

let stats: LibraryStats = { tracks: 0, albums: 0, artists: 0, genres: 0, durationMs: 0, bytes: 0, errors: 0 };
async function tracksBecome(n: number): Promise<void> {
  await until(() => stats.tracks === n, `the library to hold ${n} tracks (has ${stats.tracks})`, 20_000);
}
let poller: NodeJS.Timeout | undefined;

beforeAll(async () => {
  dir = tempDir();
  await writeTracks(folder('a'), [
    { path: 'Alpha/One/01 Aardvark.mp3', format: 'mp3', tags: { title: 'Aardvark Song', artist: 'Alpha Band', album: 'One' } },
    { path: 'Alpha/One/02 Anteater.mp3', format: 'mp3', tags: { title: 'Anteater Song', artist: 'Alpha Band', album: 'One' } },
  ]);
  await writeTracks(folder('b'), [{ path: 'Beta/Two/01 Bison.ogg', format: 'ogg', tags: { title: 'Bison Song', artist: 'Beta Group', album: 'Two' } }]);
  await writeTracks(folder('demo'), [{ path: 'Demo/01 Tone.flac', format: 'flac', tags: { title: 'Demo Tone', artist: 'Tonearm', album: 'Demo' } }]);
  server = await startServer({ db: folder('data/library.db'), libraries: [folder('a')], port: 0, token, demoDir: folder('demo'), log: () => {} });
  base = `http://127.0.0.1:${server.port}`;
  await server.scanned;
  poller = setInterval(() => { void get<LibraryStats>(api.stats()).then((s) => { stats = s; }, () => {}); }, 100);
}, 120_000);

afterAll(async () => {
  if (poller) clearInterval(poller);
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('library control', () => {
  it('stores the --library folders and scans them', async () => {
    expect(await get<LibraryFolders>(api.libraryFolders())).toEqual({ folders: [folder('a')] });
    await tracksBecome(2);
  });

  it('streams scan progress: the current state first, then a rescan to done', async () => {
    const res = await fetch(base + api.scanEvents(), { headers: auth });
    const reader = res.body?.getReader();
    const events: ScanProgress[] = [];
    let buffer = '';
    const collect = async (done: (p: ScanProgress) => boolean) => {
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) return;
        buffer += new TextDecoder().decode(chunk.value);
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data) {
            const p = JSON.parse(data) as ScanProgress;
            events.push(p);
            if (done(p)) return;
          }
        }
      }
    };
    await collect(() => true);
    expect(events[0]).toMatchObject({ running: false, last: { tracks: 2 } });
    expect((await send('POST', api.rescan())).status).toBe(202);
    await collect((p) => p.phase === 'done' && events.some((e) => e.running));
    await reader?.cancel();
    expect(events.some((e) => e.running)).toBe(true);
    expect(events.at(-1)).toMatchObject({ running: false, phase: 'done', last: { tracks: 2, added: 0, removed: 0, unchanged: 2 } });
  }, 30_000);

  it('adds a folder: scanned, searchable', async () => {
    const res = await send('PUT', api.libraryFolders(), { folders: [folder('a'), folder('b')] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ folders: [folder('a'), folder('b')] });
    await tracksBecome(3);
    await scanIdle(base, auth); // the index follows when the scan's result is applied
    const found = await get<SearchResult>(`${api.search()}?q=bison`);
    expect(found.tracks.map((t) => t.title)).toEqual(['Bison Song']);
  }, 30_000);

  it('picks up new files while watching and indexes them for search', async () => {
    await writeTracks(folder('b'), [{ path: 'Beta/Two/02 Buffalo.ogg', format: 'ogg', tags: { title: 'Buffalo Song', artist: 'Beta Group', album: 'Two' } }]);
    await tracksBecome(4);
    await scanIdle(base, auth);
    const found = await get<SearchResult>(`${api.search()}?q=bufalo`);
    expect(found.tracks.map((t) => t.title)).toEqual(['Buffalo Song']);
  }, 30_000);

  it('removes a folder: its tracks, albums and search entries are forgotten', async () => {
    const res = await send('PUT', api.libraryFolders(), { folders: [folder('b')] });
    expect(res.status).toBe(200);
    await tracksBecome(2);
    expect((await get<Folder[]>(api.folders())).map((f) => f.path)).toEqual([folder('b')]);
    const gone = await get<SearchResult>(`${api.search()}?q=aardvark`);
    expect(gone).toMatchObject({ tracks: [], albums: [], artists: [] });
    expect((await get<SearchResult>(`${api.search()}?q=alpha`)).artists).toEqual([]);
  }, 30_000);

  it('adds the demo library', async () => {
    const res = await send('POST', api.demo());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ folders: [folder('b'), folder('demo')] });
    await tracksBecome(3);
    // The catalog is written before the scan ends; the search index follows once it has.
    let found: string[] = [];
    for (let i = 0; i < 200 && found.length === 0; i++) {
      found = (await get<SearchResult>(`${api.search()}?q=demo tone`)).tracks.map((t) => t.title);
      if (found.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(found).toEqual(['Demo Tone']);
  }, 30_000);

  it('persists the search index on close and reloads it on the next start', async () => {
    await server.close();
    const file = indexFileFor(folder('data/library.db'));
    expect(fs.existsSync(file)).toBe(true);
    server = await startServer({ db: folder('data/library.db'), port: 0, token, scan: false, log: () => {} });
    base = `http://127.0.0.1:${server.port}`;
    expect(await get<LibraryFolders>(api.libraryFolders())).toEqual({ folders: [folder('b'), folder('demo')] });
    expect((await get<SearchResult>(`${api.search()}?q=bufalo`)).tracks.map((t) => t.title)).toEqual(['Buffalo Song']);
  }, 30_000);

  it('replaces the stored folders with --library folders on start, forgetting the others', async () => {
    await server.close();
    server = await startServer({ db: folder('data/library.db'), libraries: [folder('b')], port: 0, token, log: () => {} });
    base = `http://127.0.0.1:${server.port}`;
    await server.scanned;
    expect(await get<LibraryFolders>(api.libraryFolders())).toEqual({ folders: [folder('b')] });
    expect((await get<LibraryStats>(api.stats())).tracks).toBe(2);
    expect((await get<SearchResult>(`${api.search()}?q=demo`)).tracks).toEqual([]);
  }, 30_000);
});
