// A real library server for the HTTP tests: the given tracks written by ffmpeg into a temp dir,
// scanned by the real scanner into SQLite, served by `startServer` on 127.0.0.1:0, and the requests
// the tests make (fetch, or node:http for paths fetch would normalize). `useLibraryServer` registers
// beforeAll/afterAll in the calling file or describe block; its fields are set once beforeAll ran.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { api, type Page, type Track } from '../../contract/index.ts';
import { writeTracks, type ToneSpec } from '../../testing/audio.ts';
import { tempDir } from '../../testing/temp.ts';
import { startServer, type RunningServer } from '../start.ts';

export interface RawResponse {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

export interface LibraryServer {
  /** The temp dir (removed after the tests); the library folder `music` is inside it. */
  readonly dir: string;
  readonly music: string;
  readonly server: RunningServer;
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  /** Every track, as the API listed them after the first scan. */
  readonly tracks: Track[];
  /** The Authorization header with the server's secret. */
  readonly auth: Record<string, string>;
  get(p: string, headers?: Record<string, string>): Promise<Response>;
  /** GET, expecting 200, the body parsed. */
  json<T>(p: string): Promise<T>;
  /** A request with a JSON body (a string is sent as it is); no body when `body` is undefined. */
  send(method: string, p: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** A GET with the path sent exactly as written (fetch would normalize `..` and `%2e%2e`). */
  raw(p: string, headers?: Record<string, string>): Promise<RawResponse>;
  byTitle(title: string): Track;
  /** Closes the server and starts it again on the same database (scanned again). */
  restart(): Promise<void>;
}

export function useLibraryServer(options: { token: string; specs: readonly ToneSpec[] }): LibraryServer {
  const auth = { Authorization: `Bearer ${options.token}` };
  const state = { dir: '', music: '', base: '', server: undefined as RunningServer | undefined, tracks: [] as Track[] };

  async function start(): Promise<void> {
    const server = await startServer({
      db: path.join(state.dir, 'data', 'library.db'), libraries: [state.music], port: 0, token: options.token,
      rendererDir: path.join(state.dir, 'no-renderer'), demoDir: path.join(state.dir, 'no-demo'), log: () => {},
    });
    state.server = server;
    state.base = `http://127.0.0.1:${server.port}`;
    await server.scanned;
  }

  const h: LibraryServer = {
    get dir() { return state.dir; },
    get music() { return state.music; },
    get base() { return state.base; },
    get tracks() { return state.tracks; },
    get server() {
      if (!state.server) throw new Error('the library server is not started (use its fields inside tests)');
      return state.server;
    },
    auth,
    get: (p, headers = auth) => fetch(state.base + p, { headers }),
    async json<T>(p: string): Promise<T> {
      const res = await h.get(p);
      expect(res.status, `${p} → ${res.status}`).toBe(200);
      return (await res.json()) as T;
    },
    send: (method, p, body, headers = auth) => fetch(state.base + p, {
      method,
      headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    }),
    raw(p, headers = auth) {
      const url = new URL(state.base);
      return new Promise((resolve, reject) => {
        const req = http.request({ host: url.hostname, port: url.port, path: p, method: 'GET', headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
        });
        req.on('error', reject);
        req.end();
      });
    },
    byTitle(title) {
      const t = state.tracks.find((x) => x.title === title);
      if (!t) throw new Error(`no track ${title}`);
      return t;
    },
    async restart() {
      await state.server?.close();
      await start();
    },
  };

  beforeAll(async () => {
    state.dir = tempDir();
    state.music = path.join(state.dir, 'music');
    await writeTracks(state.music, options.specs);
    await start();
    state.tracks = (await h.json<Page<Track>>(`${api.tracks()}?limit=100`)).items;
  }, 120_000);

  afterAll(async () => {
    await state.server?.close();
    if (state.dir) fs.rmSync(state.dir, { recursive: true, force: true });
  });

  return h;
}

/** Nine tracks, one of each container the library serves, on three albums (one a compilation). */
export const mixedContainers: readonly ToneSpec[] = [
  { path: 'Beatles/Abbey Road/01 Come Together.mp3', format: 'mp3', cover: 'red', tags: { title: 'Come Together', artist: 'The Beatles', album: 'Abbey Road', album_artist: 'The Beatles', track: '1/3', date: '1969', genre: 'Rock' } },
  { path: 'Beatles/Abbey Road/02 Something.flac', format: 'flac', tags: { title: 'Something', artist: 'The Beatles', album: 'Abbey Road', album_artist: 'The Beatles', track: '2/3', date: '1969', genre: 'Rock' } },
  { path: 'Beatles/Abbey Road/03 Octopus.ogg', format: 'ogg', tags: { title: "Octopus's Garden", artist: 'The Beatles', album: 'Abbey Road', album_artist: 'The Beatles', track: '3/3', date: '1969', genre: 'Rock' } },
  { path: 'Mix/Café Hits/01 Café.opus', format: 'opus', tags: { title: 'Café del Mar', artist: 'Energy 52', album: 'Café Hits', album_artist: 'Various Artists', compilation: '1', track: '1', genre: 'Electronic' } },
  { path: 'Mix/Café Hits/02 Yellow.m4a', format: 'm4a', tags: { title: 'Yellow Submarine', artist: 'The Beatles', album: 'Café Hits', album_artist: 'Various Artists', compilation: '1', track: '2', genre: 'Pop' } },
  { path: 'Mix/Café Hits/03 Wave.wav', format: 'wav', tags: { title: 'Wave', artist: 'Someone', album: 'Café Hits', genre: 'Pop' } },
  { path: 'Other/Aiff/01 Aiff.aiff', format: 'aiff', tags: { title: 'Aiff Song', artist: 'Aiff Artist', album: 'Aiff Album' } },
  { path: 'Other/Alac/01 Alac.m4a', format: 'alac', tags: { title: 'Alac Song', artist: 'Alac Artist', album: 'Alac Album' } },
  { path: 'Other/Wma/01 Wma.wma', format: 'wma', tags: { title: 'Wma Song', artist: 'Wma Artist', album: 'Wma Album' } },
];
