// File names that are not UTF-8 (Latin-1 rips, invalid byte sequences): indexed, shown readably,
// searchable, streamable with their exact bytes, and followed in watch mode — through a real server.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Folder, type FolderDetail, type Page, type ScanProgress, type SearchResult, type Track } from '../contract/index.ts';
import { tempDir } from '../testing/temp.ts';
import { writeImage, writeTracks } from '../testing/audio.ts';
import { startServer, type RunningServer } from './start.ts';

const token = 'test-secret-bytes-0123456789';
const bytes = (s: string): Buffer => Buffer.from(s, 'latin1'); // each char is one byte

describe('paths as bytes', () => {
  let dir: string;
  let music: string;
  let server: RunningServer;
  let base: string;
  const get = (p: string, headers: Record<string, string> = {}) => fetch(base + p, { headers: { Authorization: `Bearer ${token}`, ...headers } });
  const json = async <T>(p: string): Promise<T> => (await get(p)).json() as Promise<T>;
  const tracks = async () => (await json<Page<Track>>(`${api.tracks()}?limit=100&sort=title`)).items;
  /** Moves a generated file to a path given as raw bytes (relative to music). */
  const place = (from: string, to: Buffer): void => {
    fs.mkdirSync(Buffer.concat([bytes(music + '/'), to.subarray(0, to.lastIndexOf(0x2f))]), { recursive: true });
    fs.renameSync(path.join(dir, 'staging', from), Buffer.concat([bytes(music + '/'), to]));
  };

  beforeAll(async () => {
    dir = tempDir('tonearm-bytes-');
    music = path.join(dir, 'music');
    fs.mkdirSync(music);
    await writeTracks(path.join(dir, 'staging'), [
      { path: 'a.mp3', format: 'mp3', frequency: 400 },
      { path: 'b.flac', format: 'flac', frequency: 500, tags: { title: 'Tagged Bytes', artist: 'Byte Artist', album: 'Byte Album' } },
      { path: 'c.ogg', format: 'ogg', frequency: 600 },
      { path: 'd.mp3', format: 'mp3', frequency: 700 },
    ]);
    place('a.mp3', bytes('Caf\xe9 Classics/01 Caf\xe9 M\xfcller.mp3')); // Latin-1 folder and file
    place('b.flac', bytes('Odd/\xff\xfe\xc3(broken).flac')); // not UTF-8 at all
    await writeImage(path.join(dir, 'staging', 'cover.jpg'), { color: 'teal' });
    place('cover.jpg', bytes('Caf\xe9 Classics/cover.jpg'));
    server = await startServer({
      db: path.join(dir, 'data', 'library.db'), libraries: [music], port: 0, token, rendererDir: path.join(dir, 'none'),
      demoDir: path.join(dir, 'none'), log: () => {},
    });
    base = `http://127.0.0.1:${server.port}`;
    await server.scanned;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('indexes every file and shows names readably (Latin-1 as such, never U+FFFD)', async () => {
    const list = await tracks();
    // Untagged: the file name without its track-number prefix.
    expect(list.map((t) => t.title)).toEqual(['Café Müller', 'Tagged Bytes']);
    expect(list[0]?.album).toBe('Café Classics');
    expect(list[0]?.coverId).not.toBeNull();
    const errors = await json<Page<unknown>>(api.scanErrors());
    expect(errors.total).toBe(0);
  });

  it('finds them by search, accents folded', async () => {
    const r = await json<SearchResult>(`${api.search()}?q=${encodeURIComponent('cafe muller')}`);
    expect(r.tracks.map((t) => t.title)).toEqual(['Café Müller']);
  });

  it('streams the exact bytes, ranges included', async () => {
    for (const [t, file] of [[0, 'Caf\xe9 Classics/01 Caf\xe9 M\xfcller.mp3'], [1, 'Odd/\xff\xfe\xc3(broken).flac']] as const) {
      const track = (await tracks())[t];
      const expected = fs.readFileSync(Buffer.concat([bytes(music + '/'), bytes(file)]));
      const whole = await get(api.stream(track?.id ?? 0));
      expect(whole.status).toBe(200);
      expect(Buffer.from(await whole.arrayBuffer()).equals(expected)).toBe(true);
      const part = await get(api.stream(track?.id ?? 0), { Range: 'bytes=10-99' });
      expect(part.status).toBe(206);
      expect(Buffer.from(await part.arrayBuffer()).equals(expected.subarray(10, 100))).toBe(true);
    }
  });

  it('exports them to M3U as their exact bytes, and imports that file back by path', async () => {
    const send = (method: string, p: string, body: string | Buffer, type = 'application/json') =>
      fetch(base + p, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': type }, body });
    const list = await tracks();
    const created = await (await send('POST', '/api/playlists', JSON.stringify({ name: 'Bytes' }))).json() as { id: number };
    expect((await send('POST', `/api/playlists/${created.id}/entries`, JSON.stringify({ key: 'k1', trackIds: list.map((t) => t.id) }))).status).toBe(201);
    const exported = Buffer.from(await (await get(`/api/playlists/${created.id}/export?format=m3u8`)).arrayBuffer());
    for (const file of ['Caf\xe9 Classics/01 Caf\xe9 M\xfcller.mp3', 'Odd/\xff\xfe\xc3(broken).flac']) {
      expect(exported.includes(Buffer.concat([bytes(`\n${music}/`), bytes(file), bytes('\n')])), file).toBe(true);
    }
    const imported = await (await send('POST', '/api/playlists/import?name=Back', exported, 'audio/x-mpegurl')).json() as { matchedByPath: number; unmatched: unknown[] };
    expect(imported).toMatchObject({ matchedByPath: 2, unmatched: [] });
  });

  it('shows folders with a readable decoding', async () => {
    const [root] = await json<Folder[]>(api.folders());
    const detail = await json<FolderDetail>(api.folder(root?.id ?? 0));
    expect(detail.folders.map((f) => f.name).sort()).toEqual(['Café Classics', 'Odd']);
  });

  it('keeps them unchanged on a rescan', async () => {
    const before = (await tracks()).map((t) => t.id);
    const events = await get(api.scanEvents());
    const reader = events.body?.getReader();
    await fetch(base + api.rescan(), { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    let text = '';
    let finished: ScanProgress | undefined;
    while (!finished && reader) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString('utf8');
      const seen = [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1] ?? '{}') as ScanProgress);
      const started = seen.findIndex((p) => p.running);
      finished = started < 0 ? undefined : seen.slice(started).find((p) => p.phase === 'done');
    }
    await reader?.cancel();
    expect(finished?.last).toMatchObject({ unchanged: 2, added: 0, updated: 0, removed: 0, errors: 0 });
    expect((await tracks()).map((t) => t.id)).toEqual(before);
  });

  it('follows new files with such names in watch mode, in known and new folders', async () => {
    place('c.ogg', bytes('Caf\xe9 Classics/02 Cr\xe8me.ogg'));
    place('d.mp3', bytes('N\xe9w \xff Folder/01 Z\xfcrich.mp3'));
    let titles: string[] = [];
    for (let i = 0; i < 200 && titles.length < 4; i++) {
      titles = (await tracks()).map((t) => t.title);
      if (titles.length < 4) await new Promise((r) => setTimeout(r, 100));
    }
    expect(titles).toEqual(['Café Müller', 'Crème', 'Tagged Bytes', 'Zürich']);
  });
});
