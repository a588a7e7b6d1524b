// The library HTTP API end to end, the server itself: start-up, health, auth on every route
// (secret, Host, Origin, cookie), the renderer fallback, player state across a restart
// Setup (testing/libraryServer.ts): real audio files, the real scanner, SQLite in a temp dir,
// an HTTP server on 127.0.0.1:0, and fetch()/node:http as the client.
import { describe, expect, it } from 'vitest';
import { api, type ApiError, type PlayerState } from '../contract/index.ts';
import { mixedContainers, useLibraryServer } from './testing/libraryServer.ts';

const token = 'test-secret-0123456789';
const h = useLibraryServer({ token, specs: mixedContainers });
const { auth, get, json, send, raw, byTitle } = h;

describe('startServer', () => {
  it('prints a URL with the secret and scans the library', () => {
    expect(h.server.url).toBe(`http://127.0.0.1:${h.server.port}/?token=${token}`);
    expect(h.tracks).toHaveLength(mixedContainers.length);
  });

  it('answers health without the secret', async () => {
    const res = await fetch(h.base + api.health());
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
      ['PUT', api.libraryFolders(), { folders: [h.music] }],
      ['POST', api.rescan()],
      ['GET', api.scanEvents()],
      ['GET', api.scanErrors()],
      ['GET', api.stats()],
      ['POST', api.demo()],
    ];
  };

  async function call(method: string, p: string, body: unknown, headers: Record<string, string>): Promise<Response> {
    const controller = new AbortController();
    const res = await fetch(h.base + p, {
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
    for (const host of ['evil.example', `evil.example:${h.server.port}`, '127.0.0.1:1', `localhost.evil.example:${h.server.port}`]) {
      for (const [, p] of [...routes(), ['GET', api.health()], ['GET', '/']] as const) {
        const res = await raw(p, { ...auth, Host: host });
        expect(res.status, `${host} ${p}`).toBe(403);
        expect((JSON.parse(res.body) as ApiError).error.status).toBe(403);
      }
    }
  });

  it('accepts loopback names on our port', async () => {
    for (const host of [`127.0.0.1:${h.server.port}`, `localhost:${h.server.port}`, `[::1]:${h.server.port}`]) {
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
    const res = await fetch(`${h.base}/?token=${token}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const pair = cookie.split(';')[0] ?? '';
    expect((await get(api.session(), { Cookie: pair })).status).toBe(200);
    expect((await get(api.stream(byTitle('Something').id), { Cookie: pair, Range: 'bytes=0-9' })).status).toBe(206);
    expect((await get(api.session(), { Cookie: pair.replace(/=.*/, '=nope') })).status).toBe(401);

    const wrong = await fetch(`${h.base}/?token=wrong`, { redirect: 'manual' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
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
    const ids = h.tracks.map((t) => t.id);
    const res = await send('PUT', api.player(), { queue: ids, index: 2, positionMs: 12345, volume: 0.25, muted: true, shuffle: true, repeat: 'all' });
    expect(res.status).toBe(200);
    const put = (await res.json()) as PlayerState;
    expect(put).toMatchObject({ queue: ids, index: 2, positionMs: 12345, volume: 0.25, muted: true, shuffle: true, repeat: 'all' });
    const partial = (await (await send('PUT', api.player(), { positionMs: 20000 })).json()) as PlayerState;
    expect(partial).toMatchObject({ queue: ids, index: 2, positionMs: 20000 });

    await h.restart();
    const after = await json<PlayerState>(api.player());
    expect(after).toEqual(partial);
  }, 60_000);
});
