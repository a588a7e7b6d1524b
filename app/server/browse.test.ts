// The library HTTP API end to end, browsing: 400/404 naming the bad field, tracks/albums/artists/
// folders/genres paged and sorted, stats, search, scan events
// Setup (testing/libraryServer.ts): real audio files, the real scanner, SQLite in a temp dir,
// an HTTP server on 127.0.0.1:0, and fetch()/node:http as the client.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { api, type Album, type AlbumDetail, type ApiError, type Artist, type ArtistDetail, type Folder, type FolderDetail, type Genre, type Page, type ScanProgress, type SearchResult, type Track } from '../contract/index.ts';
import { mixedContainers, useLibraryServer } from './testing/libraryServer.ts';

const token = 'test-secret-0123456789';
const h = useLibraryServer({ token, specs: mixedContainers });
const { auth, get, json, send, byTitle } = h;

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
      [api.libraryFolders(), { folders: [path.join(h.dir, 'does-not-exist')] }, 'folders.0'],
      [api.libraryFolders(), { folders: [h.music, 'relative/path'] }, 'folders.1'],
      [api.libraryFolders(), { folders: [path.join(h.music, 'Beatles/Abbey Road/02 Something.flac')] }, 'folders.0'],
      [api.libraryFolders(), { folders: 'x' }, 'folders'],
    ];
    for (const [p, body, field] of bodies) {
      const res = await send('PUT', p, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as ApiError).error, JSON.stringify(body)).toMatchObject({ status: 400, field });
    }
  });

  it('answers 415 for a body that is not JSON and 400 for one that is not UTF-8, changing nothing', async () => {
    const before = await json<{ volume: number }>(api.player());
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await fetch(h.base + api.player(), { method: 'PUT', headers: { ...auth, 'Content-Type': type }, body: '{"volume":0.1}' });
      expect(res.status, type).toBe(415);
      expect(((await res.json()) as ApiError).error, type).toMatchObject({ status: 415, field: 'body', message: expect.stringMatching(/must be JSON/) });
    }
    const none = await fetch(h.base + '/api/playlists', { method: 'POST', headers: auth, body: '{"name":"x"}' });
    expect(none.status).toBe(415);
    // {"name":"<0xff 0xfe>"}: a name nobody typed, not stored as U+FFFD.
    const latin = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const bad = await fetch(h.base + '/api/playlists', { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: latin });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ApiError).error).toMatchObject({ status: 400, field: 'body', message: 'the request body is not valid UTF-8' });
    expect(await json<{ volume: number }>(api.player())).toMatchObject({ volume: before.volume });
    expect(await json<unknown[]>('/api/playlists')).toEqual([]);
    // A JSON route still takes a request without a body (every field of this one is optional).
    expect((await fetch(h.base + api.player(), { method: 'PUT', headers: auth })).status).toBe(200);
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
    expect(page).toMatchObject({ total: mixedContainers.length, offset: 0, limit: 3 });
    expect(page.items.map((t) => t.title)).toEqual(['Aiff Song', 'Alac Song', 'Café del Mar']);
    const desc = await json<Page<Track>>(`${api.tracks()}?limit=2&sort=title&order=desc`);
    expect(desc.items.map((t) => t.title)).toEqual(['Yellow Submarine', 'Wma Song']);
    for (const sort of ['artist', 'album', 'albumArtist', 'year', 'durationMs', 'trackNo', 'addedAt', 'genre', 'bitrate', 'codec']) {
      const all = await json<Page<Track>>(`${api.tracks()}?sort=${sort}`);
      expect(all.items, sort).toHaveLength(mixedContainers.length);
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
    expect(roots.map((f) => f.path)).toEqual([h.music]);
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
    expect(await json(api.stats())).toMatchObject({ tracks: mixedContainers.length, errors: 0 });
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
    expect(events().find((p) => !p.running)).toMatchObject({ running: false, last: { tracks: mixedContainers.length } });
  });
});
