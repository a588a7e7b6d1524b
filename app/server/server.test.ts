// The library HTTP API end to end: real audio files, the real scanner, SQLite in a temp dir,
// an HTTP server on 127.0.0.1:0, and fetch()/node:http as the client.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Album, type AlbumDetail, type ApiError, type Artist, type ArtistDetail, type Folder, type FolderDetail, type Genre, type Page, type PlayerState, type ScanProgress, type SearchResult, type Track } from '../contract/index.ts';
import { tempDir } from '../testing/temp.ts';
import { writeTracks, type ToneSpec } from '../testing/audio.ts';
import { startServer, type RunningServer } from './start.ts';

const token = 'test-secret-0123456789';
let dir: string;
let music: string;
let dbFile: string;
let server: RunningServer;
let base: string;

const specs: ToneSpec[] = [
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

const auth = { Authorization: `Bearer ${token}` };
const get = (p: string, headers: Record<string, string> = auth) => fetch(base + p, { headers });
async function json<T>(p: string): Promise<T> {
  const res = await get(p);
  expect(res.status, `${p} → ${res.status}`).toBe(200);
  return (await res.json()) as T;
}
function send(method: string, p: string, body: unknown, headers: Record<string, string> = auth) {
  return fetch(base + p, { method, headers: { ...headers, 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

/** A request with the path sent exactly as written (fetch would normalize `..` and `%2e%2e`). */
function raw(p: string, headers: Record<string, string> = auth): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: p, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function start(): Promise<void> {
  server = await startServer({
    db: dbFile, libraries: [music], port: 0, token, rendererDir: path.join(dir, 'no-renderer'),
    demoDir: path.join(dir, 'no-demo'), log: () => {},
  });
  base = `http://127.0.0.1:${server.port}`;
  await server.scanned;
}

let tracks: Track[];
const byTitle = (title: string): Track => {
  const t = tracks.find((x) => x.title === title);
  if (!t) throw new Error(`no track ${title}`);
  return t;
};

beforeAll(async () => {
  dir = tempDir();
  music = path.join(dir, 'music');
  dbFile = path.join(dir, 'data', 'library.db');
  await writeTracks(music, specs);
  await start();
  tracks = (await json<Page<Track>>(`${api.tracks()}?limit=100`)).items;
}, 120_000);

afterAll(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('startServer', () => {
  it('prints a URL with the secret and scans the library', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${token}`);
    expect(tracks).toHaveLength(specs.length);
  });

  it('answers health without the secret', async () => {
    const res = await fetch(base + api.health());
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, mode: 'local', version: expect.any(String) });
  });
});

describe('auth', () => {
  // Every route of the API (method + path); ids filled in from the scanned library.
  const routes = (): [string, string, unknown?][] => {
    const t = byTitle('Come Together');
    return [
      ['GET', api.session()],
      ['GET', api.tracks()],
      ['GET', api.track(t.id)],
      ['GET', api.trackIds()],
      ['GET', api.stream(t.id)],
      ['GET', api.lyrics(t.id)],
      ['GET', api.albums()],
      ['GET', api.album(t.albumId ?? 0)],
      ['GET', api.artists()],
      ['GET', api.artist(t.artists[0]?.id ?? 0)],
      ['GET', api.genres()],
      ['GET', api.folders()],
      ['GET', api.folder(1)],
      ['GET', api.recent()],
      ['GET', api.cover(t.coverId ?? 0, 'thumb')],
      ['GET', `${api.search()}?q=beatles`],
      ['GET', api.player()],
      ['PUT', api.player(), { volume: 0.5 }],
      ['GET', api.libraryFolders()],
      ['PUT', api.libraryFolders(), { folders: [music] }],
      ['POST', api.rescan()],
      ['GET', api.scanEvents()],
      ['GET', api.scanErrors()],
      ['GET', api.stats()],
      ['POST', api.demo()],
    ];
  };

  async function call(method: string, p: string, body: unknown, headers: Record<string, string>): Promise<Response> {
    const controller = new AbortController();
    const res = await fetch(base + p, {
      method, signal: controller.signal,
      headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.headers.get('content-type')?.startsWith('text/event-stream')) controller.abort();
    return res;
  }

  it('covers every route builder of the contract', () => {
    const listed = new Set(routes().map(([, p]) => p.split('?')[0]?.replace(/\/\d+/g, '/:id')));
    const builders = Object.keys(api).filter((k) => k !== 'health');
    expect(listed.size).toBe(builders.length);
  });

  it('refuses every route without the secret: 401 JSON', async () => {
    for (const [method, p, body] of routes()) {
      const res = await call(method, p, body, {});
      expect(res.status, `${method} ${p}`).toBe(401);
      expect(((await res.json()) as ApiError).error.status).toBe(401);
    }
  });

  it('refuses a wrong secret and ?token= on API routes', async () => {
    expect((await get(api.tracks(), { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await get(`${api.tracks()}?token=${token}`, {})).status).toBe(401);
    expect((await get(`${api.stream(byTitle('Something').id)}?token=${token}`, {})).status).toBe(401);
  });

  it('refuses every route with a foreign Host header: 403 JSON, even with the secret', async () => {
    for (const host of ['evil.example', `evil.example:${server.port}`, '127.0.0.1:1', `localhost.evil.example:${server.port}`]) {
      for (const [, p] of [...routes(), ['GET', api.health()], ['GET', '/']] as const) {
        const res = await raw(p, { ...auth, Host: host });
        expect(res.status, `${host} ${p}`).toBe(403);
        expect((JSON.parse(res.body) as ApiError).error.status).toBe(403);
      }
    }
  });

  it('accepts loopback names on our port', async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `[::1]:${server.port}`]) {
      expect((await raw(api.session(), { ...auth, Host: host })).status, host).toBe(200);
    }
  });

  it('refuses state changes from a foreign Origin', async () => {
    const res = await send('PUT', api.player(), { volume: 0.3 }, { ...auth, Origin: 'http://evil.example' });
    expect(res.status).toBe(403);
  });

  it('answers every route with the bearer secret', async () => {
    for (const [method, p, body] of routes()) {
      const res = await call(method, p, body, auth);
      // The demo folder doesn't exist in this test: a 404 JSON, not an auth failure.
      const expected = p === api.demo() ? 404 : p === api.rescan() ? 202 : 200;
      expect(res.status, `${method} ${p}`).toBe(expected);
    }
  });

  it('sets an HttpOnly SameSite=Strict cookie from the entry URL and redirects without the secret', async () => {
    const res = await fetch(`${base}/?token=${token}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const pair = cookie.split(';')[0] ?? '';
    expect((await get(api.session(), { Cookie: pair })).status).toBe(200);
    expect((await get(api.stream(byTitle('Something').id), { Cookie: pair, Range: 'bytes=0-9' })).status).toBe(206);
    expect((await get(api.session(), { Cookie: pair.replace(/=.*/, '=nope') })).status).toBe(401);

    const wrong = await fetch(`${base}/?token=wrong`, { redirect: 'manual' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });
});

describe('media', () => {
  const contentTypes: Record<string, string> = {
    'Come Together': 'audio/mpeg', Something: 'audio/flac', "Octopus's Garden": 'audio/ogg', 'Café del Mar': 'audio/ogg',
    'Yellow Submarine': 'audio/mp4', Wave: 'audio/wav', 'Aiff Song': 'audio/aiff', 'Alac Song': 'audio/mp4', 'Wma Song': 'audio/x-ms-wma',
  };

  it('serves each container with its Content-Type', async () => {
    for (const [title, type] of Object.entries(contentTypes)) {
      const res = await get(api.stream(byTitle(title).id));
      expect(res.status, title).toBe(200);
      expect(res.headers.get('content-type'), title).toBe(type);
      expect(res.headers.get('accept-ranges')).toBe('bytes');
      await res.arrayBuffer();
    }
  });

  it('serves exact byte ranges', async () => {
    const t = byTitle('Something');
    const bytes = fs.readFileSync(path.join(music, 'Beatles/Abbey Road/02 Something.flac'));
    const size = bytes.length;
    const cases: [string, number, number][] = [['bytes=0-99', 0, 99], ['bytes=100-', 100, size - 1], ['bytes=-50', size - 50, size - 1]];
    for (const [range, from, to] of cases) {
      const res = await get(api.stream(t.id), { ...auth, Range: range });
      expect(res.status, range).toBe(206);
      expect(res.headers.get('content-range')).toBe(`bytes ${from}-${to}/${size}`);
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(from, to + 1)), range).toBe(true);
    }
    const whole = await get(api.stream(t.id));
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('answers 416 JSON to an unsatisfiable range', async () => {
    const res = await get(api.stream(byTitle('Something').id), { ...auth, Range: 'bytes=999999999-' });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toMatch(/^bytes \*\/\d+$/);
    expect(((await res.json()) as ApiError).error.status).toBe(416);
  });

  it('supports conditional GET: ETag + If-None-Match → 304', async () => {
    const res = await get(api.stream(byTitle('Wave').id));
    const etag = res.headers.get('etag');
    expect(etag).toBeTruthy();
    await res.arrayBuffer();
    // raw: fetch() adds `Cache-Control: no-cache` to conditional requests, which disables 304 (RFC 9111).
    const again = await raw(api.stream(byTitle('Wave').id), { ...auth, 'If-None-Match': etag ?? '' });
    expect(again.status).toBe(304);
  });

  it('answers 404 JSON for an unknown id and for a file that vanished', async () => {
    const res = await get(api.stream(987654));
    expect(res.status).toBe(404);
    expect(((await res.json()) as ApiError).error.status).toBe(404);

    const t = byTitle('Wma Song');
    const file = path.join(music, 'Other/Wma/01 Wma.wma');
    const copy = fs.readFileSync(file);
    fs.rmSync(file);
    try {
      const gone = await get(api.stream(t.id));
      expect(gone.status).toBe(404);
      expect(((await gone.json()) as ApiError).error.message).toMatch(/not found|missing/);
    } finally {
      fs.writeFileSync(file, copy);
    }
  });
});

describe('path traversal', () => {
  const attempts = [
    '/api/tracks/..%2f..%2fetc%2fpasswd/stream',
    '/api/tracks/%2e%2e/stream',
    '/api/tracks/../../../../etc/passwd',
    '/api/tracks/%2fetc%2fpasswd/stream',
    '/api/tracks//etc/passwd/stream',
    '/api/tracks/1%00/stream',
    '/api/covers/../../x',
    '/api/covers/..%2f..%2fx',
    '/api/covers/%2e%2e%2f%2e%2e%2fetc%2fpasswd?size=full',
    '/api/covers/1?size=../../../etc/passwd',
    '/../../../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/assets/..%2f..%2f..%2fetc%2fpasswd',
  ];

  it('never serves a file from a path in the request', async () => {
    for (const p of attempts) {
      const res = await raw(p);
      expect(res.body, p).not.toMatch(/root:/);
      if (p.startsWith('/api/')) {
        expect([400, 404], `${p} → ${res.status}`).toContain(res.status);
        expect(res.headers['content-type'], p).toMatch(/application\/json/);
        expect((JSON.parse(res.body) as ApiError).error.status).toBe(res.status);
      }
    }
  });

  it('rejects ids that are not plain positive integers with 400 naming the field', async () => {
    for (const id of ['..', 'abc', '1e3', '0x10', '-1', '0', '1.5', '%201', '1%00', '01']) {
      const res = await raw(`/api/tracks/${id}/stream`);
      expect(res.status, id).toBe(400);
      expect((JSON.parse(res.body) as ApiError).error.field).toBe('id');
    }
  });
});

describe('validation and errors', () => {
  const cases: [string, string, string][] = [
    ['GET', `${api.tracks()}?limit=abc`, 'limit'],
    ['GET', `${api.tracks()}?limit=0`, 'limit'],
    ['GET', `${api.tracks()}?limit=100000`, 'limit'],
    ['GET', `${api.tracks()}?offset=-1`, 'offset'],
    ['GET', `${api.tracks()}?sort=bogus`, 'sort'],
    ['GET', `${api.tracks()}?order=up`, 'order'],
    ['GET', `${api.tracks()}?genreId=x`, 'genreId'],
    ['GET', `${api.tracks()}?limit=1&limit=2`, 'limit'],
    ['GET', `${api.albums()}?sort=duration`, 'sort'],
    ['GET', `${api.artists()}?order=sideways`, 'order'],
    ['GET', `${api.recent()}?limit=x`, 'limit'],
    ['GET', api.search(), 'q'],
    ['GET', `${api.search()}?q=x&limit=0`, 'limit'],
    ['GET', '/api/covers/1?size=huge', 'size'],
    ['GET', '/api/albums/abc', 'id'],
    ['GET', `${api.scanErrors()}?offset=x`, 'offset'],
  ];

  it('answers 400 naming the bad query field', async () => {
    for (const [, p, field] of cases) {
      const res = await get(p);
      expect(res.status, p).toBe(400);
      const body = (await res.json()) as ApiError;
      expect(body.error, p).toMatchObject({ status: 400, field });
    }
  });

  it('answers 400 naming the bad body field', async () => {
    const bodies: [string, unknown, string][] = [
      [api.player(), { volume: 2 }, 'volume'],
      [api.player(), { queue: [1, 'x'] }, 'queue.1'],
      [api.player(), { repeat: 'twice' }, 'repeat'],
      [api.player(), { index: 5, queue: [1, 2] }, 'index'],
      [api.player(), { bogus: true }, 'bogus'],
      [api.player(), '{ not json', 'body'],
      [api.libraryFolders(), { folders: [path.join(dir, 'does-not-exist')] }, 'folders.0'],
      [api.libraryFolders(), { folders: [music, 'relative/path'] }, 'folders.1'],
      [api.libraryFolders(), { folders: [path.join(music, 'Beatles/Abbey Road/02 Something.flac')] }, 'folders.0'],
      [api.libraryFolders(), { folders: 'x' }, 'folders'],
    ];
    for (const [p, body, field] of bodies) {
      const res = await send('PUT', p, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as ApiError).error, JSON.stringify(body)).toMatchObject({ status: 400, field });
    }
  });

  it('answers 404 JSON for unknown ids and routes', async () => {
    for (const p of [api.track(99999), api.album(99999), api.artist(99999), api.folder(99999), api.cover(99999), `${api.tracks()}?genreId=99999`, '/api/nope', '/api/tracks/1/nope', '/api']) {
      const res = await get(p);
      expect(res.status, p).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(((await res.json()) as ApiError).error.status).toBe(404);
    }
    const wrongMethod = await send('DELETE', api.tracks(), {});
    expect(wrongMethod.status).toBe(404);
  });
});

describe('browse', () => {
  it('pages and sorts tracks', async () => {
    const page = await json<Page<Track>>(`${api.tracks()}?limit=3&offset=0&sort=title`);
    expect(page).toMatchObject({ total: specs.length, offset: 0, limit: 3 });
    expect(page.items.map((t) => t.title)).toEqual(['Aiff Song', 'Alac Song', 'Café del Mar']);
    const desc = await json<Page<Track>>(`${api.tracks()}?limit=2&sort=title&order=desc`);
    expect(desc.items.map((t) => t.title)).toEqual(['Yellow Submarine', 'Wma Song']);
    for (const sort of ['artist', 'album', 'albumArtist', 'year', 'durationMs', 'trackNo', 'addedAt', 'genre', 'bitrate', 'codec']) {
      const all = await json<Page<Track>>(`${api.tracks()}?sort=${sort}`);
      expect(all.items, sort).toHaveLength(specs.length);
    }
    const genres = await json<Genre[]>(api.genres());
    const rock = genres.find((g) => g.name === 'Rock');
    expect(rock).toMatchObject({ trackCount: 3, albumCount: 1 });
    const rockTracks = await json<Page<Track>>(`${api.tracks()}?genreId=${rock?.id}`);
    expect(rockTracks.total).toBe(3);
    // Every id of a list, in the list's order (to play a whole view); tracks by ids, in the order asked.
    for (const sort of ['title', 'album', 'genre']) {
      const { ids } = await json<{ ids: number[] }>(`${api.trackIds()}?sort=${sort}&order=desc`);
      const all = await json<Page<Track>>(`${api.tracks()}?sort=${sort}&order=desc&limit=1000`);
      expect(ids, sort).toEqual(all.items.map((t) => t.id));
    }
    const rockIds = await json<{ ids: number[] }>(`${api.trackIds()}?genreId=${rock?.id}`);
    expect(rockIds.ids).toHaveLength(3);
    const picked = [rockIds.ids[2], rockIds.ids[0]];
    const byIds = await json<Page<Track>>(`${api.tracks()}?ids=${picked.join(',')},999999`);
    expect(byIds.items.map((t) => t.id)).toEqual(picked);
    expect(byTitle('Come Together')).toMatchObject({ artist: 'The Beatles', album: 'Abbey Road', albumArtist: 'The Beatles', trackNo: 1, year: 1969, genres: ['Rock'], container: expect.any(String) });
  });

  it('lists albums and an album with tracks in disc/track order', async () => {
    const albums = await json<Page<Album>>(`${api.albums()}?sort=title`);
    const abbey = albums.items.find((a) => a.title === 'Abbey Road');
    expect(abbey).toMatchObject({ artist: 'The Beatles', year: 1969, trackCount: 3, isCompilation: false });
    expect(abbey?.coverId).toEqual(expect.any(Number));
    const detail = await json<AlbumDetail>(api.album(abbey?.id ?? 0));
    expect(detail.tracks.map((t) => t.title)).toEqual(['Come Together', 'Something', "Octopus's Garden"]);
    expect(detail.genres).toEqual(['Rock']);
    const recent = await json<Page<Album>>(api.recent());
    expect(recent.total).toBe(albums.total);
  });

  it('lists artists by name and an artist with own albums and appearances', async () => {
    const artists = await json<Page<Artist>>(api.artists());
    const names = artists.items.map((a) => a.name);
    expect(names).toContain('The Beatles');
    expect(names.indexOf('Aiff Artist')).toBeLessThan(names.indexOf('The Beatles')); // sorted by sort name
    const beatles = artists.items.find((a) => a.name === 'The Beatles');
    const detail = await json<ArtistDetail>(api.artist(beatles?.id ?? 0));
    expect(detail.albums.map((a) => a.title)).toEqual(['Abbey Road']);
    expect(detail.appearsOn.map((a) => a.title)).toEqual(['Café Hits']);
    expect(detail.appearsOn[0]?.isCompilation).toBe(true);
  });

  it('browses the real folder tree', async () => {
    const roots = await json<Folder[]>(api.folders());
    expect(roots.map((f) => f.path)).toEqual([music]);
    const root = await json<FolderDetail>(api.folder(roots[0]?.id ?? 0));
    expect(root.folders.map((f) => f.name)).toEqual(['Beatles', 'Mix', 'Other']);
    expect(root.ancestors).toEqual([]);
    const beatles = await json<FolderDetail>(api.folder(root.folders[0]?.id ?? 0));
    const abbey = await json<FolderDetail>(api.folder(beatles.folders[0]?.id ?? 0));
    expect(abbey.name).toBe('Abbey Road');
    expect(abbey.ancestors.map((f) => f.name)).toEqual(['music', 'Beatles']);
    expect(abbey.tracks.map((t) => t.title)).toEqual(['Come Together', 'Something', "Octopus's Garden"]);
    expect(abbey).toMatchObject({ trackCount: 3, folderCount: 0 });
  });

  it('reports stats and scan errors', async () => {
    expect(await json(api.stats())).toMatchObject({ tracks: specs.length, errors: 0 });
    expect(await json(api.scanErrors())).toMatchObject({ items: [], total: 0 });
  });

  it('searches', async () => {
    const r = await json<SearchResult>(`${api.search()}?q=beatlse&limit=10`);
    expect(r.artists.map((a) => a.name)).toContain('The Beatles');
    expect(r.tracks.length).toBe(4);
    const cafe = await json<SearchResult>(`${api.search()}?q=cafe`);
    expect(cafe.albums.map((a) => a.title)).toEqual(['Café Hits']);
    expect(cafe.tracks.map((t) => t.title)).toContain('Café del Mar');
  });
});

describe('covers', () => {
  it('serves sized WebP variants and the original, immutable with ETag and 304', async () => {
    const coverId = byTitle('Come Together').coverId ?? 0;
    for (const size of ['thumb', 'medium'] as const) {
      const res = await get(api.cover(coverId, size));
      expect(res.status, size).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/webp');
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const etag = res.headers.get('etag') ?? '';
      expect(etag).toMatch(new RegExp(`-${size}"$`));
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.subarray(8, 12).toString('latin1')).toBe('WEBP');
      const again = await raw(api.cover(coverId, size), { ...auth, 'If-None-Match': etag });
      expect(again.status).toBe(304);
    }
    const full = await get(api.cover(coverId, 'full'));
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toMatch(/^image\/(jpeg|png)$/);
  });
});

describe('scan events', () => {
  it('streams the current scan progress on connect', async () => {
    const controller = new AbortController();
    const res = await get(api.scanEvents(), auth);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body?.getReader();
    let text = '';
    // The current state comes first; an earlier test rewrote a file, so the watcher may still be
    // rescanning it: read on until the stream reports the library idle.
    const events = () => [...text.matchAll(/event: progress\ndata: (.*)\n\n/g)].map((m) => JSON.parse(m[1] ?? '{}') as ScanProgress);
    while (!events().some((p) => !p.running)) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    controller.abort();
    await reader?.cancel();
    expect(events().length).toBeGreaterThan(0);
    expect(events().find((p) => !p.running)).toMatchObject({ running: false, last: { tracks: specs.length } });
  });
});

describe('renderer', () => {
  it('explains how to build the UI when it is not built, and keeps /api JSON', async () => {
    const res = await get('/', {});
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/npm run build/);
    expect((await get('/albums/3', {})).status).toBe(200);
  });
});

describe('player state', () => {
  it('round-trips and survives a restart', async () => {
    const ids = tracks.map((t) => t.id);
    const res = await send('PUT', api.player(), { queue: ids, index: 2, positionMs: 12345, volume: 0.25, muted: true, shuffle: true, repeat: 'all' });
    expect(res.status).toBe(200);
    const put = (await res.json()) as PlayerState;
    expect(put).toMatchObject({ queue: ids, index: 2, positionMs: 12345, volume: 0.25, muted: true, shuffle: true, repeat: 'all' });
    const partial = (await (await send('PUT', api.player(), { positionMs: 20000 })).json()) as PlayerState;
    expect(partial).toMatchObject({ queue: ids, index: 2, positionMs: 20000 });

    await server.close();
    await start();
    const after = await json<PlayerState>(api.player());
    expect(after).toEqual(partial);
  }, 60_000);
});
